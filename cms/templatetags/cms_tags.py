"""Navigation, language switch and topic links. Each looks its data up once per request."""

from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from ..models.topics import TopicIndexPage
from ..models.visibility import visible_to

register = template.Library()


def _memo(request, key, compute):
    if request is None:
        return compute()
    store = request.__dict__.setdefault("_cms_tag_cache", {})
    if key not in store:
        store[key] = compute()
    return store[key]


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _home_for_language(request) -> Page | None:
    def compute():
        site = Site.find_for_request(request) if request else None
        root = site.root_page if site else None
        if root is None:
            return None
        if root.locale.language_code == _language():
            return root
        locale = Locale.objects.filter(language_code=_language()).first()
        return (root.get_translation_or_none(locale) if locale else None) or root

    return _memo(request, f"home:{_language()}", compute)


@register.simple_tag(takes_context=True)
def nav_pages(context):
    """Top-level menu: the children of this language's home page marked 'show in menus'."""
    request = context.get("request")

    def compute():
        home = _home_for_language(request)
        return list(visible_to(home.get_children(), request).in_menu()) if home else []

    return _memo(request, f"nav:{_language()}", compute)


@register.simple_tag(takes_context=True)
def translations_of(context, page):
    """Links to this page in each language; the other language's home when there is no translation."""
    request = context.get("request")
    current = _language()
    names = dict(settings.LANGUAGES)
    by_code = {}
    if isinstance(page, Page) and hasattr(page, "live_translations"):
        by_code = {p.locale.language_code: p.get_url(request) for p in page.live_translations(request)}
    out = []
    for code, name in settings.LANGUAGES:
        url = by_code.get(code) or ("/" if code == settings.LANGUAGE_CODE else f"/{code}/")
        out.append({"code": code, "name": names.get(code, name), "url": url, "current": code == current})
    return out


@register.simple_tag(takes_context=True)
def topic_url(context, slug):
    request = context.get("request")

    def compute():
        home = _home_for_language(request)
        archive = TopicIndexPage.objects.live().descendant_of(home).first() if home else None
        return archive.get_url(request) if archive else None

    base = _memo(request, f"topics:{_language()}", compute)
    return f"{base}{slug}/" if base else "#"
