"""Share buttons' links, through one registered builder: the CMS draws the buttons, and an app that
counts visits (insights) may give each button its own tracked link. Without one, a button's link is
the page's address with utm_* for its network."""

from __future__ import annotations

from collections.abc import Callable

# (page, {source: tagged url}) → {source: the link the button shares}
ShareBuilder = Callable[[object, dict[str, str]], dict[str, str]]
_builder: list[ShareBuilder] = []


def register_share_links(build: ShareBuilder) -> None:
    _builder[:] = [build]


def share_urls(page, tagged: dict[str, str]) -> dict[str, str]:
    return _builder[0](page, tagged) if _builder else tagged
