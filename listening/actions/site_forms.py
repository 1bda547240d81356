"""What visitors wrote in the site's own forms, gathered into the inbox: the wizard's contact requests
and the free-text answers of landing-page forms.

Gathered by the same scheduled pull as the community (a form's request stays as short as it is). The
source's cursor keeps the last row looked at, so a form that said nothing is not looked at again; a
run that stopped between storing and moving the cursor is harmless (a mention is stored once by its
source id). Each keeps the writer's address in ``raw["email"]`` so a case's reply goes back by email."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cms.models import LandingFormField, LandingFormSubmission
from shop_wizard.models import ContactRequest

from ..models import Source
from .ingest import Incoming, ingest, source_named

LOOK_BACK = timedelta(days=30)
# Rows are taken only once they are this old: a form saved in a transaction that commits after a later
# one (a higher id seen first) is not passed by the cursor.
SETTLE = timedelta(seconds=30)
BATCH = 2000
WIZARD_PREFIX, LANDING_PREFIX = "wizard-", "landing-"


def site_source() -> Source:
    return source_named("사이트 양식", Source.Kind.SITE)


def _wizard_items(after: int, since, until) -> tuple[list[Incoming], int]:
    contacts = list(ContactRequest.objects.filter(pk__gt=after, created_at__gte=since, created_at__lte=until)
                    .select_related("response__wizard").order_by("pk")[:BATCH])
    items = []
    for contact in contacts:
        wizard = contact.response.wizard if contact.response_id else None
        items.append(Incoming(
            text=contact.message, posted_at=contact.created_at, channel="wizard", author=contact.email.lower(),
            external_id=f"{WIZARD_PREFIX}{contact.pk}",
            raw={"email": contact.email, "name": contact.name, "contact": contact.pk,
                 "wizard": wizard.slug if wizard is not None else ""}))
    return items, contacts[-1].pk if contacts else after


def _landing_items(after: int, since, until) -> tuple[list[Incoming], int]:
    """A landing form's free-text answers (its multi-line fields) are what the visitor said; a form
    with none (name and email only) says nothing to listen to and is skipped."""
    submissions = list(LandingFormSubmission.objects.filter(pk__gt=after, submit_time__gte=since,
                                                            submit_time__lte=until)
                       .select_related("page").order_by("pk")[:BATCH])
    fields: dict[int, tuple[list[str], list[str]]] = {}
    for page_id in {s.page_id for s in submissions}:
        rows = LandingFormField.objects.filter(page_id=page_id).values_list("clean_name", "field_type")
        fields[page_id] = ([n for n, t in rows if t == "multiline"], [n for n, t in rows if t == "email"])
    items = []
    for submission in submissions:
        said_fields, email_fields = fields[submission.page_id]
        data = submission.form_data or {}
        text = "\n\n".join(str(data[name]).strip() for name in said_fields if str(data.get(name) or "").strip())
        if not text:
            continue
        email = next((str(data[name]).strip() for name in email_fields if data.get(name)), "")
        page = submission.page
        items.append(Incoming(
            text=text, posted_at=submission.submit_time, channel="landing", author=email.lower(),
            external_id=f"{LANDING_PREFIX}{submission.pk}", url=page.full_url or "",
            raw={"email": email, "page": page.pk, "page_title": page.title, "submission": submission.pk}))
    return items, submissions[-1].pk if submissions else after


def collect_site_forms(now=None) -> int:
    """Take in the wizard's contact requests and landing forms' messages not yet gathered; returns how
    many became mentions."""
    source = site_source()
    now = now or timezone.now()
    since, until = now - LOOK_BACK, now - SETTLE
    cursor = dict(source.cursor or {})
    wizard, cursor["wizard_after"] = _wizard_items(cursor.get("wizard_after", 0), since, until)
    landing, cursor["landing_after"] = _landing_items(cursor.get("landing_after", 0), since, until)
    stored = ingest(source, wizard + landing).stored if wizard or landing else 0
    Source.objects.filter(pk=source.pk).update(cursor=cursor)
    return stored
