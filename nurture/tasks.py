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
