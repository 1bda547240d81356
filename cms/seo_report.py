"""The editor SEO report: what to fix, page by page, before search engines notice.

Title widths count Hangul and other wide characters twice, because search results cut titles by
rendered width (about 60 Latin characters), not by character count.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import Image
from wagtail.models import Page, ReferenceIndex

TITLE_MAX_WIDTH = 60
TITLE_MIN_WIDTH = 15
DESCRIPTION_MAX_WIDTH = 160

ISSUES = {
    "no_description": _("No description, and no text to fall back on"),
    "title_long": _("Title too long for search results"),
    "title_short": _("Title too short to describe the page"),
    "title_duplicate": _("Same title as another page"),
    "description_long": _("Description will be cut off"),
    "orphan": _("No other page links to this article"),
    "noindex": _("Hidden from search engines (noindex)"),
}


def text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


@dataclass
class Row:
    page: Page
    issue: str
    detail: str

    @property
    def label(self) -> str:
        return str(ISSUES[self.issue])


def _seo_pages():
    from .models.seo import SeoMixin

    pages = Page.objects.live().filter(depth__gt=1).select_related("locale").specific()
    return [p for p in pages if isinstance(p, SeoMixin)]


def _linked_page_ids(pages) -> set[int]:
    page_ct = ContentType.objects.get_for_model(Page)
    refs = ReferenceIndex.objects.filter(to_content_type=page_ct, base_content_type=page_ct)
    linked = {int(to_id) for to_id, from_id in refs.values_list("to_object_id", "object_id") if to_id != from_id}
    # A pillar page lists its cluster articles, and events list their outputs.
    for page in pages:
        if getattr(page, "pillar_id", None):
            linked.add(page.pk)
    from .models.events import EventPage

    linked.update(EventPage.outputs.through.objects.values_list("postpage_id", flat=True))
    return linked


def page_rows() -> list[Row]:
    from .models.articles import ArticlePage
    from .models.home import HomePage
    from .models.landing import LandingPage
    from .models.mixins import IndexPage

    pages = _seo_pages()
    rows: list[Row] = []
    titles: dict[tuple[int, str], list[Page]] = defaultdict(list)
    linked = _linked_page_ids(pages)
    for page in pages:
        title = page.seo_title_text
        titles[(page.locale_id, title.strip().lower())].append(page)
        width = text_width(title)
        if width > TITLE_MAX_WIDTH:
            rows.append(Row(page, "title_long", f"{width} / {TITLE_MAX_WIDTH}"))
        elif width < TITLE_MIN_WIDTH and not isinstance(page, HomePage | IndexPage):
            rows.append(Row(page, "title_short", f"{width} / {TITLE_MIN_WIDTH}"))
        if not page.meta_description:
            rows.append(Row(page, "no_description", ""))
        elif text_width(page.meta_description) > DESCRIPTION_MAX_WIDTH and page.search_description:
            rows.append(Row(page, "description_long", f"{text_width(page.search_description)}"))
        if page.noindex:
            rows.append(Row(page, "noindex", ""))
        # Base content and campaigns should be reachable from other pages' content; posts and
        # events live in their listings and feeds.
        if page.pk not in linked and isinstance(page, ArticlePage | LandingPage):
            rows.append(Row(page, "orphan", ""))
    for same in titles.values():
        if len(same) > 1:
            for page in same:
                others = ", ".join(f"#{p.pk}" for p in same if p.pk != page.pk)
                rows.append(Row(page, "title_duplicate", others))
    order = list(ISSUES)
    return sorted(rows, key=lambda r: (order.index(r.issue), r.page.title))


def images_without_alt():
    return Image.objects.filter(description="").order_by("title")
