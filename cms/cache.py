"""Full-page cache for anonymous visitors.

Every publish, unpublish, move or delete bumps one generation number, which retires every cached
page at once: a publish can change menus, listings and related links on many other pages, so
per-URL purging would miss some. Responses that set cookies or carry a CSRF token (pages with
forms) are never stored, so no visitor ever gets another visitor's token.

With ``PAGE_CACHE_DIR`` set, each stored page is also written as a file,
``<dir>/current/<host><path>index.html``, for a front web server to send without asking Django
(deploy/nginx.conf does this for GET and HEAD without a session cookie or query string).
``current`` is a symlink to one directory per generation; a bump points it at a fresh directory
in one atomic rename and deletes the old ones, so the files retire with the cache entries.

A change that only one page shows (a comment under it) must not retire every page: ``retire_page``
bumps that page's own version instead. Each stored copy carries the page id and the version it was
rendered under, and a hit whose version has moved on is rendered again; the page's files for the
front server are deleted at once. Every query-string variant and host of the page goes with it,
which purging by URL could not promise.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from .counters import incr_many

GENERATION_KEY = "cms:page-cache:generation"
# Paths that are never a page a visitor reads: neither cached nor routed from memory (cms.routing).
NOT_PAGES = ("/admin/", "/django-admin/", "/api/", "/static/", "/media/", "/documents/")


def _fresh_generation() -> int:
    """After the cache lost the number (a restart, a flush), start above every number used before it:
    processes keep rendered pieces per generation in memory (cms.fragments) and must not reuse them."""
    return int(time.time() * 1000)


# Within one request the generation is read once: a render asks for it with every piece of structure
# it remembers (menus, crumbs, translations, restrictions), each a round trip to the shared cache.
# One number per request also keeps every piece of one response from the same generation.
_request = threading.local()


def generation() -> int:
    known = getattr(_request, "generation", None)
    if known is not None:
        return known
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), None)
        value = cache.get(GENERATION_KEY) or _fresh_generation()
    if getattr(_request, "active", False):
        _request.generation = value
    return value


def request_started(**kwargs) -> None:
    _request.active, _request.generation = True, None


def request_finished(**kwargs) -> None:
    _request.active, _request.generation = False, None


def _page_version_key(page_id: int) -> str:
    return f"cms:page-cache:page:{page_id}"


def page_version(page_id: int) -> int:
    """The version one page's cached copies must carry to be served (see ``retire_page``)."""
    key = _page_version_key(page_id)
    value = cache.get(key)
    if value is None:  # lost: start above any number a stored copy may carry
        cache.add(key, _fresh_generation(), None)
        value = cache.get(key) or _fresh_generation()
    return value


def retire_page(page) -> None:
    """Retire one page's cached copies and front-server files; every other page keeps its own."""
    key = _page_version_key(page.pk)
    if incr_many([(key, None)])[0] == 1:  # the number was lost: start above any a stored copy may carry
        cache.set(key, _fresh_generation(), None)
    root = file_cache_dir()
    if root is None or not (root / "current").exists():
        return
    for _site_id, _root_url, path in _url_parts(page):
        relative = path.strip("/")
        if not relative or any(part in (".", "..") for part in relative.split("/")):
            continue
        for stale in (root / "current").glob(f"*/{relative}/index.html"):
            stale.unlink(missing_ok=True)


def _url_parts(page) -> list:
    parts = page.get_url_parts()
    return [parts] if parts else []


def invalidate_all(**kwargs) -> None:
    _request.generation = None  # the rest of this request reads the new number
    try:
        new = cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): anything cached under an older number is dead anyway
        new = _fresh_generation()
        cache.set(GENERATION_KEY, new, None)
    if file_cache_dir() is not None:
        activate_file_generation(new)


# --- files for the front server --------------------------------------------------------------------


def file_cache_dir() -> Path | None:
    value = getattr(settings, "PAGE_CACHE_DIR", None)
    return Path(value) if value else None


def activate_file_generation(number: int) -> Path:
    """Point ``current`` at this generation's directory (created empty) and delete the others."""
    root = file_cache_dir()
    target = root / f"g{number}"
    target.mkdir(parents=True, exist_ok=True)
    current = root / "current"
    if not (current.is_symlink() and os.readlink(current) == target.name):
        temp = root / f".current-{os.getpid()}-{number}"
        temp.unlink(missing_ok=True)
        temp.symlink_to(target.name)
        os.replace(temp, current)  # atomic: the front server sees the old or the new tree, never none
    for old in root.glob("g*"):
        if old.name != target.name:
            shutil.rmtree(old, ignore_errors=True)
    return target


def page_file(request: HttpRequest, number: int) -> Path | None:
    """Where the front server will look for this request's page, or None when it never looks."""
    from django.http.request import split_domain_port

    root = file_cache_dir()
    path = request.path
    if root is None or request.META.get("QUERY_STRING") or not path.endswith("/") or "\x00" in path:
        return None
    if any(part in (".", "..") for part in path.split("/")):
        return None
    host, _port = split_domain_port(request.get_host())
    if not host:
        return None
    return root / f"g{number}" / host.lower() / path.strip("/") / "index.html"


def write_page_file(request: HttpRequest, number: int, content: bytes, stamp: tuple | None = None) -> None:
    """Atomically write the page for the front server, unless the generation (or the page's own version,
    ``stamp`` = (page id, version)) moved on meanwhile."""
    target = page_file(request, number)
    if target is None or generation() != number:
        return
    current = file_cache_dir() / "current"
    if not (current.is_symlink() and os.readlink(current) == f"g{number}"):
        activate_file_generation(number)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".page-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.chmod(temp, 0o644)
    os.replace(temp, target)
    # retire_page bumps the version before it deletes files: either it deletes this one, or this check
    # sees the bump and deletes it. A stale file never outlives a retire.
    if stamp is not None and page_version(stamp[0]) != stamp[1]:
        target.unlink(missing_ok=True)


# Parameters that say where a reader came from and never change the page (the visit beacon reads them
# in the browser): a share link with them is served the same cached copy.
TRACKING_PREFIX = "utm_"
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "gbraid", "wbraid", "igshid", "twclid", "n_media", "napm",
                             "msclkid"})


def _page_query(query: str) -> str:
    if not query:
        return ""
    kept = [part for part in query.split("&") if part and not (
        part.split("=", 1)[0].lower().startswith(TRACKING_PREFIX) or part.split("=", 1)[0].lower() in TRACKING_PARAMS)]
    return "&".join(kept)


def cache_key(request: HttpRequest, number: int | None = None) -> str:
    query = _page_query(request.META.get("QUERY_STRING", ""))
    raw = f"{request.get_host()}|{request.path}{'?' + query if query else ''}"
    number = generation() if number is None else number
    return f"cms:page:{number}:{hashlib.sha256(raw.encode()).hexdigest()}"


def mark_cacheable(page, request, serve_args, serve_kwargs) -> None:
    """Wagtail ``before_serve_page`` hook: only public pages may be stored."""
    from .models.visibility import is_private

    request._cms_page_cacheable = not is_private(page, request)
    # Read before the page renders: a comment approved meanwhile makes this copy stale at once.
    request._cms_page_stamp = (page.pk, page_version(page.pk))


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
            and not request.path_info.startswith(NOT_PAGES)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.is_candidate(request):
            return self.get_response(request)
        number = generation()
        key = cache_key(request, number)
        cached = cache.get(key)
        if cached is not None and _still_current(cached):
            content, content_type, language = cached[:3]
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
            stamp = getattr(request, "_cms_page_stamp", None)
            cache.set(key, (response.content, response["Content-Type"], response.get("Content-Language", ""), stamp),
                      self.seconds)
            if request.method == "GET":
                write_page_file(request, number, response.content, stamp)
            response["X-Cache"] = "MISS"
        return response


def _still_current(cached: tuple) -> bool:
    stamp = cached[3] if len(cached) > 3 else None
    return stamp is None or page_version(stamp[0]) == stamp[1]


def expire_page_files(max_age: int | None = None) -> int:
    """Delete page files older than the cache lifetime (the front server cannot check ages)."""
    import time

    root = file_cache_dir()
    if root is None or not (root / "current").exists():
        return 0
    max_age = getattr(settings, "PAGE_CACHE_SECONDS", 600) if max_age is None else max_age
    cutoff = time.time() - max_age
    removed = 0
    for path in (root / "current").resolve().rglob("index.html"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # a bump removed the whole tree meanwhile
            pass
    return removed
