"""What other apps lend to nurture emails, registered by them in their ``AppConfig.ready()``.

Nurture sends sequences; it does not know which apps recommend things or own a sign-up form.
An app that does registers here instead of nurture importing it, so the dependency runs one
way only (the app → nurture) and nurture works with none of them installed:

- a **content provider** fills the "recommended for you" block of an email for one lead
  (the shop wizard's picks, later a community's threads);
- an **entry point** names the sequences a consent given on the app's own form starts
  (the form is ``"<prefix><key>"``, e.g. ``"wizard:community-tools"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Lead, Sequence


@dataclass(frozen=True)
class ProvidedItem:
    """One link in the block: the title the reader sees and where it goes (a path or a full URL)."""

    title: str
    url: str
    page_id: int | None = None  # a Wagtail page, so it counts as read-or-sent for the next pick


@dataclass(frozen=True)
class ContentProvider:
    key: str
    label: str
    items: Callable[[Lead], list[ProvidedItem]]
    heading: str = ""  # the block's heading when the editor left it empty (already translated when used)


_providers: dict[str, ContentProvider] = {}
_entry_points: dict[str, Callable[[str], Iterable[Sequence]]] = {}


def register_content_provider(provider: ContentProvider) -> None:
    """Registering the same key again replaces it (``ready()`` may run twice in tests)."""
    _providers[provider.key] = provider


def content_providers() -> list[ContentProvider]:
    return list(_providers.values())


def content_provider(key: str) -> ContentProvider | None:
    return _providers.get(key)


def provider_choices() -> list[tuple[str, str]]:
    """For the email block's chooser: "" asks every provider in turn."""
    from django.utils.translation import gettext_lazy as _

    return [("", _("Any (the first that has something for the lead)")),
            *((p.key, p.label) for p in _providers.values())]


def register_entry_point(prefix: str, sequences: Callable[[str], Iterable[Sequence]]) -> None:
    """A consent whose form is ``prefix + key`` starts ``sequences(key)`` once it is confirmed."""
    _entry_points[prefix] = sequences


def sequences_for_form(form: str) -> Iterable[Sequence]:
    for prefix, sequences in _entry_points.items():
        if form.startswith(prefix):
            return sequences(form[len(prefix):])
    return []
