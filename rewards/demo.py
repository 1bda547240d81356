"""The demo's points: what the demo conversation already holds (shown comments, helpful marks,
accepted answers) counted through the same rule path a live site uses, dated when it happened so the
daily caps apply. Idempotent: the ledger's keys count each event once."""

from __future__ import annotations

from community.models import Comment, Reaction, Thread

from .actions import award
from .models import Event


def load() -> int:
    made = 0
    for comment in Comment.objects.filter(status=Comment.Status.APPROVED, author__isnull=False).select_related(
            "author").order_by("created_at"):
        made += len(award(Event.COMMENT_APPROVED, comment.author, source=comment, at=comment.created_at))
    for reaction in Reaction.objects.select_related("comment__author", "member").order_by("pk"):
        comment = reaction.comment
        if comment.status == Comment.Status.APPROVED and comment.author is not None:
            made += len(award(Event.HELPFUL_RECEIVED, comment.author, source=comment, actor=reaction.member,
                              qualifier=str(reaction.member_id), at=reaction.created_at))
    for thread in Thread.objects.filter(accepted__isnull=False).select_related("accepted__author", "author"):
        if thread.accepted.author is not None:
            made += len(award(Event.ANSWER_ACCEPTED, thread.accepted.author, source=thread.accepted,
                              actor=thread.author))
    return made
