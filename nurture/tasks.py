"""Celery tasks: each takes IDs, re-reads the rows and relies on their state, so running one twice is harmless."""

from celery import shared_task

from . import actions


@shared_task(acks_late=True)
def send_confirmation(consent_id: int) -> bool:
    return actions.send_confirmation_email(consent_id)


@shared_task(acks_late=True)
def deliver_batch(send_ids: list[int]) -> dict:
    return actions.deliver_many(send_ids)


@shared_task
def tick() -> dict:
    result = actions.tick()
    return result.__dict__


@shared_task
def decay_scores() -> int:
    from .scoring import decay_all

    return decay_all()


@shared_task
def renewal_notices() -> int:
    return actions.send_renewal_notices()


@shared_task(acks_late=True)
def send_notice(lead_id: int, kind: str) -> bool:
    """A transactional notice (the result of an unsubscribe); sent once per lead and kind."""
    from .email import build_notice
    from .models import Lead, LeadEvent

    lead = Lead.objects.filter(pk=lead_id, erased_at__isnull=True).first()
    if lead is None or LeadEvent.objects.filter(lead=lead, kind=f"notice_{kind}").exists():
        return False
    LeadEvent.objects.create(lead=lead, kind=f"notice_{kind}", at=actions.now())
    build_notice(lead, kind).send()
    return True
