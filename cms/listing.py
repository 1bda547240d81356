"""Listings that cross page types: related links and the topic archive.

All of them go through ``visible_to`` so an internal post can never leak into a public list.
"""

from collections import Counter
from collections.abc import Callable

from django.db.models import Count
from django.http import HttpRequest
from wagtail.models import Locale, Page

from .models.articles import ArticlePage
from .models.events import EventPage
from .models.landing import LandingPage
from .models.posts import PostPage
from .models.topics import Topic
from .models.visibility import visible_to
from .structure import is_staff_request, remember

TOPIC_PAGE_MODELS = (ArticlePage, PostPage, EventPage, LandingPage)

# Pages close in wording to a page, scored 0…1: the search app registers its term overlap (or
# Elasticsearch's more_like_this) here in ready(); without it, related links go by topics alone.
_text_neighbours: list[Callable[..., dict[int, float]]] = []


def register_text_neighbours(neighbours: Callable[..., dict[int, float]]) -> None:
    """``neighbours(page_id, staff=bool)`` → {page id: closeness}. Registering again replaces it."""
    _text_neighbours[:] = [neighbours]


def related_posts(page: Page, request: HttpRequest | None, limit: int = 6) -> list[PostPage]:
    """Posts sharing the most topics with ``page`` (a pillar shows the work behind its topic)."""
    topic_ids = page.topic_ids()
    if not topic_ids:
        return []
    return list(
        visible_to(PostPage.objects.filter(locale_id=page.locale_id, noindex=False, topics__in=topic_ids), request)
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-first_published_at")[:limit]
    )


def related_pages(page: Page, request: HttpRequest | None, limit: int = 4) -> list[Page]:
    """Pages in the same language sharing the most topics and words with ``page``, closest first."""
    def compute() -> list[int]:
        staff = is_staff_request(request)
        scores: Counter[int] = Counter()
        topic_ids = page.topic_ids()
        if topic_ids:
            for model in (ArticlePage, PostPage, EventPage):
                rows = (
                    visible_to(model.objects.filter(locale_id=page.locale_id, noindex=False), request)
                    .exclude(pk=page.pk)
                    .filter(topics__in=topic_ids)
                    .values("pk")
                    .annotate(shared=Count("pk"))
                )
                for row in rows:
                    scores[row["pk"]] += row["shared"]
        # Shared words (search's term overlap; more_like_this on Elasticsearch) break ties between pages
        # sharing as many topics, and find neighbours for pages with no topic at all. Worth < 1 topic.
        for neighbours in _text_neighbours:
            for pk, closeness in neighbours(page.pk, staff=staff).items():
                scores[pk] += 0.9 * closeness
        if not staff and scores:
            allowed = set(visible_to(Page.objects.filter(pk__in=list(scores)), request).values_list("pk", flat=True))
            scores = Counter({pk: s for pk, s in scores.items() if pk in allowed})
        return [pk for pk, _ in sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))[:limit]]

    # Scores change only when something is published, so they are kept per content generation.
    top_ids = remember(f"related:{page.pk}:{limit}:{int(is_staff_request(request))}", compute)
    if not top_ids:
        return []
    pages = Page.objects.filter(pk__in=top_ids).select_related("locale").specific()
    by_id = {p.pk: p for p in pages}
    return [by_id[pk] for pk in top_ids if pk in by_id]


def pages_with_topic(request: HttpRequest | None, topic: Topic, locale: Locale) -> list[Page]:
    found: list[Page] = []
    for model in TOPIC_PAGE_MODELS:
        found.extend(visible_to(model.objects.filter(locale=locale, topics=topic), request))
    return sorted(found, key=lambda p: p.first_published_at or p.latest_revision_created_at, reverse=True)


def topic_counts(request: HttpRequest | None, locale: Locale) -> list[tuple[Topic, int]]:
    counts: Counter[int] = Counter()
    for model in TOPIC_PAGE_MODELS:
        for topic_id in visible_to(model.objects.filter(locale=locale), request).values_list(
            "topics", flat=True
        ):
            if topic_id:
                counts[topic_id] += 1
    topics = Topic.objects.in_bulk(list(counts))
    return sorted(((topics[pk], n) for pk, n in counts.items()), key=lambda tn: (-tn[1], tn[0].name))
