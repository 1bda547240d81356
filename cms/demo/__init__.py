"""The demo site's content. Other apps add their own demo (a nurture sequence, a wizard) by
registering a loader in their ``AppConfig.ready()``; ``load_demo`` runs them after the pages, in
the order the apps are installed, so the CMS never imports them.
"""

from __future__ import annotations

from collections.abc import Callable

_loaders: dict[str, Callable[[], int]] = {}


def register_demo(name: str, load: Callable[[], int]) -> None:
    """``load()`` creates what is missing (idempotent) and returns how many objects it created."""
    _loaders[name] = load


def demo_loaders() -> list[Callable[[], int]]:
    return list(_loaders.values())
