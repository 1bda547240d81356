"""Celery tasks. They take IDs, re-fetch, check persisted state, and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models.events import EventPage, EventRegistration


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_registration_email(registration_id: int, kind: str) -> bool:
    """Tell a person where they stand: confirmed, waitlisted, or promoted from the waitlist."""
    registration = EventRegistration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status == EventRegistration.Status.CANCELLED:
        return False
    event = registration.event
    with translation.override(event.locale.language_code):
        if registration.status == EventRegistration.Status.WAITLISTED:
            subject = _("You are on the waitlist: %(title)s") % {"title": event.title}
            lead = _("The event is full, so you are on the waitlist. We will email you if a seat frees up.")
        elif kind == "promoted":
            subject = _("A seat is yours: %(title)s") % {"title": event.title}
            lead = _("Someone cancelled, so you have moved from the waitlist to a confirmed seat.")
        else:
            subject = _("Registration confirmed: %(title)s") % {"title": event.title}
            lead = _("Your seat is confirmed.")
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        cancel_url = f"{base}{event.url}cancel/{registration.token}/"
        start = event.local_start
        body = "\n\n".join(
            [
                f"{registration.name}님," if event.locale.language_code == "ko" else f"Hi {registration.name},",
                lead,
                f"{event.title}\n{start:%Y-%m-%d %H:%M} ({event.time_zone}) · {event.venue or event.online_url}",
                _("Cannot come? Cancel here so someone on the waitlist gets your seat: %(url)s")
                % {"url": cancel_url},
            ]
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    return True


REMINDER_HOURS = 24


@shared_task
def send_event_reminders() -> int:
    """The day before an event, each confirmed registrant gets one reminder (a service message).

    The row is marked before the email goes, so two schedulers at once, or a retry, send it once.
    """
    from datetime import timedelta

    now = timezone.now()
    due = EventRegistration.objects.filter(
        status=EventRegistration.Status.CONFIRMED, reminded_at__isnull=True,
        event__start__gt=now, event__start__lte=now + timedelta(hours=REMINDER_HOURS),
    ).select_related("event")
    sent = 0
    for registration in due:
        if not EventRegistration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        event = registration.event
        with translation.override(event.locale.language_code):
            base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            start = event.local_start
            subject = _("Tomorrow: %(title)s") % {"title": event.title}
            body = "\n\n".join([
                f"{registration.name}님," if event.locale.language_code == "ko" else f"Hi {registration.name},",
                _("A reminder: your event starts soon."),
                f"{event.title}\n{start:%Y-%m-%d %H:%M} ({event.time_zone}) · {event.venue or event.online_url}",
                _("Cannot come? Cancel here so someone on the waitlist gets your seat: %(url)s")
                % {"url": f"{base}{event.url}cancel/{registration.token}/"},
            ])
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
        sent += 1
    return sent


@shared_task
def close_past_events() -> int:
    """Close registration on events that have ended (the scheduler runs this every 15 minutes).

    Goes through a published revision, not a row update, so the next edit does not reopen it and
    the page cache is retired like on any publish. Safe to run twice: closed events are skipped.
    """
    closed = 0
    for event in EventPage.objects.live().filter(registration_open=True, end__lt=timezone.now()):
        latest = event.get_latest_revision_as_object()
        latest.registration_open = False
        latest.save_revision(log_action=True).publish()
        closed += 1
    return closed


@shared_task
def expire_page_files() -> int:
    """Keep files for the front server no older than the in-memory page cache."""
    from .cache import expire_page_files as expire

    return expire()
