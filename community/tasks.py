"""Celery tasks: each takes an id, re-reads the row and checks its state, so a retry is harmless."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .models import Notification


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def email_notification(notification_id: int) -> bool:
    """Email one notification, once, if the member still wants it and may still see the comment."""
    from .actions.access import can_see_thread, has_verified_email
    from .email import build_notification, recipient

    notification = (Notification.objects.select_related("member__user", "comment__thread__page",
                                                        "comment__thread__group")
                    .filter(pk=notification_id, emailed_at__isnull=True).first())
    if notification is None:
        return False
    member, comment = notification.member, notification.comment
    if (member.left_at or not member.user.is_active or not getattr(member, Notification.SETTING[notification.kind])
            or comment.status != comment.Status.APPROVED or not has_verified_email(member.user)
            or not can_see_thread(comment.thread, member.user, member) or recipient(member) is None):
        return False
    with transaction.atomic():
        # Claim it first: two workers running this task send one email between them.
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
                emailed_at=timezone.now()):
            return False
        build_notification(notification).send()  # a failure rolls the claim back, and the task retries
    return True
