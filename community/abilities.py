"""Abilities other apps may grant a member (a rewards rank lets a member post links as trusted members
do), asked by the community without knowing those apps: each source is ``source(member) -> bool``."""

from __future__ import annotations

from collections.abc import Callable

_sources: dict[str, list[Callable]] = {}

POST_LINKS = "post_links"  # post links beyond the new-member limit


def register_ability(name: str, source: Callable[[object], bool]) -> None:
    if source not in _sources.setdefault(name, []):
        _sources[name].append(source)


def granted(name: str, member) -> bool:
    return any(source(member) for source in _sources.get(name, ()))
