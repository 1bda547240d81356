from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Page

from ..cache import page_version
from ..fragments import kept
from ..seo import dump_jsonld, share_image_url, structured_data
from ..structure import breadcrumbs

register = template.Library()


@register.simple_tag(takes_context=True)
def seo_context(context, page):
    """Everything the <head> needs for one page, computed once per render."""
    request = context.get("request")
    if context.get("view_seo"):  # a Django view that is a public page of its own (cms.seo.view_seo)
        return context["view_seo"]
    if page is None or not hasattr(type(page), "meta_description"):
        return None
    if not isinstance(page, Page) or not page.pk:
        return _seo(page, request)
    # The page's own version too: its structured data counts the comments under it (cms.cache.retire_page).
    stamp = getattr(request, "_cms_page_stamp", None)
    version = stamp[1] if stamp and stamp[0] == page.pk else page_version(page.pk)
    return kept(request, ("seo", page.pk, version), lambda: _seo(page, request))


def _seo(page, request) -> dict:
    graph = structured_data(page, request)
    return {
        "title": page.seo_title_text,
        "description": page.meta_description,
        "canonical": page.get_full_url(request),
        "robots": page.robots_meta,
        "alternates": page.alternates(request),
        "image": share_image_url(page, request),
        "jsonld": mark_safe(dump_jsonld({"@context": "https://schema.org", "@graph": graph})) if graph else "",
        "og_type": "article" if hasattr(page, "author_name") else "website",
    }


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return breadcrumbs(page, context.get("request"))


SHARE_CHANNELS = [
    ("kakaotalk", "KakaoTalk", None),
    ("x", "X", "https://twitter.com/intent/tweet?url={url}&text={text}"),
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
]


SHARE_SOURCES = [source for source, _label, _pattern in SHARE_CHANNELS]


def tagged_url(url: str, source: str) -> str:
    """The page URL with UTM parameters, so visits can be counted per channel."""
    from urllib.parse import urlencode

    sep = "&" if "?" in url else "?"
    return f"{url}{sep}{urlencode({'utm_source': source, 'utm_medium': 'social', 'utm_campaign': 'share'})}"


@register.simple_tag(takes_context=True)
def share_links(context, page):
    """Share buttons without third-party scripts: plain links, plus the system share sheet."""
    from urllib.parse import quote

    from ..sharing import share_urls

    request = context.get("request")
    url = page.get_full_url(request)
    shared = share_urls(page, {source: tagged_url(url, source) for source in [*SHARE_SOURCES, "copy"]})
    out = []
    for source, label, pattern in SHARE_CHANNELS:
        target = shared[source]
        href = pattern.format(url=quote(target, safe=""), text=quote(page.title, safe="")) if pattern else target
        out.append({"source": source, "label": label, "href": href, "url": target})
    return {"links": out, "copy_url": shared["copy"]}
