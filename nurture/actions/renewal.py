"""Consent renewal: Korean law (정보통신망법 §50⑧) asks every two years whether a person still wants
advertising mail; the notice goes out once per consent, and renewing gives a fresh consent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from ..email import build_notice
from ..models import MARKETING_EMAIL, Consent, Lead, LeadEvent
from ..tokens import RENEW_SALT
from .common import NurtureInputError
from .common import now as current_time

RENEWAL_NOTICE_DAYS = 30  # the notice goes out this long before the consent lapses


def send_renewal_notices(now: datetime | None = None) -> int:
    """Tell each lead whose consent lapses within a month when they gave it and how to keep or withdraw it.

    Each consent gets one notice: the row is marked before the email goes (a crash leaves it unsent,
    never sent twice), and a lead who renews gets a fresh consent with its own two years.
    """
    now = now or current_time()
    horizon = now + timedelta(days=RENEWAL_NOTICE_DAYS) - timedelta(days=365 * 2)
    sent = 0
    due = Consent.objects.filter(purpose=MARKETING_EMAIL, confirmed_at__isnull=False, confirmed_at__lte=horizon,
                                 withdrawn_at__isnull=True, renewal_notice_sent_at__isnull=True,
                                 lead__unsubscribed_at__isnull=True, lead__suppressed_at__isnull=True,
                                 lead__erased_at__isnull=True).select_related("lead")
    for consent in due:
        if consent.lead.marketing_consent().pk != consent.pk:
            continue  # an older consent: the newer one counts
        if not Consent.objects.filter(pk=consent.pk, renewal_notice_sent_at__isnull=True).update(
                renewal_notice_sent_at=now):
            continue
        build_notice(consent.lead, "renewal", consent=consent).send()
        LeadEvent.objects.create(lead=consent.lead, kind="renewal_notice", at=now)
        sent += 1
    return sent


def renew_consent(token: str, ip: str | None = None) -> Lead:
    try:
        data = signing.loads(token, salt=RENEW_SALT, max_age=int(RENEWAL_NOTICE_DAYS * 2 * 86400))
    except signing.BadSignature as error:
        raise NurtureInputError("token", _("This link is not valid.")) from error
    old = Consent.objects.select_related("lead").filter(pk=data.get("c")).first()
    if old is None or old.lead.erased_at or old.lead.unsubscribed_at:
        raise NurtureInputError("token", _("This link is not valid."))
    now = current_time()
    with transaction.atomic():
        if not old.lead.consents.filter(given_at__gt=old.given_at, form="renewal").exists():
            Consent.objects.create(lead=old.lead, purpose=MARKETING_EMAIL, given_at=now, confirmed_at=now,
                                   confirmed_ip=ip or None, ip_address=ip or None, form="renewal",
                                   text_version=old.text_version, text=old.text, page=old.page)
            LeadEvent.objects.create(lead=old.lead, kind="consent_renewed", at=now)
    return old.lead
