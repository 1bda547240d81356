from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Page

from ..seo import breadcrumbs, dump_jsonld, share_image_url, structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def seo_context(context, page):
    """Everything the <head> needs for one page, computed once per render."""
    request = context.get("request")
    if page is None or not hasattr(page, "meta_description"):
        return None
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


@register.simple_tag
def breadcrumb_trail(page):
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return breadcrumbs(page)
