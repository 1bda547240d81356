"""Signal receivers: landing-page submissions from the CMS, event registrations, ESP tracking, and
an editor's changes to a sequence (which may bring its emails forward)."""

from __future__ import annotations

import logging

from django.db import transaction

from cms.client_ip import client_ip

from . import actions
from .models import Enrollment

logger = logging.getLogger(__name__)
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def landing_form_received(sender, page, submission, email, name, consent, request, **kwargs) -> None:
    """A submission with marketing consent becomes a lead waiting to confirm; without it, nothing."""
    if not consent.given or not email:
        return
    meta = request.META if request is not None else {}
    utm = {k: request.GET[k] for k in UTM_KEYS if request is not None and request.GET.get(k)}
    language = (page.locale.language_code if getattr(page, "locale_id", None) else "ko")[:2]
    try:
        actions.capture(actions.Capture(
            email=email, name=name, consent=True, consent_text=consent.text, consent_version=consent.version,
            language=language, page=page, form=f"landing:{page.pk}", utm=utm,
            ip=client_ip(request), user_agent=meta.get("HTTP_USER_AGENT", ""),
        ))
    except actions.NurtureInputError as error:  # the form already validated the address; log the odd case
        logger.warning("landing submission %s not captured: %s", submission.pk, error.message)


def tracking_event(sender, event, esp_name, **kwargs) -> None:
    """django-anymail webhooks: a hard bounce or a complaint suppresses the address at once."""
    from .models import Lead

    if event.event_type not in ("bounced", "complained") or not event.recipient:
        return
    lead = Lead.objects.filter(email_key=event.recipient.strip().lower()).first()
    if lead is not None:
        actions.suppress(lead, f"{event.event_type} ({esp_name})")


def event_registration_saved(sender, instance, created, **kwargs) -> None:
    """A lead who registers for an event scores for it (and the event's topics count as interests)."""
    from .models import Lead
    from .scoring import record

    if not created or instance.status == "cancelled":
        return
    lead = Lead.objects.filter(email_key=instance.email.strip().lower(), erased_at__isnull=True).first()
    if lead is not None:
        record(lead, "event_registration", page=instance.event)



def sequence_changed(sender, instance, **kwargs) -> None:
    """An editor changed a sequence or its steps: its enrolments' next looks may have moved earlier."""
    sequence_id = instance.pk if sender.__name__ == "Sequence" else instance.sequence_id
    if sequence_id is not None:  # after commit, so the tick reads the new steps
        transaction.on_commit(lambda: actions.reschedule(Enrollment.objects.filter(sequence_id=sequence_id)))
