"""Navigation, language switch and topic links, from the per-generation site structure."""

from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Page

from .. import structure
from ..text import html_to_text

register = template.Library()


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@register.simple_tag(takes_context=True)
def nav_pages(context):
    """Top-level menu: the children of this language's home page marked 'show in menus'."""
    return structure.menu(context.get("request"), _language())


@register.simple_tag(takes_context=True)
def translations_of(context, page):
    """Links to this page in each language; the other language's home when there is no translation."""
    request = context.get("request")
    current = _language()
    names = dict(settings.LANGUAGES)
    by_code = {}
    if isinstance(page, Page) and page.pk:
        by_code = {t["code"]: t["url"] for t in structure.translations(page, request)}
    out = []
    for code, name in settings.LANGUAGES:
        url = by_code.get(code) or ("/" if code == settings.LANGUAGE_CODE else f"/{code}/")
        out.append({"code": code, "name": names.get(code, name), "url": url, "current": code == current})
    return out


@register.simple_tag(takes_context=True)
def topic_url(context, slug):
    base = structure.topic_archive_url(context.get("request"), _language())
    return f"{base}{slug}/" if base else "#"


@register.filter
def plaintext(value) -> str:
    """The text of rich text on one line, its paragraphs kept apart (``striptags`` glues them)."""
    return html_to_text(value, separator=" ")
