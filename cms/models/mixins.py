"""Pieces shared by the page types."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from .seo import SeoMixin


class TopicsMixin:
    """Gives a page with a ``topics`` manager a language-aware list of its topics."""

    def topic_list(self, language: str | None = None) -> list[dict]:
        language = language or (_language_of(self) if self.locale_id else get_language())
        return [{"slug": t.slug, "name": t.label(language)} for t in self._topic_objects()]

    def _topic_objects(self) -> list:
        """The head, the body, related lists and the API all ask; fetched once per instance."""
        if "_topics" not in self.__dict__:
            self.__dict__["_topics"] = sorted(self.topics.all(), key=lambda t: t.name)
        return self.__dict__["_topics"]

    def topic_ids(self) -> list[int]:
        """Topic primary keys, looked up once per page instance (related lists all need them)."""
        return [t.pk for t in self._topic_objects()]

    @property
    def topic_data(self) -> list[dict]:
        """Topics as the API shows them."""
        return self.topic_list()


class ConversationMixin(models.Model):
    """A page visitors may talk under (the community app renders and moderates the conversation).

    The editor's switch for this page; the community's settings hold the switch per page type.
    """

    comments_open = models.BooleanField(
        _("open to comments"), default=True,
        help_text=_("Members can comment under this page (when comments are on for its page type)."))

    settings_panels = Page.settings_panels + ["comments_open"]

    class Meta:
        abstract = True


def person_name(user) -> str:
    """Korean names read family name first with no space (김지우); others as Django joins them."""
    if user is None:
        return ""
    first, last = user.first_name.strip(), user.last_name.strip()
    if any("\uac00" <= ch <= "\ud7a3" for ch in first + last):
        return f"{last}{first}"
    return user.get_full_name() or user.get_username()


RENDITIONS = {"thumbnail": "fill-400x300", "medium": "width-800", "large": "width-1600", "share": "fill-1200x630"}


def image_renditions(image) -> dict | None:
    if image is None:
        return None
    out = {"id": image.pk, "title": image.title, "alt": image.description or image.title,
           "width": image.width, "height": image.height}
    for name, spec in RENDITIONS.items():
        rendition = image.get_rendition(spec)
        out[name] = {"url": rendition.url, "width": rendition.width, "height": rendition.height}
    return out


class IndexPage(SeoMixin, Page):
    """A section page under a home page: an intro, then a listing its subclass builds."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]

    class Meta:
        abstract = True


def _language_of(page) -> str:
    from ..structure import language_of

    return language_of(page)
