"""Results that are not pages, shown beside the page results (the community's group threads).

An app registers ``source(query, request, language) -> list[dict]`` with a heading; each dict has
``title``, ``url`` and ``snippet``. The source decides who may see what: it gets the request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from .analysis import normalize

_sources: dict[str, tuple[object, Callable]] = {}


def register_results(name: str, heading, source: Callable[[str, HttpRequest, str], list[dict]]) -> None:
    _sources[name] = (heading, source)


def other_results(query: str, request: HttpRequest, language: str) -> list[dict]:
    """[{"heading": …, "items": [...]}] for the sources that found something."""
    query = normalize(query)  # the raw box may hold control characters (PostgreSQL refuses NUL)
    if not query:
        return []
    found = []
    for heading, source in _sources.values():
        items = source(query, request, language)
        if items:
            found.append({"heading": heading, "items": items})
    return found
