"""Loyalty facts about a lead, from whichever app keeps them (rewards registers one source), so
segments can ask "rank 3 and above" and the lead's timeline can show points and rank without nurture
knowing that app. A source is ``source(lead) -> dict | None`` with:

    rank (int, 1 for the lowest), rank_name (str), points (earned in all), recent_points (earned in
    the last RECENT_DAYS days), balance (points to spend)

and answers None for a lead who is not a member."""

from __future__ import annotations

from collections.abc import Callable

RECENT_DAYS = 30
_sources: list[Callable] = []


def register_loyalty_source(source: Callable[[object], dict | None]) -> None:
    if source not in _sources:
        _sources.append(source)


def facts(lead) -> dict | None:
    for source in _sources:
        found = source(lead)
        if found is not None:
            return found
    return None
