"""The community's comments and questions, gathered into the inbox.

Gathered by a scheduled pull rather than on each comment's request (a comment's request stays as
short as it is): every shown comment of the last days not yet taken in becomes a mention, a comment
on something only staff may read (an internal post, a closed group) marked staff-only."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone

from community.actions import can_see_thread
from community.models import Comment, Thread

from ..models import Mention, Source
from .ingest import Incoming, ingest, source_named

LOOK_BACK = timedelta(days=7)  # a comment held longer than this for moderation is not gathered
BATCH = 2000


def community_source() -> Source:
    return source_named("커뮤니티", Source.Kind.COMMUNITY)


def collect_community(now=None) -> int:
    """Take in the shown comments not yet gathered; returns how many became mentions."""
    source = community_source()
    now = now or timezone.now()
    taken = Mention.objects.filter(source=source, external_id=Cast(OuterRef("pk"), output_field=CharField()))
    comments = list(Comment.objects.filter(status=Comment.Status.APPROVED, created_at__gte=now - LOOK_BACK)
                    .exclude(Exists(taken)).select_related("thread__page", "thread__group", "author")
                    .order_by("pk")[:BATCH])
    anyone = AnonymousUser()
    visible: dict[int, bool] = {}
    items = []
    for comment in comments:
        thread = comment.thread
        if thread.pk not in visible:
            visible[thread.pk] = can_see_thread(thread, anyone)
        items.append(Incoming(
            text=comment.body, posted_at=comment.created_at, external_id=str(comment.pk),
            channel="question" if thread.kind == Thread.Kind.QUESTION else "comment",
            author=(comment.author.handle or comment.author.name) if comment.author else "",
            url=f"{thread.get_absolute_url()}#comment-{comment.pk}", staff_only=not visible[thread.pk],
            raw={"comment": comment.pk, "thread": thread.pk, "official": comment.official}))
    return ingest(source, items).stored
