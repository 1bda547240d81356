"""The conversation in site search: a page's shown comments are indexed with the page (its
visibility, so an internal post's comments are found by staff only), and group threads the reader
may see are listed beside the page results."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest

from cms.text import html_to_text
from search.indexing import enqueue_text_change

from .actions import member_for
from .actions.access import is_staff
from .models import Comment, CommunityGroup, GroupKind, Membership, Thread

THREAD_RESULTS = 5


def page_text(page_ids: list[int]) -> dict[int, str]:
    """Shown comments per page, oldest first (registered with search.indexing)."""
    out: dict[int, list[str]] = {}
    rows = (Comment.objects.filter(thread__page_id__in=page_ids, status=Comment.Status.APPROVED)
            .order_by("created_at").values_list("thread__page_id", "html"))
    for page_id, html in rows:
        out.setdefault(page_id, []).append(html_to_text(html))
    return {pk: "\n".join(parts) for pk, parts in out.items()}


REINDEX_SECONDS = 10


def reindex_page(comment: Comment, **kwargs) -> None:
    """A comment appeared or went: the page's document gets its words (no other page is retired).

    A busy thread asks once per few seconds: the first comment of a burst queues the task to run after
    the burst's window has closed, so it reads every comment the window let through without queuing;
    a burst of comments costs one re-index, not one each."""
    page_id = comment.thread.page_id
    if page_id and cache.add(f"community:reindex:{page_id}", 1, REINDEX_SECONDS):
        enqueue_text_change([page_id], countdown=REINDEX_SECONDS + 2)


def thread_results(query: str, request: HttpRequest, language: str) -> list[dict]:
    """Group threads whose title or shown posts contain every word, in groups the reader may see."""
    words = [w for w in query.split() if w][:6]
    if not words:
        return []
    user = request.user
    groups = CommunityGroup.objects.all()
    if not is_staff(user):
        visible = Q(kind=GroupKind.PUBLIC)
        if user.is_authenticated:
            mine = Membership.objects.filter(member=member_for(user), status=Membership.Status.ACTIVE)
            visible |= Q(pk__in=mine.values("group_id"))
        groups = groups.filter(visible)
    threads = Thread.objects.filter(group__in=groups, opening__status=Comment.Status.APPROVED)
    for word in words:
        threads = threads.filter(Q(title__icontains=word) | Q(comments__status=Comment.Status.APPROVED,
                                                              comments__body__icontains=word))
    threads = threads.distinct().select_related("group", "opening").order_by(
        # the reader's language first, then the liveliest
        "-last_activity_at")[:THREAD_RESULTS * 2]
    ordered = sorted(threads, key=lambda t: t.group.language != language)[:THREAD_RESULTS]
    return [{"title": t.title, "url": t.get_absolute_url(),
             "snippet": f"{t.group.name} · {html_to_text(t.opening.html)[:140]}"} for t in ordered]
