"""The search service: one entry point for the site page, the API and staff.

It owns the rules around the backend: input limits, Korean/English analysis, approved synonyms,
promotions, learning from clicks, typo correction and logging. Backends only match and count.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cms.client_ip import client_ip
from cms.errors import InputError

from .analysis import analyze_query, normalize, query_words
from .backends import SearchQuery, get_backend
from .backends.embedded import db_datetime
from .models import ClickLog, Promotion, QueryLog, SearchDocument, Synonym

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
CANDIDATES = 100
CLICK_HALF_LIFE_DAYS = 14
CLICK_WEIGHT = 0.5  # at most half the best relevance score: clicks reorder, they never take over
EXACT_TITLE_BONUS = 2.0  # above any relevance + click score, so an exact title match stays first
PAGE_TYPES = ("article", "post", "event", "landing")
BOT_PATTERN = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor|curl|wget|python-|httpclient|java/",
                         re.IGNORECASE)


class SearchInputError(InputError):
    """A query or filter a visitor must fix; the message is in their language."""


@dataclass
class SearchParams:
    q: str = ""
    page_type: str | None = None
    topic: str | None = None
    kind: str | None = None
    lang: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def filtered(self) -> bool:
        return any((self.page_type, self.topic, self.kind, self.lang, self.date_from, self.date_to))


@dataclass
class Result:
    page_id: int
    title: str
    url: str
    snippet: SafeString
    page_type: str
    topics: list[dict]
    language: str
    date: datetime | None
    score: float
    position: int
    promoted: bool = False
    promotion_note: str = ""


@dataclass
class SearchResponse:
    query: str
    results: list[Result] = field(default_factory=list)
    total: int = 0
    total_exact: bool = True  # False: at least ``total`` results (counting stopped there)
    page: int = 1
    pages: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facets_sampled: bool = False  # facet counts cover the best-ranked matches, not every match
    did_you_mean: str | None = None
    corrected_from: str | None = None  # results shown are for did_you_mean: the query found nothing
    partial: bool = False  # nothing matched every word; these match some of them
    suggestions: list[str] = field(default_factory=list)
    trending: list[str] = field(default_factory=list)  # with no query: searches rising this week
    query_log_id: int | None = None


# --- input ----------------------------------------------------------------------------------------


def normalize_query(raw: str) -> str:
    return normalize(raw).lower()


def validate(params: SearchParams) -> SearchParams:
    if len(params.q or "") > MAX_QUERY_LENGTH * 4 or len(normalize(params.q or "")) > MAX_QUERY_LENGTH:
        raise SearchInputError("q", _("Search terms can be at most %(n)d characters.") % {"n": MAX_QUERY_LENGTH})
    if params.page_type and params.page_type not in PAGE_TYPES:
        raise SearchInputError("type", _("Unknown content type: %(value)s") % {"value": params.page_type[:40]})
    languages = [code for code, _name in settings.LANGUAGES]
    if params.lang and params.lang not in languages:
        raise SearchInputError("lang", _("Unknown language: %(value)s") % {"value": params.lang[:40]})
    if params.page < 1 or params.page > CANDIDATES // max(params.per_page, 1) + 1:
        raise SearchInputError("page", _("That results page does not exist."))
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise SearchInputError("date_from", _("The start date is after the end date."))
    return params


# --- synonyms -------------------------------------------------------------------------------------


def synonym_map() -> dict[str, set[str]]:
    """Approved synonyms, both ways, keyed by normalised term. Cached until an editor changes one."""
    key = f"site_search:synonyms:{_version('synonyms')}"
    mapping = cache.get(key)
    if mapping is None:
        mapping = {}
        for row in Synonym.objects.filter(status=Synonym.Status.APPROVED):
            words = {row.term, *row.synonyms}
            for word in words:
                mapping.setdefault(word, set()).update(words - {word})
        cache.set(key, mapping, 3600)
    return mapping


def _phrase(text: str) -> str:
    """A synonym as one alternative: its terms, space-joined (a phrase for FTS5)."""
    return " ".join(analyze_query(text))


def query_groups(norm: str) -> list[list[str]]:
    """The query as AND of OR-groups (one per typed word), with approved synonyms folded in."""
    mapping = synonym_map()
    if norm in mapping:  # the whole query has synonyms ("검색엔진최적화" ↔ "seo")
        alternatives = [_phrase(norm), *(_phrase(s) for s in sorted(mapping[norm]))]
        return [[a for a in dict.fromkeys(alternatives) if a]]
    groups = []
    for word, alternatives in zip(norm.split(), query_words(norm), strict=False):
        if not alternatives:
            continue
        extra = []
        for key in (word, *alternatives):
            extra.extend(_phrase(s) for s in sorted(mapping.get(key, ())))
        groups.append([a for a in dict.fromkeys([*alternatives, *extra]) if a])
    return groups


# --- did you mean ---------------------------------------------------------------------------------


def _jamo(text: str) -> str:
    """Hangul syllables as their letters, so one wrong letter is one edit, not a whole syllable."""
    return unicodedata.normalize("NFD", text)


def vocabulary() -> dict[str, int]:
    from .indexing import index_version

    key = f"site_search:vocab:{index_version()}"
    vocab = cache.get(key)
    if vocab is None:
        vocab = get_backend().vocabulary()
        cache.set(key, vocab, 3600)
    return vocab


_JAMO_CACHE: dict = {}


@dataclass(frozen=True)
class _Spelling:
    """The vocabulary ready for did-you-mean: jamo spellings bucketed by length (one edit moves it by one)."""

    vocab: dict[str, int]
    by_length: dict[int, tuple[list[str], list[str]]]  # jamo length -> (jamo spellings, terms)


def _spelling() -> _Spelling:
    """Built once per index version in each process: unpickling the vocabulary per query cost milliseconds."""
    from .indexing import index_version

    version = index_version()
    cached = _JAMO_CACHE.get("entry")
    if cached is None or cached[0] != version:
        vocab = vocabulary()
        by_length: dict[int, tuple[list[str], list[str]]] = {}
        for term in vocab:
            if len(term) > 1:
                spelled = _jamo(term)
                jamo, terms = by_length.setdefault(len(spelled), ([], []))
                jamo.append(spelled)
                terms.append(term)
        cached = (version, _Spelling(vocab, by_length))
        _JAMO_CACHE["entry"] = cached
    return cached[1]


def correct(norm: str) -> str | None:
    """The query with each unknown word replaced by the closest indexed word, if any is close.

    Distances are counted in jamo, so 커뮤니튀 → 커뮤니티 is one edit; among equally close words the
    most common one wins.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    spelling = _spelling()
    vocab = spelling.vocab
    if not vocab:
        return None
    changed = False
    out = []
    for word in norm.split():
        analysed = analyze_query(word)
        if not analysed or all(t in vocab for t in analysed):
            out.append(word)
            continue
        target = _jamo(analysed[0] if len(analysed) == 1 else word)
        limit = 1 if len(target) <= 4 else 2
        found: list[tuple[int, int, str]] = []
        for length in range(len(target) - limit, len(target) + limit + 1):
            jamo, terms = spelling.by_length.get(length, ((), ()))
            for _choice, distance, index in process.extract(target, jamo, scorer=Levenshtein.distance,
                                                            score_cutoff=limit, limit=10):
                found.append((distance, -vocab[terms[index]], terms[index]))
        if found:
            out.append(min(found)[2])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None


# --- click learning -------------------------------------------------------------------------------


def click_scores(norm: str, now: datetime | None = None) -> dict[int, float]:
    """Clicks per page for this query, each weighted by age (half-life two weeks)."""
    now = now or timezone.now()
    since = now - timedelta(days=CLICK_HALF_LIFE_DAYS * 6)
    scores: dict[int, float] = {}
    with connection.cursor() as cursor:  # plain SQL: this runs for every new query (see related_queries)
        cursor.execute(
            f"SELECT page_id, created_at FROM {ClickLog._meta.db_table} "  # noqa: S608
            "WHERE query = %s AND created_at >= %s LIMIT 5000",
            [norm, connection.ops.adapt_datetimefield_value(since)],
        )
        rows = cursor.fetchall()
    for page_id, created_at in rows:
        created_at = db_datetime(created_at)
        age_days = max((now - created_at).total_seconds(), 0) / 86400
        scores[page_id] = scores.get(page_id, 0.0) + 0.5 ** (age_days / CLICK_HALF_LIFE_DAYS)
    return scores


def click_signal(norm: str) -> dict[int, float]:
    """Per page, 0…1: how strongly visitors who searched this picked it (saturates at ~20 recent clicks).

    Cached for ten minutes per query and retired by any new click (decay is slow; clicks are not)."""
    def compute():
        return {pk: min(1.0, math.log1p(n) / math.log1p(20)) for pk, n in click_scores(norm).items()}

    return cache_for(f"clicks:{_version('clicks')}:{norm}", 600, compute)


@functools.lru_cache(maxsize=20_000)
def _normalized_title(title: str) -> str:
    """Titles change rarely and recur across searches: normalising up to 300 per search was a tenth of it."""
    return normalize_query(title)


def rerank(candidates, norm: str, titles: dict[int, str], prefer_language: str | None,
           *, learned_by_backend: bool = False) -> list[tuple[int, float]]:
    """Relevance blended with clicks, bounded; exact title matches first; visitor's language first.

    The click part is the embedded equivalent of Elasticsearch's function_score: at most
    ``CLICK_WEIGHT`` of the best relevance, so clicks reorder close results and never bury a match.
    """
    if not candidates:
        return []
    best = max(c.score for c in candidates) or 1.0
    signal = {} if learned_by_backend else click_signal(norm)
    ranked = []
    for c in candidates:
        relevance = c.score / best
        learned = CLICK_WEIGHT * signal.get(c.page_id, 0.0)
        exact = EXACT_TITLE_BONUS if _normalized_title(titles.get(c.page_id, "")) == norm else 0.0
        ranked.append((c.page_id, relevance + learned + exact, c.language != prefer_language if prefer_language
                       else False))
    ranked.sort(key=lambda r: (r[2], -r[1], r[0]))
    return [(pk, score) for pk, score, _ in ranked]


# --- snippets -------------------------------------------------------------------------------------


def _patterns(terms: list[str]) -> re.Pattern | None:
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        if not term:
            continue
        if term.isascii():
            parts.append(r"\b" + re.escape(term) + r"\w*")
        else:
            parts.append(re.escape(term))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text: str, terms: list[str] | re.Pattern | None, width: int = 180) -> SafeString:
    """A window of ``text`` around the first match, HTML-escaped, matches wrapped in <mark>.

    ``terms`` may be the pattern ``_patterns`` built from them (one per search, not one per result)."""
    text = " ".join((text or "").split())
    pattern = terms if terms is None or isinstance(terms, re.Pattern) else _patterns(terms)
    matches = list(pattern.finditer(text)) if pattern else []
    start = 0
    if matches:
        start = max(0, matches[0].start() - width // 4)
        space = text.rfind(" ", 0, start)
        start = space + 1 if start and space > start - 20 else start
    end = min(len(text), start + width)
    window = text[start:end]
    out, cursor = [], 0
    escape = html.escape  # Django's escape() is this one behind a lazy-string check per call
    for m in (pattern.finditer(window) if pattern else []):
        out.append(escape(window[cursor:m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        cursor = m.end()
    out.append(escape(window[cursor:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece was escaped above


# --- logging --------------------------------------------------------------------------------------


def session_hash(request) -> str:
    """A daily-rotating, salted hash of the connection: groups one visitor's searches, names nobody."""
    if request is None:
        return ""
    raw = "|".join((
        settings.SECRET_KEY, timezone.localdate().isoformat(),
        client_ip(request) or "", request.META.get("HTTP_USER_AGENT", "")[:200],
    ))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def is_bot(request) -> bool:
    if request is None:
        return False
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOT_PATTERN.search(agent))


# --- the search -------------------------------------------------------------------------------------


def cache_for(key: str, seconds: int, compute):
    """A small helper for values that may be a few minutes old (suggestions from the logs)."""
    if seconds <= 0:
        return compute()
    full = f"site_search:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, seconds)
    return value


def _version(name: str) -> int:
    return cache.get(f"site_search:{name}_version", 0)


def bump(name: str) -> None:
    try:
        cache.incr(f"site_search:{name}_version")
    except ValueError:
        cache.set(f"site_search:{name}_version", 1, None)


def _promotions() -> dict[str, list[tuple]]:
    """Every promotion by query (a short list editors keep), cached until one changes."""
    key = f"site_search:promotions:{_version('promotions')}"
    value = cache.get(key)
    if value is None:
        value = {}
        for p in Promotion.objects.order_by("sort_order", "pk"):
            value.setdefault(p.query, []).append((p.page_id, p.description, p.starts_at, p.ends_at))
        cache.set(key, value, 3600)
    return value


def active_promotions(norm: str, staff: bool) -> list[tuple[int, str]]:
    now = timezone.now()
    rows = [p for p in _promotions().get(norm, [])
            if (p[2] is None or p[2] <= now) and (p[3] is None or now < p[3])]
    if not rows:
        return []
    visible = SearchDocument.objects.filter(page_id__in=[p[0] for p in rows])
    if not staff:
        visible = visible.filter(internal=False)
    ids = set(visible.values_list("page_id", flat=True))
    return [(p[0], p[1]) for p in rows if p[0] in ids]


def _backend_query(groups, params: SearchParams, staff: bool, language: str | None, text: str,
                   any_word: bool = False) -> SearchQuery:
    backend = get_backend()
    return SearchQuery(
        groups=groups, language=params.lang, page_type=params.page_type, topic=params.topic,
        post_kind=params.kind, date_from=params.date_from, date_to=params.date_to,
        include_internal=staff, prefer_language=language, limit=CANDIDATES, text=text, any_word=any_word,
        click_signal=click_signal(text) if backend.applies_click_signal else {},
    )


@dataclass
class Shown:
    title: str
    url: str
    summary: str
    body: str
    page_type: str
    topics: list[dict]
    language: str
    date: datetime | None


def shown_documents(ids: list[int]) -> dict[int, Shown]:
    """The displayed fields of one page of results, in plain SQL: building ten model instances with
    their JSON and date fields cost the ORM more than SQLite spent finding them."""
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT page_id, title, url, summary, body, page_type, topics, language, date "  # noqa: S608
            f"FROM {SearchDocument._meta.db_table} WHERE page_id IN ({placeholders})", ids,
        )
        rows = cursor.fetchall()
    return {pk: Shown(title, url, summary, body, page_type, json.loads(topics) if isinstance(topics, str) else topics,
                      language, db_datetime(date))
            for pk, title, url, summary, body, page_type, topics, language, date in rows}


def search(params: SearchParams, *, request=None, language: str | None = None, staff: bool = False,
           log: bool = True) -> SearchResponse:
    """Run a search. Raises SearchInputError for input the visitor must fix."""
    validate(params)
    norm = normalize_query(params.q)
    response = SearchResponse(query=norm, page=params.page)
    if not norm:
        response.suggestions = popular_queries(language, staff=staff)
        response.trending = trending_queries(language, limit=5)
        return response

    backend = get_backend()
    groups = query_groups(norm)
    hits = backend.search(_backend_query(groups, params, staff, language, norm)) if groups else None
    if hits is not None and hits.total == 0:
        corrected = backend.correct(norm) if hasattr(backend, "correct") else correct(norm)
        if corrected and corrected != norm:
            response.did_you_mean = corrected
            retry = backend.search(_backend_query(query_groups(corrected), params, staff, language, corrected))
            if retry.total:
                hits, response.corrected_from = retry, norm
        if hits.total == 0 and len(groups) > 1:  # nothing has every word: show what has some
            any_word = [[term for group in groups for term in group]]
            retry = backend.search(_backend_query(any_word, params, staff, language, norm, any_word=True))
            if retry.total:
                hits, response.partial = retry, True

    candidates = hits.candidates if hits else []
    titles = {c.page_id: c.title for c in candidates if c.title is not None}
    if len(titles) < len(candidates):
        titles.update(SearchDocument.objects.filter(page_id__in=[c.page_id for c in candidates if c.title is None])
                      .values_list("page_id", "title"))
    shown_query = response.did_you_mean if response.corrected_from else norm
    ranked = rerank(candidates, normalize_query(shown_query), titles, language,
                    learned_by_backend=backend.applies_click_signal)
    promoted = active_promotions(norm, staff) if params.page == 1 and not params.filtered else []
    promoted_ids = {pk for pk, _ in promoted}
    ranked = [(pk, score) for pk, score in ranked if pk not in promoted_ids]
    response.total = (hits.total if hits else 0) + len([pk for pk in promoted_ids if pk not in titles])
    response.facets = hits.facets if hits else {}
    response.facets_sampled = bool(hits and hits.facets_sampled)
    response.total_exact = not hits or hits.total_exact

    start = (params.page - 1) * params.per_page
    page_slice = ranked[start:start + params.per_page]
    docs = shown_documents([pk for pk, _ in page_slice] + list(promoted_ids))
    shown_groups = groups if shown_query == norm else query_groups(shown_query)
    highlight_terms = [t for group in shown_groups for alternative in group for t in alternative.split()]
    pattern = _patterns(highlight_terms)
    rows = [(pk, 0.0, True, note) for pk, note in promoted] + [(pk, s, False, "") for pk, s in page_slice]
    for position, (pk, score, is_promoted, note) in enumerate(rows, start=start + 1):
        doc = docs.get(pk)
        if doc is None:
            continue
        text = doc.body if pattern and pattern.search(doc.body or "") else (doc.summary or doc.body)
        response.results.append(Result(
            page_id=pk, title=doc.title, url=doc.url, snippet=highlight(text, pattern),
            page_type=doc.page_type, topics=doc.topics, language=doc.language, date=doc.date,
            score=round(score, 4), position=position, promoted=is_promoted, promotion_note=note,
        ))
    response.pages = math.ceil(min(len(ranked), CANDIDATES) / params.per_page) if ranked else (1 if promoted else 0)
    response.suggestions = cache_for(f"related:{language}:{norm}", getattr(settings, "SEARCH_SUGGESTIONS_TTL", 300),
                                     lambda: related_queries(norm, language))

    if log and not is_bot(request):
        entry = QueryLog.objects.create(
            query=norm[:200], language=language or settings.LANGUAGE_CODE, result_count=response.total,
            session=session_hash(request), staff=staff, filtered=params.filtered,
        )
        response.query_log_id = entry.pk
    return response


# --- suggestions from the logs ------------------------------------------------------------------------


def popular_queries(language: str | None, *, staff: bool = False, days: int = 30, limit: int = 8) -> list[str]:
    """Queries many sessions ran that found something, most sessions first (public searches only)."""
    from django.db.models import Count

    since = timezone.now() - timedelta(days=days)
    rows = (
        QueryLog.objects.filter(created_at__gte=since, result_count__gt=0, staff=False)
        .filter(**({"language": language} if language else {}))
        .values("query").annotate(sessions=Count("session", distinct=True)).order_by("-sessions", "query")[:limit]
    )
    return [r["query"] for r in rows]


def trending_queries(language: str | None, *, limit: int = 8) -> list[str]:
    """Searches (that found something) rising: sessions this week against the weekly average of
    the three weeks before, smoothed so one new query from one visitor is not a trend."""
    from django.db.models import Count, Q

    now = timezone.now()
    week, month = now - timedelta(days=7), now - timedelta(days=28)
    rows = (
        QueryLog.objects.filter(created_at__gte=month, result_count__gt=0, staff=False)
        .filter(**({"language": language} if language else {}))
        .values("query").annotate(
            recent=Count("session", distinct=True, filter=Q(created_at__gte=week)),
            before=Count("session", distinct=True, filter=Q(created_at__lt=week)),
        ).filter(recent__gte=2)
    )
    scored = sorted(((r["recent"] + 1) / (r["before"] / 3 + 1), r["query"]) for r in rows)
    return [query for score, query in reversed(scored) if score >= 1.5][:limit]


def related_queries(norm: str, language: str | None, *, staff: bool = False, limit: int = 5) -> list[str]:
    """"People also searched": other successful queries from the sessions that ran this one.

    Plain SQL: it runs for every new query, and the ORM spent longer building it than SQLite running it.
    """
    since = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=60))
    log = QueryLog._meta.db_table
    with connection.cursor() as cursor:
        # The table name comes from the model; every value is bound.
        cursor.execute(
            f"SELECT q.query FROM {log} q WHERE q.session IN "  # noqa: S608
            f"(SELECT s.session FROM {log} s WHERE s.query = %s AND s.created_at >= %s AND s.staff = %s "
            f"AND s.session <> '') AND q.created_at >= %s AND q.result_count > 0 AND q.staff = %s "
            f"AND q.query <> %s GROUP BY q.query ORDER BY COUNT(DISTINCT q.session) DESC, q.query LIMIT %s",
            [norm, since, False, since, False, norm, limit],
        )
        return [row[0] for row in cursor.fetchall()]
