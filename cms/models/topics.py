"""The shared topic vocabulary, teams, and the topic archive."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.snippets.models import register_snippet

from .mixins import IndexPage


class BilingualName:
    """``label()`` for models with a Korean ``name`` and an optional ``name_en`` (topics, teams, partners)."""

    def label(self, language: str | None = None) -> str:
        language = (language or get_language() or "ko")[:2]
        return self.name_en if language == "en" and self.name_en else self.name


class Topic(BilingualName, TagBase):
    """One vocabulary shared by articles, posts, events and landing pages, in both languages.

    A single tag table (rather than taggit's per-language free tags) is what lets search, related
    content and nurture interests treat "검색" on a Korean post and "search" on its English
    translation as the same interest.
    """

    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = ["name", "name_en", "slug", "description"]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = slugify(self.name_en or tag, allow_unicode=True)[:90] or "topic"
        return slug if i is None else f"{slug}-{i}"



register_snippet(Topic)


class TopicTaggedItem(ItemBase):
    """Base for the per-page-type through tables; all point at the one Topic table."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="%(class)s_items")

    class Meta:
        abstract = True


class Team(BilingualName, models.Model):
    """A team that files posts; its lead approves them (결재)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), unique=True, allow_unicode=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
        verbose_name=_("team lead"),
    )

    panels = ["name", "name_en", "slug", "lead"]

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name



register_snippet(Team)


class TopicIndexPage(RoutablePageMixin, IndexPage):
    """Topic archive: every topic, and per topic the pages in this language that carry it."""

    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("topic archive")

    @path("")
    def topic_list(self, request):
        from ..listing import topic_counts

        return self.render(
            request,
            context_overrides={"topics": topic_counts(request, self.locale)},
            template="cms/topic_index_page.html",
        )

    @path("<str:slug>/")
    def topic_detail(self, request, slug):
        from ..listing import pages_with_topic

        topic = get_object_or_404(Topic, slug=slug)
        pages = pages_with_topic(request, topic, self.locale)
        if not pages and not Topic.objects.filter(pk=topic.pk).exists():
            raise Http404
        return self.render(
            request,
            context_overrides={"topic": topic, "topic_pages": pages},
            template="cms/topic_detail_page.html",
        )


class ImportedSource(models.Model):
    """Which file a page was imported from, and its content hash: how re-imports skip or update."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="imported_source")
    source_name = models.CharField(max_length=255)
    source_hash = models.CharField(max_length=64)
    original = models.TextField(blank=True)  # an HTML page as it was, before its navigation and ads were dropped
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported source")

    def __str__(self) -> str:
        return f"{self.source_name} → {self.page_id}"
