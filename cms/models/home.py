from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .seo import SeoMixin
from .visibility import visible_to


class HomeFeaturedItem(Orderable):
    page = ParentalKey("cms.HomePage", related_name="featured_items", on_delete=models.CASCADE)
    featured_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = ["featured_page"]


class HomePage(SeoMixin, Page):
    """The site root of one language: hero, featured content, latest posts, upcoming events, CTA."""

    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cta_title = models.CharField(_("call-to-action title"), max_length=120, blank=True)
    cta_text = models.TextField(_("call-to-action text"), blank=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("call-to-action page"),
    )
    cta_label = models.CharField(_("button label"), max_length=40, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(["hero_title", "hero_text", "hero_image"], heading=_("Hero")),
        InlinePanel("featured_items", label=_("Featured content"), max_num=6),
        MultiFieldPanel(["cta_title", "cta_text", "cta_page", "cta_label"], heading=_("Call to action")),
    ]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels
    search_fields = Page.search_fields + [index.SearchField("hero_text")]
    api_fields = [
        APIField("hero_title"),
        APIField("hero_text"),
        APIField("cta_title"),
        APIField("cta_text"),
        APIField("cta_label"),
        APIField("image_data"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.ArticleIndexPage",
        "cms.PostIndexPage",
        "cms.EventIndexPage",
        "cms.LandingPage",
        "cms.TopicIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page at the full path in one lookup instead of one per path segment.

        Wagtail walks the tree a segment at a time (two queries per level). The page whose
        ``url_path`` matches the whole path is the same page that walk would reach, because no
        routable page in this project has children; sub-routes (``/events/x/register/``) find no
        page at the full path and take Wagtail's walk.
        """
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            target = (
                Page.objects.filter(
                    slug=path_components[-1], depth=self.depth + len(path_components), url_path=url_path
                )
                .only("id", "content_type")
                .first()
            )
            if target is not None:
                return target.specific.route(request, [])
        return super().route(request, path_components)

    @property
    def image_data(self) -> dict | None:
        from .mixins import image_renditions

        return image_renditions(self.hero_image)

    def get_context(self, request, *args, **kwargs):
        from .events import EventPage
        from .posts import PostPage

        context = super().get_context(request, *args, **kwargs)
        featured = [item.featured_page for item in self.featured_items.select_related("featured_page")]
        visible_ids = set(
            visible_to(Page.objects.filter(pk__in=[p.pk for p in featured]), request).values_list(
                "pk", flat=True
            )
        )
        context["featured"] = [p.specific for p in featured if p.pk in visible_ids]
        context["latest_posts"] = (
            visible_to(PostPage.objects.descendant_of(self), request)
            .order_by("-first_published_at")
            .select_related("team")[:5]
        )
        context["upcoming_events"] = visible_to(
            EventPage.objects.descendant_of(self), request
        ).filter(end__gte=timezone.now()).order_by("start")[:3]
        return context
