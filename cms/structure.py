"""Site structure shared by every page render: menus, breadcrumbs, translations, restrictions.

These change only when content is published, moved, deleted or re-protected, and each of those
bumps the page-cache generation (``cms.cache``). So they are computed once per generation and kept
in the shared cache, where every worker process finds them: an uncached page render then spends
its SQL queries on the page itself, not on the chrome around it.

Values are plain data (dicts, tuples), never model instances, so they pickle small and cannot
carry a stale ORM state into another request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .cache import generation

_MISSING = object()
STRUCTURE_SECONDS = 24 * 3600


# What this process has read of the current generation's structure: a value never changes within a
# generation (a publish starts a new one), so a second read needs no round trip to the shared cache.
_local: dict[str, object] = {}
_local_generation: list[int] = [0]
LOCAL_ENTRIES = 5_000


def forget_local() -> None:
    """For tests (each starts with an empty shared cache, and so a generation that may repeat)."""
    _local.clear()
    _local_generation[0] = 0


def remember(key: str, compute):
    """``compute()`` once per content generation; later calls read this process's copy, or the shared
    cache."""
    current = generation()
    if _local_generation[0] != current or len(_local) > LOCAL_ENTRIES:
        _local.clear()
        _local_generation[0] = current
    full_key = f"cms:s:{current}:{key}"
    value = _local.get(full_key, _MISSING)
    if value is not _MISSING:
        return value
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, STRUCTURE_SECONDS)
    _local[full_key] = value
    return value


def _per_request(request: HttpRequest | None, key: str, compute):
    if request is None:
        return compute()
    store = request.__dict__.setdefault("_cms_structure", {})
    if key not in store:
        store[key] = compute()
    return store[key]


@dataclass(frozen=True)
class PageLink:
    """What a menu, breadcrumb or language link needs of a page."""

    pk: int
    title: str
    url: str
    full_url: str
    path: str
    depth: int


def link(page, request: HttpRequest | None) -> PageLink:
    return PageLink(page.pk, page.title, page.get_url(request) or "", page.get_full_url(request) or "", page.path,
                    page.depth)


def _host(request: HttpRequest | None) -> str:
    return request.get_host() if request is not None else "-"


# --- languages -----------------------------------------------------------------------------------


def locale_codes() -> dict[int, str]:
    from wagtail.models import Locale

    return remember("locales", lambda: dict(Locale.objects.values_list("id", "language_code")))


def language_of(page) -> str:
    """The page's language code without a query per page (``page.locale`` is a foreign key)."""
    cached = page._state.fields_cache.get("locale")
    if cached is not None:
        return cached.language_code
    return locale_codes().get(page.locale_id) or settings.LANGUAGE_CODE


# --- view restrictions ---------------------------------------------------------------------------


def restricted_paths() -> tuple[tuple[str, ...], bool]:
    """Tree paths of every restricted page, and whether any alias exists (aliases inherit restrictions)."""
    from wagtail.models import Page, PageViewRestriction

    def compute():
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        has_aliases = Page.objects.filter(alias_of__isnull=False).exists() if paths else False
        return paths, has_aliases

    return remember("restricted", compute)


# --- chrome: homes, menus, breadcrumbs, translations --------------------------------------------


def is_staff_request(request: HttpRequest | None) -> bool:
    from .models.visibility import _is_staff_cached

    return request is not None and _is_staff_cached(request)


def home_for_language(request: HttpRequest | None, language: str):
    """This site's home page in ``language`` (the default home when it has no translation)."""
    from wagtail.models import Locale, Page, Site

    def compute():
        site = Site.find_for_request(request) if request else None
        root = site.root_page if site else None
        if root is None:
            return None
        if language_of(root) == language:
            return root.pk
        locale = Locale.objects.filter(language_code=language).first()
        translated = root.get_translation_or_none(locale) if locale else None
        return (translated or root).pk

    pk = remember(f"home:{_host(request)}:{language}", compute)
    if pk is None:
        return None
    return _per_request(request, f"home:{language}", lambda: Page.objects.filter(pk=pk).first())


def menu(request: HttpRequest | None, language: str) -> list[PageLink]:
    """Top-level menu: children of this language's home marked 'show in menus' that the visitor may see."""
    from .models.visibility import visible_to

    def compute():
        home = home_for_language(request, language)
        return [link(p, request) for p in visible_to(home.get_children(), request).in_menu()] if home else []

    if is_staff_request(request):
        return _per_request(request, f"menu:{language}", compute)
    return remember(f"menu:{_host(request)}:{language}", compute)


def topic_archive_url(request: HttpRequest | None, language: str) -> str | None:
    from .models.topics import TopicIndexPage

    def compute():
        home = home_for_language(request, language)
        archive = TopicIndexPage.objects.live().descendant_of(home).first() if home else None
        return archive.get_url(request) if archive else None

    return remember(f"topics:{_host(request)}:{language}", compute)


def breadcrumbs(page, request: HttpRequest | None) -> list[PageLink]:
    """Home first, down to the page itself."""

    def compute():
        ancestors = page.get_ancestors().filter(depth__gte=2)
        return [link(p, request) for p in ancestors] + [link(page, request)]

    return remember(f"crumbs:{_host(request)}:{page.pk}", compute)


def translations(page, request: HttpRequest | None) -> list[dict]:
    """The page in every language it is live and visible in: code, url, full_url, noindex."""
    from .models.visibility import visible_to

    def compute():
        pages = visible_to(page.get_translations(inclusive=True), request).select_related("locale").specific()
        return [
            {"code": p.locale.language_code, "url": p.get_url(request), "full_url": p.get_full_url(request),
             "noindex": bool(getattr(p, "noindex", False))}
            for p in pages
        ]

    staff = is_staff_request(request)
    return _per_request(
        request, f"tr:{page.pk}",
        lambda: remember(f"tr:{_host(request)}:{page.pk}:{int(staff)}", compute),
    )
