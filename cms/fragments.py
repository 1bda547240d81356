"""Rendered pieces of a page kept per content generation, in each process's memory.

Between two publishes an article's body, its related links, its share buttons and its <head> are
the same for every anonymous visitor; rendering them again on each request was most of an
uncached view's time. A piece is keyed by the content generation (any publish, move, unpublish or
restriction change starts a new one, see cms.cache), the page, the language, the host (the share
links and canonical URL are absolute) and whether the visitor is staff (staff see internal pages in
lists). Previews never use it: they show unsaved content under the live page's id.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from .cache import generation
from .structure import is_staff_request

MAX_PIECES = 1000  # per process; a piece is a few kilobytes of HTML or a small dict
_pieces: OrderedDict[tuple, Any] = OrderedDict()
_lock = threading.Lock()


def request_generation(request: HttpRequest) -> int:
    """Read once per request: every piece of one response comes from the same generation."""
    if "_cms_generation" not in request.__dict__:
        request._cms_generation = generation()
    return request._cms_generation


def keepable(request: HttpRequest | None) -> bool:
    return (request is not None and request.method in ("GET", "HEAD") and not getattr(request, "is_preview", False)
            and not getattr(request, "revision_id", None))


def kept(request: HttpRequest | None, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per generation and variant in this process; a preview always computes."""
    if not keepable(request):
        return compute()
    full = (request_generation(request), get_language(), request.get_host(), is_staff_request(request), *key)
    with _lock:
        if full in _pieces:
            _pieces.move_to_end(full)
            return _pieces[full]
    value = compute()
    with _lock:
        _pieces[full] = value
        while len(_pieces) > MAX_PIECES:
            _pieces.popitem(last=False)
    return value


def forget_all() -> None:
    """Tests: a rolled-back database reuses ids and generations."""
    with _lock:
        _pieces.clear()
