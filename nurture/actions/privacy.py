"""The person's controls: unsubscribe, suppression after a bounce or complaint, preferences,
the export of everything stored about them, and erasure (PIPA §35–36).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cms.models import Topic

from .. import personal_data
from ..models import MARKETING_EMAIL, Enrollment, Lead, LeadEvent, Send
from .common import NurtureInputError
from .common import now as current_time
from .enrolment import reschedule


def unsubscribe(lead: Lead, *, how: str) -> bool:
    """Stop all marketing mail at once. Idempotent: returns False when the lead was already out."""
    now = current_time()
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        if lead.unsubscribed_at is not None:
            return False
        lead.unsubscribed_at = now
        lead.save(update_fields=["unsubscribed_at", "email_key", "updated_at"])
        lead.consents.filter(purpose=MARKETING_EMAIL, withdrawn_at__isnull=True).update(withdrawn_at=now)
        lead.enrollments.filter(status=Enrollment.Status.ACTIVE).update(
            status=Enrollment.Status.STOPPED, stopped_reason="unsubscribed")
        lead.sends.filter(status=Send.Status.PENDING).update(status=Send.Status.SKIPPED, reason="unsubscribed")
        LeadEvent.objects.create(lead=lead, kind="unsubscribed", at=now, data={"how": how})
        if how != "erase":  # the law asks us to tell the result of a withdrawal (정보통신망법 §50⑧)
            from ..tasks import send_notice  # the tasks module imports these actions

            transaction.on_commit(lambda: send_notice.delay(lead.pk, "unsubscribed"))
    return True


def suppress(lead: Lead, reason: str) -> None:
    """A hard bounce or a complaint: never mail this address again."""
    now = current_time()
    with transaction.atomic():
        Lead.objects.filter(pk=lead.pk, suppressed_at__isnull=True).update(suppressed_at=now,
                                                                           suppression_reason=reason[:120])
        Enrollment.objects.filter(lead=lead, status=Enrollment.Status.ACTIVE).update(
            status=Enrollment.Status.STOPPED, stopped_reason=reason[:120])
        Send.objects.filter(lead=lead, status=Send.Status.PENDING).update(status=Send.Status.SKIPPED,
                                                                          reason=reason[:300])
        LeadEvent.objects.create(lead=lead, kind="suppressed", at=now, data={"reason": reason})


def update_preferences(lead: Lead, *, language: str, topics: list[str], weekly_only: bool) -> Lead:
    if language not in dict(settings.LANGUAGES):
        raise NurtureInputError("language", _("Unknown language."))
    known = set(Topic.objects.filter(slug__in=topics[:50]).values_list("slug", flat=True))
    lead.language, lead.topics, lead.weekly_only = language, sorted(known), weekly_only
    lead.save(update_fields=["language", "topics", "weekly_only", "email_key", "updated_at"])
    reschedule(lead.enrollments.all())  # a shorter gap between emails may bring the next one forward
    LeadEvent.objects.create(lead=lead, kind="preferences", at=current_time(), data={"topics": lead.topics})
    return lead


def export_lead(lead: Lead) -> dict:
    """Everything stored about the lead, as the person may ask for it (PIPA §35)."""
    return {
        "email": lead.email, "name": lead.name, "language": lead.language, "time_zone": lead.time_zone,
        "topics": lead.topics, "stage": lead.stage, "score": lead.score, "utm": lead.utm,
        "source_page": lead.source_page.url if lead.source_page_id else None,
        "created_at": lead.created_at.isoformat(), "confirmed_at": _iso(lead.confirmed_at),
        "unsubscribed_at": _iso(lead.unsubscribed_at),
        "consents": [{"purpose": c.purpose, "given_at": _iso(c.given_at), "ip": c.ip_address, "form": c.form,
                      "text_version": c.text_version, "text": c.text, "confirmed_at": _iso(c.confirmed_at),
                      "withdrawn_at": _iso(c.withdrawn_at)} for c in lead.consents.all()],
        "emails": [{"subject": s.step.subject, "status": s.status, "sent_at": _iso(s.sent_at)}
                   for s in lead.sends.select_related("step")],
        "events": [{"kind": e.kind, "at": _iso(e.at), "data": e.data} for e in lead.events.all()],
        **personal_data.exported(lead),  # what other apps keep about the lead
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def erase_lead(lead: Lead) -> None:
    """Anonymise: the address, name, IPs and timeline go; counts in reports stay true."""
    now = current_time()
    with transaction.atomic():
        unsubscribe(lead, how="erase")
        lead.refresh_from_db()
        lead.email = f"erased-{lead.pk}@invalid"
        lead.name, lead.utm, lead.topics, lead.erased_at = "", {}, [], now
        lead.token = f"erased-{lead.pk}-{now.timestamp():.0f}"
        lead.save()
        lead.consents.update(ip_address=None, confirmed_ip=None, user_agent="")
        lead.events.all().delete()
        personal_data.erase_everywhere(lead)
        LeadEvent.objects.create(lead=lead, kind="erased", at=now)
