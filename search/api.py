"""Search endpoints of the JSON API (mounted at /api/search/ by cms.api)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.security import django_auth
from wagtail.api.v3.auth import BearerTokenAuth

from cms.api.base import answers
from cms.models.visibility import is_staff_user

from . import actions
from .service import MAX_QUERY_LENGTH, SearchInputError, SearchParams, search, session_hash
from .suggest import suggest

router = Router(tags=["search"])


class SearchFilter(Schema):
    q: str = ""
    type: Literal["article", "post", "event", "landing"] | None = None
    topic: str | None = None
    kind: str | None = None
    lang: Literal["ko", "en"] | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1


class TopicOut(Schema):
    slug: str
    name: str


class ResultOut(Schema):
    id: int
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> around matches
    type: str
    topics: list[TopicOut]
    language: str
    date: datetime | None
    score: float
    position: int
    promoted: bool
    click_token: str


class SearchOut(Schema):
    query: str
    total: int
    total_exact: bool  # false: at least ``total`` results; counting stops there on very common words
    page: int
    pages: int
    results: list[ResultOut]
    facets: dict[str, dict[str, int]]
    facets_sampled: bool  # true: with very many matches, facet counts cover the best-ranked ones
    suggestions: list[str]
    did_you_mean: str | None
    corrected_from: str | None
    partial: bool


class SuggestionOut(Schema):
    text: str
    kind: Literal["query", "page"]
    url: str | None


class ClickIn(Schema):
    click_token: str


class ClickOut(Schema):
    recorded: bool


def _language(request) -> str:
    return (get_language() or "ko")[:2]


def _aware(day: date | None, end: bool = False) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@router.get("/", response=answers({200: SearchOut}, 400, 422), summary="Search pages")
def search_pages(request, filters: Query[SearchFilter]):
    """Full-text search in Korean and English, with facets, snippets and suggestions.

    Results in the caller's language (Accept-Language) come first; ``lang`` keeps only one language.
    Internal posts appear only for staff (session or API token).
    """
    from .views import click_token

    language = _language(request)
    topic_language = "en" if language == "en" else "ko"
    params = SearchParams(q=filters.q, page_type=filters.type, topic=filters.topic, kind=filters.kind,
                          lang=filters.lang, date_from=_aware(filters.date_from),
                          date_to=_aware(filters.date_to, end=True), page=filters.page)
    staff = is_staff_user(getattr(request, "user", None))
    response = search(params, request=request, language=language, staff=staff)
    return {
        "query": response.query, "total": response.total, "total_exact": response.total_exact,
        "page": response.page, "pages": response.pages,
        "facets": response.facets, "facets_sampled": response.facets_sampled,
        "suggestions": response.suggestions, "did_you_mean": response.did_you_mean,
        "corrected_from": response.corrected_from, "partial": response.partial,
        "results": [
            {"id": r.page_id, "title": r.title, "url": request.build_absolute_uri(r.url), "snippet": str(r.snippet),
             "type": r.page_type, "language": r.language, "date": r.date, "score": r.score, "position": r.position,
             "promoted": r.promoted,
             "click_token": click_token(response.query_log_id, r.page_id, r.position, response.query),
             "topics": [{"slug": t["slug"], "name": t["name_en"] if topic_language == "en" else t["name"]}
                        for t in r.topics]}
            for r in response.results
        ],
    }


@router.get("/suggest/", response=answers({200: list[SuggestionOut]}, 400), summary="Autocomplete")
def search_suggest(request, q: str = ""):
    """Completions for a partly typed query: searches that found and got clicks, then page titles."""
    if len(q) > MAX_QUERY_LENGTH:
        raise SearchInputError("q", _("Search terms can be at most %(n)d characters.") % {"n": MAX_QUERY_LENGTH})
    staff = is_staff_user(getattr(request, "user", None))
    return suggest(q, language=_language(request), staff=staff)


@router.post("/click/", response=answers({200: ClickOut}, 400, 422), summary="Record a click on a result")
def search_click(request, payload: ClickIn):
    """For front ends that link to results directly: send the result's ``click_token`` when it is opened."""
    from django.core import signing

    from .views import read_click_token

    try:
        query_log_id, page_id, position, query = read_click_token(payload.click_token)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise SearchInputError("click_token", _("This search link has expired. Please search again.")) from exc
    staff = is_staff_user(getattr(request, "user", None))
    try:
        actions.record_click(query_log_id=query_log_id, page_id=page_id, position=position,
                             session=session_hash(request), staff=staff, query=query)
    except actions.ClickRejected as exc:
        raise SearchInputError("click_token", _("This search link has expired. Please search again.")) from exc
    return {"recorded": True}


class TopicSuggestIn(Schema):
    title: str = ""
    body: str = ""
    language: Literal["ko", "en"] = "ko"


class TopicSuggestionOut(Schema):
    name: str
    slug: str | None  # None: a new topic the text suggests
    existing: bool
    score: float


@router.post("/topics/", response=answers({200: list[TopicSuggestionOut]}, 400, 401, 403, 422),
             summary="Suggest topics for a post being filed",
             auth=[BearerTokenAuth(), django_auth])
def suggest_post_topics(request, payload: TopicSuggestIn):
    """Staff only (API token, or the admin session with its CSRF token). Existing topics whose words or
    similar pages match the text come first, then new nouns that stand out."""
    from ninja.errors import HttpError

    from .related import suggest_topics

    if not is_staff_user(getattr(request, "user", None)):
        raise HttpError(403, _("Only staff can file posts."))
    if len(payload.title) > 500 or len(payload.body) > 100_000:
        raise SearchInputError("body", _("The text is too long to suggest topics for."))
    return suggest_topics(payload.title, payload.body, language=payload.language)
