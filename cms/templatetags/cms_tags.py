from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from ..models.topics import TopicIndexPage

register = template.Library()


def _home_for_language(request) -> Page | None:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    if root is None:
        return None
    locale = Locale.objects.filter(language_code=language).first()
    if locale and root.locale_id != locale.pk:
        return root.get_translation_or_none(locale) or root
    return root


@register.simple_tag(takes_context=True)
def nav_pages(context):
    """Top-level menu: the children of this language's home page marked 'show in menus'."""
    home = _home_for_language(context.get("request"))
    if home is None:
        return []
    return home.get_children().live().public().in_menu()


@register.simple_tag(takes_context=True)
def translations_of(context, page):
    """Links to this page in each language; the other language's home when there is no translation."""
    request = context.get("request")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    names = dict(settings.LANGUAGES)
    out = []
    for locale in Locale.objects.order_by("pk"):
        code = locale.language_code
        url = None
        if isinstance(page, Page):
            target = page if page.locale_id == locale.pk else page.get_translation_or_none(locale)
            if target is not None and target.live:
                url = target.get_url(request)
        if url is None:
            url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        out.append({"code": code, "name": names.get(code, code), "url": url, "current": code == current})
    return out


@register.simple_tag(takes_context=True)
def topic_url(context, slug):
    request = context.get("request")
    home = _home_for_language(request)
    archive = TopicIndexPage.objects.live().descendant_of(home).first() if home else None
    if archive is None:
        return "#"
    return archive.get_url(request) + f"{slug}/"


