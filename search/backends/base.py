"""What every backend takes and gives. The service (search/service.py) owns the rules: analysis,
synonyms, promotions, click learning, logging; a backend only matches, ranks, filters and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class IndexedDocument:
    page_id: int
    language: str
    page_type: str
    post_kind: str
    title: str
    summary: str
    body: str
    url: str
    date: datetime | None
    internal: bool
    topics: list[dict]
    # analysed terms, space-joined, one string per field (title > summary and topics > body)
    title_terms: str = ""
    summary_terms: str = ""
    body_terms: str = ""


@dataclass
class SearchQuery:
    groups: list[list[str]]  # AND of OR-groups of terms: [["마케팅", "marketing"], ["전략"]]
    language: str | None = None  # filter: only this language
    page_type: str | None = None
    topic: str | None = None
    post_kind: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    include_internal: bool = False
    prefer_language: str | None = None  # not a filter: these come first
    limit: int = 100  # candidates the service re-ranks
    facets: bool = True
    text: str = ""  # the normalised query, for backends that analyse it themselves (Elasticsearch)
    any_word: bool = False  # for ``text``: match any word instead of every word
    click_signal: dict[int, float] = field(default_factory=dict)  # page id → 0…1, for backends that boost


@dataclass
class Candidate:
    page_id: int
    score: float  # higher is better; comparable only within one result list
    language: str
    title: str | None = None  # when the backend has it at hand (saves the service a query)


@dataclass
class SearchHits:
    candidates: list[Candidate]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facets_sampled: bool = False  # facet counts cover only the best-ranked matches
    total_exact: bool = True  # False: there are at least ``total`` matches (counting stopped there)


class SearchBackend:
    name = "base"
    applies_click_signal = False  # True: the backend boosts by SearchQuery.click_signal itself
    def index(self, documents: list[IndexedDocument]) -> None:
        raise NotImplementedError

    def delete(self, page_ids: list[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def optimize(self) -> None:
        """After a full rebuild: compact the index if the backend gains from it (nothing by default)."""

    def search(self, query: SearchQuery) -> SearchHits:
        raise NotImplementedError

    def complete(self, prefix_terms: list[str], *, language: str | None, include_internal: bool,
                 limit: int = 8) -> list[int]:
        """Page ids whose titles start words with these terms (the last one as a prefix)."""
        raise NotImplementedError

    def vocabulary(self, language: str | None = None) -> dict[str, int]:
        """Indexed terms with their document counts (did-you-mean picks from these)."""
        raise NotImplementedError
