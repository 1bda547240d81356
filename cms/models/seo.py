"""Per-page SEO shared by every page type: robots switches, descriptions, alternates, sitemap entries.

Wagtail core has the title and description fields; what it lacks (per-page noindex, hreflang in the
sitemap, description fallbacks) lives here so each page type gets it by inheriting one mixin.
"""

from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, HelpPanel, MultiFieldPanel

from ..text import first_paragraph, html_to_text
from .visibility import CachedRestrictionsMixin

DESCRIPTION_LENGTH = 160


class SeoMixin(CachedRestrictionsMixin, models.Model):
    noindex = models.BooleanField(
        _("hide from search engines (noindex)"), default=False,
        help_text=_("Also keeps the page out of the sitemap, feeds and related links."),
    )
    nofollow = models.BooleanField(_("do not follow links (nofollow)"), default=False)

    seo_panels = [
        MultiFieldPanel([FieldRowPanel(["noindex", "nofollow"])], heading=_("Search engines")),
        HelpPanel(template="cms/admin/seo_preview_panel.html", heading=_("Search result preview")),
    ]

    class Meta:
        abstract = True

    # --- text -----------------------------------------------------------------------------------

    @property
    def seo_title_text(self) -> str:
        return self.seo_title or self.title

    def body_text(self) -> str:
        """The first paragraph of the page's main text, whatever field holds it."""
        body = getattr(self, "body", None)
        if body is None:
            return ""
        if hasattr(body, "raw_data"):  # StreamField
            for block in body:
                if block.block_type == "paragraph":
                    text = first_paragraph(getattr(block.value, "source", block.value))
                    if text:
                        return text
            return ""
        return first_paragraph(body)

    @property
    def meta_description(self) -> str:
        """search description → summary → first paragraph → intro / hero text."""
        for candidate in (
            self.search_description,
            getattr(self, "summary", ""),
            self.body_text(),
            getattr(self, "intro", ""),
            getattr(self, "hero_text", ""),
        ):
            text = html_to_text(candidate, separator=" ")
            if text:
                return Truncator(text).chars(DESCRIPTION_LENGTH)
        return ""

    @property
    def robots_meta(self) -> str:
        return ", ".join(
            ["noindex" if self.noindex else "index", "nofollow" if self.nofollow else "follow"]
        )

    @property
    def share_image(self):
        return getattr(self, "hero_image", None)

    # --- languages ------------------------------------------------------------------------------

    def alternates(self, request=None) -> list[dict]:
        """hreflang alternates: each live, public, indexable translation, plus x-default."""
        from ..structure import translations

        out = [{"lang_code": t["code"], "location": t["full_url"]} for t in translations(self, request)
               if not t["noindex"]]
        out.sort(key=lambda a: (a["lang_code"] != settings.LANGUAGE_CODE, a["lang_code"]))
        default = next((a for a in out if a["lang_code"] == settings.LANGUAGE_CODE), None)
        if default and len(out) > 1:
            out.append({"lang_code": "x-default", "location": default["location"]})
        return out

    # --- sitemap --------------------------------------------------------------------------------

    def get_sitemap_urls(self, request=None):
        if self.noindex:
            return []
        urls = super().get_sitemap_urls(request)
        alternates = self.alternates(request)
        if len(alternates) > 1:
            for url in urls:
                url["alternates"] = alternates
        return urls

