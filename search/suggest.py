"""Autocomplete: queries that found pages and got clicks, then page titles.

Only public searches feed it, and titles come through the backend with internal pages filtered,
so nothing from an internal post can surface for a visitor.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from .analysis import analyze_query, normalize
from .backends import get_backend
from .models import ClickLog, QueryLog, SearchDocument

MAX_PREFIX = 100
_WORD = re.compile(r"[^\W_]+")


def prefix_terms(prefix: str) -> list[str]:
    """Whole words analysed as usual; the word being typed kept as typed (or its stem, if shorter)."""
    words = normalize(prefix).lower().split()
    if not words:
        return []
    head = analyze_query(" ".join(words[:-1])) if len(words) > 1 else []
    last_raw = "".join(_WORD.findall(words[-1]))
    if not last_raw:
        return head
    analysed = analyze_query(last_raw)
    last = analysed[0] if analysed and last_raw.startswith(analysed[0]) and len(analysed) == 1 else last_raw
    return [*head, last]


def suggest(prefix: str, *, language: str | None, staff: bool = False, limit: int = 8) -> list[dict]:
    norm = normalize(prefix).lower()[:MAX_PREFIX]
    if not norm:
        return []
    since = timezone.now() - timedelta(days=90)
    clicked = ClickLog.objects.filter(created_at__gte=since, query__startswith=norm).values("query")
    queries = (
        QueryLog.objects.filter(created_at__gte=since, query__startswith=norm, result_count__gt=0, staff=False,
                                query__in=clicked)
        .filter(**({"language": language} if language else {}))
        .values("query").annotate(sessions=Count("session", distinct=True))
        .order_by("-sessions", "query")[: limit // 2 or 1]
    )
    out = [{"text": row["query"], "kind": "query", "url": None} for row in queries]
    terms = prefix_terms(norm)
    if terms:
        ids = get_backend().complete(terms, language=language, include_internal=staff, limit=limit)
        docs = SearchDocument.objects.in_bulk(ids)
        seen = {item["text"] for item in out}
        for pk in ids:
            doc = docs.get(pk)
            if doc is not None and (staff or not doc.internal) and doc.title.lower() not in seen:
                out.append({"text": doc.title, "kind": "page", "url": doc.url})
                seen.add(doc.title.lower())
    return out[:limit]
