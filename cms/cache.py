"""Full-page cache for anonymous visitors.

Every publish, unpublish, move or delete bumps one generation number, which retires every cached
page at once: a publish can change menus, listings and related links on many other pages, so
per-URL purging would miss some. Responses that set cookies or carry a CSRF token (pages with
forms) are never stored, so no visitor ever gets another visitor's token.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "cms:page-cache:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate_all(**kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): anything cached under an older number is dead anyway
        cache.set(GENERATION_KEY, 2, None)


def cache_key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"cms:page:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def mark_cacheable(page, request, serve_args, serve_kwargs) -> None:
    """Wagtail ``before_serve_page`` hook: only public pages may be stored."""
    from .models.visibility import is_private

    request._cms_page_cacheable = not is_private(page, request)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @property
    def seconds(self) -> int:
        return getattr(settings, "PAGE_CACHE_SECONDS", 600)

    def is_candidate(self, request: HttpRequest) -> bool:
        return (
            self.seconds > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(("/admin/", "/django-admin/", "/api/", "/static/", "/media/"))
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.is_candidate(request):
            return self.get_response(request)
        key = cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type, language = cached
            response = HttpResponse(content, content_type=content_type)
            response["Content-Language"] = language
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if (
            getattr(request, "_cms_page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            and not getattr(response, "streaming", False)
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"], response.get("Content-Language", "")),
                      self.seconds)
            response["X-Cache"] = "MISS"
        return response
