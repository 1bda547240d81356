"""Sections other apps add to a member's profile page (rewards shows points there), so the community
shows them without knowing those apps: each is ``section(request, member) -> str`` (HTML, or "")."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

_sections: dict[str, Callable] = {}


def register_profile_section(name: str, section: Callable[[HttpRequest, object], str]) -> None:
    _sections[name] = section


def profile_sections(request: HttpRequest, member) -> list[SafeString]:
    """Each registered section's HTML, in the order the apps registered them (empty ones left out)."""
    out = []
    for section in _sections.values():
        html = section(request, member)
        if html:
            out.append(mark_safe(html))  # noqa: S308 - sections render templates (auto-escaped)
    return out
