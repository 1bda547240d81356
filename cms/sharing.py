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


# The "File a post" panel's tracked-link builder: HTML an app renders for the request (insights does),
# so staff who file a post can share a page with a tracked link in the same place.
_link_builder: list[Callable[[object], str]] = []


def register_link_builder(render: Callable[[object], str]) -> None:
    _link_builder[:] = [render]


def link_builder(request) -> str:
    return _link_builder[0](request) if _link_builder else ""
