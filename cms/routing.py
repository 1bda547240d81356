"""Routing a page request without walking the tree each time.

Wagtail finds a request's page with a site lookup, the localized root and a walk down the tree
(five queries here, a fifth of an uncached article's time). Between two publishes the page at a
path does not change, so each process remembers, per content generation (cms.cache), which page
and site a host and path led to; the next request reads that page in one query and still goes
through ``Page.route``, so an unpublished page or a sub-route (an event's registration) behaves as
before. Only exact matches are remembered: a path that is a page's own URL.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.http import Http404, HttpRequest

from .cache import NOT_PAGES
from .fragments import request_generation

MAX_ROUTES = 5000
_routes: OrderedDict[tuple, tuple] = OrderedDict()
_lock = threading.Lock()


class RememberedRouteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        key = None
        if request.method in ("GET", "HEAD") and not request.path_info.startswith(NOT_PAGES):
            key = (request_generation(request), request._get_raw_host(), request.path_info)
            with _lock:
                hit = _routes.get(key)
            if hit is not None and _use(request, *hit):
                return self.get_response(request)
        response = self.get_response(request)
        if key is not None:
            _remember(request, key)
        return response


def _use(request: HttpRequest, site, model, page_id: int) -> bool:
    page = model.objects.filter(pk=page_id).first()
    if page is None:
        return False
    request._wagtail_site = site
    try:
        request._wagtail_route_for_request = page.route(request, [])
    except Http404:
        request._wagtail_route_for_request = None
    return True


def _remember(request: HttpRequest, key: tuple) -> None:
    result = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if result is None or site is None or getattr(request, "is_preview", False):
        return
    page, args, kwargs = result
    if args or kwargs or page.get_url(request) != request.path:
        return
    with _lock:
        _routes[key] = (site, type(page), page.pk)
        while len(_routes) > MAX_ROUTES:
            _routes.popitem(last=False)


def forget_all() -> None:
    with _lock:
        _routes.clear()
