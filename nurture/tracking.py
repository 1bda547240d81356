"""Signed tokens for opens and clicks, and recording what they tell.

A click token carries the send and the exact URL that email showed, signed: the redirect can only
go where one of our emails pointed (no open redirect), and nobody can forge a click or an open.
"""

from __future__ import annotations

from django.core import signing
from django.utils.translation import gettext as _

from cms.models.visibility import visible_to

from . import clock, scoring
from .actions import NurtureInputError
from .models import Lead, LeadEvent, Send

OPEN_SALT, CLICK_SALT, LEAD_SALT = "nurture.open", "nurture.click", "nurture.lead"
LEAD_COOKIE, KNOWN_COOKIE = "nurture_lead", "nurture_known"
COOKIE_AGE = 365 * 86400


def lead_id_from(request) -> int | None:
    """The lead this browser is, from the signed cookie a nurture email link set (None if none or forged)."""
    try:
        return int(request.get_signed_cookie(LEAD_COOKIE, salt=LEAD_SALT, max_age=COOKIE_AGE))
    except (KeyError, ValueError, TypeError, signing.BadSignature):
        return None
VIEW_DEDUPE_MINUTES = 30


def open_token(send_id: int) -> str:
    return signing.dumps(send_id, salt=OPEN_SALT)


def click_token(send_id: int, url: str, page_id: int | None) -> str:
    return signing.dumps({"s": send_id, "u": url, "p": page_id}, salt=CLICK_SALT, compress=True)


def _send_for(token: str, salt: str):
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature as error:
        raise NurtureInputError("token", _("This link is not valid.")) from error
    return data


def record_open(token: str) -> bool:
    try:
        send_id = _send_for(token, OPEN_SALT)
    except NurtureInputError:
        return False
    now = clock.now()
    if not Send.objects.filter(pk=send_id, opened_at__isnull=True).update(opened_at=now):
        return False
    send = Send.objects.select_related("lead").filter(pk=send_id).first()
    if send is not None and not send.lead.erased_at:
        scoring.record(send.lead, "email_open", data={"send": send_id}, at=now)
    return True


def read_click(token: str) -> tuple[str, Lead | None]:
    data = _send_for(token, CLICK_SALT)
    if not isinstance(data, dict) or not str(data.get("u", "")).startswith(("http://", "https://")):
        raise NurtureInputError("token", _("This link is not valid."))
    send = Send.objects.select_related("lead").filter(pk=data.get("s")).first()
    lead = send.lead if send is not None and not send.lead.erased_at else None
    return data["u"], lead


def record_click(token: str) -> bool:
    from wagtail.models import Page

    data = _send_for(token, CLICK_SALT)
    now = clock.now()
    send = Send.objects.select_related("lead").filter(pk=data.get("s")).first()
    if send is None or send.lead.erased_at:
        return False
    Send.objects.filter(pk=send.pk, clicked_at__isnull=True).update(clicked_at=now)
    Send.objects.filter(pk=send.pk, opened_at__isnull=True).update(opened_at=now)  # a click is also an open
    page = Page.objects.filter(pk=data.get("p")).first() if data.get("p") else None
    scoring.record(send.lead, "email_click", page=page, data={"send": send.pk, "url": data["u"][:300]}, at=now)
    return True


def record_view(lead_id: int, page_id: int) -> bool:
    """A page view of an identified lead: once per page per half hour, public live pages only."""
    from datetime import timedelta

    from wagtail.models import Page

    lead = Lead.objects.filter(pk=lead_id, erased_at__isnull=True).first()
    page = visible_to(Page.objects.filter(pk=page_id), None).first()
    if lead is None or page is None:
        return False
    now = clock.now()
    if LeadEvent.objects.filter(lead=lead, page=page, kind__in=["page_view", "pillar_view"],
                                at__gte=now - timedelta(minutes=VIEW_DEDUPE_MINUTES)).exists():
        return False
    specific = page.specific
    kind = "pillar_view" if getattr(specific, "is_pillar", False) else "page_view"
    scoring.record(lead, kind, page=page, at=now)
    return True
