"""Search backends: ``embedded`` (SQLite FTS5 or PostgreSQL full-text, following the database) and
``elasticsearch`` (elasticsearch-dsl). ``get_backend()`` picks one from ``settings.SEARCH_BACKEND``."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from .base import Candidate, IndexedDocument, SearchBackend, SearchHits, SearchQuery  # noqa: F401


@lru_cache(maxsize=4)
def _make(name: str, vendor: str) -> SearchBackend:
    if name == "elasticsearch":
        from .elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    if name != "embedded":
        raise ValueError(f"SEARCH_BACKEND must be 'embedded' or 'elasticsearch', not {name!r}")
    if vendor == "postgresql":
        from .embedded import PostgresBackend

        return PostgresBackend()
    from .embedded import SqliteBackend

    return SqliteBackend()


def get_backend() -> SearchBackend:
    from django.db import connection

    return _make(getattr(settings, "SEARCH_BACKEND", "embedded"), connection.vendor)
