"""Telling members: a row per event and person (the list on the site), an email once (when they want it).

A person is told only about what they may see: a mention under an internal post reaches staff only.
Email goes only to a verified address, in the member's language, after the transaction commits.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Comment, Member, Notification, Thread
from .access import can_see_thread


def _tell(member: Member | None, kind: str, comment: Comment, told: set[int]) -> None:
    if member is None or member.pk in told or member.left_at:
        return
    if member.pk == comment.author_id and kind != Notification.Kind.APPROVED:
        return  # nobody is told about their own reply or mention
    if not can_see_thread(comment.thread, member.user, member):
        return
    told.add(member.pk)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(member=member, kind=kind, comment=comment)
    except IntegrityError:  # told before (an edit re-runs this): once per person and comment
        return
    from ..tasks import email_notification

    transaction.on_commit(lambda: email_notification.delay(notification.pk))


def notify_shown(comment: Comment) -> None:
    """Replies, answers and mentions of a comment that readers can now see."""
    from .conversation import mentioned_members

    told: set[int] = set()
    thread = comment.thread
    answered = comment.reply_to or comment.parent
    if answered is not None and answered.author_id:
        _tell(answered.author, Notification.Kind.REPLY, comment, told)
    elif (thread.kind == Thread.Kind.QUESTION and comment.parent_id is None and comment.pk != thread.opening_id
          and thread.author_id):
        _tell(thread.author, Notification.Kind.ANSWER, comment, told)
    for member in mentioned_members(comment.body):
        _tell(member, Notification.Kind.MENTION, comment, told)


def notify_approved(comment: Comment) -> None:
    _tell(comment.author, Notification.Kind.APPROVED, comment, set())


def unread_count(member: Member) -> int:
    return member.notifications.filter(read_at__isnull=True).count()


def mark_read(member: Member, ids: list[int] | None = None) -> int:
    unread = member.notifications.filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
