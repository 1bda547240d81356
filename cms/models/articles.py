from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from .mixins import ConversationMixin, IndexPage, TopicsMixin
from .seo import SeoMixin
from .topics import Topic, TopicTaggedItem
from .visibility import visible_to


class ArticlePageTopic(TopicTaggedItem):
    content_object = ParentalKey("cms.ArticlePage", related_name="topic_items", on_delete=models.CASCADE)


class ArticleIndexPage(IndexPage):
    """Lists base content, filterable by topic; pillar pages first."""

    subpage_types = ["cms.ArticlePage"]

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = visible_to(ArticlePage.objects.child_of(self), request).prefetch_related("topics")
        topic = request.GET.get("topic")
        if topic:
            articles = articles.filter(topics__slug=topic)
            context["active_topic"] = Topic.objects.filter(slug=topic).first()
        context["articles"] = articles.order_by("-is_pillar", "-first_published_at")
        context["topics"] = Topic.objects.filter(
            articlepagetopic_items__content_object__in=ArticlePage.objects.child_of(self).live().public()
        ).distinct()
        return context


class ArticlePage(TopicsMixin, SeoMixin, ConversationMixin, Page):
    """Base content (기반콘텐츠): evergreen articles, guides and pillar pages.

    A pillar page gathers a topic; cluster articles point at their pillar so readers (and search
    engines) can move between the overview and the detail.
    """

    summary = models.TextField(_("summary"), max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles", verbose_name=_("author"),
    )
    topics = ClusterTaggableManager(through=ArticlePageTopic, blank=True, verbose_name=_("topics"))
    is_pillar = models.BooleanField(_("pillar page"), default=False)
    pillar = models.ForeignKey(
        "cms.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="cluster_articles", limit_choices_to={"is_pillar": True},
        verbose_name=_("pillar page"),
    )

    content_panels = Page.content_panels + [
        "summary",
        "hero_image",
        "body",
        MultiFieldPanel(["author", "topics", "is_pillar", "pillar"], heading=_("About")),
    ]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name", boost=2)]),
        index.FilterField("is_pillar"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("image_data"),
        APIField("body"),
        APIField("topic_data"),
        APIField("is_pillar"),
        APIField("pillar_id"),
        APIField("author_name"),
    ]
    parent_page_types = ["cms.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")

    @property
    def image_data(self) -> dict | None:
        """Renditions a front end can use directly (srcset widths and a share image)."""
        from .mixins import image_renditions

        return image_renditions(self.hero_image)

    @property
    def author_name(self) -> str:
        from .mixins import person_name

        return person_name(self.author)

    def clean(self):
        super().clean()
        if self.is_pillar and self.pillar_id:
            raise ValidationError({"pillar": _("A pillar page cannot belong to another pillar.")})
        if self.pillar_id and self.pk and self.pillar_id == self.pk:
            raise ValidationError({"pillar": _("A page cannot be its own pillar.")})

    def get_context(self, request, *args, **kwargs):
        from ..listing import related_pages, related_posts

        context = super().get_context(request, *args, **kwargs)
        # Computed only if the template renders them: a kept fragment (cms.fragments) skips them.
        if self.is_pillar:
            from ..reading import token_for

            context["read_token"] = token_for(self)
            context["cluster"] = SimpleLazyObject(
                lambda: list(visible_to(self.cluster_articles.all(), request).order_by("title")))
            context["pillar_posts"] = SimpleLazyObject(lambda: related_posts(self, request))
        context["related"] = SimpleLazyObject(lambda: related_pages(self, request))
        return context
