from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page, TaskState
from wagtail.search import index

from .mixins import ConversationMixin, IndexPage, TopicsMixin
from .seo import SeoMixin
from .topics import Team, Topic, TopicTaggedItem
from .visibility import visible_to

POST_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "code"]


class PostKind(models.TextChoices):
    MEETING_NOTE = "meeting_note", _("Meeting note")
    PROJECT_OUTPUT = "project_output", _("Project output")
    EVENT_REPORT = "event_report", _("Event report")
    HOW_TO = "how_to", _("How-to")
    ANNOUNCEMENT = "announcement", _("Announcement")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (staff only)")


class PostPageTopic(TopicTaggedItem):
    content_object = ParentalKey("cms.PostPage", related_name="topic_items", on_delete=models.CASCADE)


class PostAttachment(Orderable):
    page = ParentalKey("cms.PostPage", related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("file")
    )

    panels = ["document"]


class PostIndexPage(IndexPage):
    """Where filed posts live; lists them with filters by kind, topic and team."""

    subpage_types = ["cms.PostPage"]

    class Meta:
        verbose_name = _("post index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        posts = visible_to(PostPage.objects.child_of(self), request)
        filters = {}
        kind = request.GET.get("kind")
        if kind in PostKind.values:
            posts = posts.filter(kind=kind)
            filters["kind"] = kind
        topic = request.GET.get("topic")
        if topic:
            posts = posts.filter(topics__slug=topic)
            filters["topic"] = topic
        team = request.GET.get("team")
        if team:
            posts = posts.filter(team__slug=team)
            filters["team"] = team
        context.update(
            posts=posts.select_related("team").prefetch_related("topics").order_by("-first_published_at"),
            filters=filters,
            kinds=PostKind.choices,
            teams=Team.objects.all(),
            topics=Topic.objects.filter(postpagetopic_items__isnull=False).distinct(),
        )
        return context


class PostPage(TopicsMixin, SeoMixin, ConversationMixin, Page):
    """A post filed by staff from their daily work (파일링): notes, outputs, reports, how-tos.

    Public by default (the product's "open unless confidential"). An internal (기밀) post is kept
    behind a Staff-only view restriction that ``cms.signals`` keeps in step with ``visibility``.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices, default=PostKind.OTHER)
    body = RichTextField(_("body"), features=POST_FEATURES)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts",
        verbose_name=_("team"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="posts", verbose_name=_("author"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    topics = ClusterTaggableManager(through=PostPageTopic, blank=True, verbose_name=_("topics"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(["kind", "visibility", "team", "author"], heading=_("Filing")),
        "body",
        "topics",
        InlinePanel("attachments", label=_("Attachments")),
    ]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name", boost=2)]),
        index.FilterField("kind"),
        index.FilterField("visibility"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("body"),
        APIField("visibility"),
        APIField("topic_data"),
        APIField("team_name"),
        APIField("author_name"),
        APIField("attachment_data"),
    ]
    parent_page_types = ["cms.PostIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("post")

    @property
    def is_internal(self) -> bool:
        return self.visibility == Visibility.INTERNAL

    @property
    def team_name(self) -> str:
        return self.team.label(_language_of(self)) if self.team else ""

    @property
    def author_name(self) -> str:
        from .mixins import person_name

        return person_name(self.author)

    @property
    def attachment_data(self) -> list[dict]:
        return [
            {"title": a.document.title, "url": a.document.url}
            for a in self.attachments.select_related("document")
        ]

    def get_context(self, request, *args, **kwargs):
        from ..listing import related_pages
        from .events import EventPage

        context = super().get_context(request, *args, **kwargs)
        # Computed only if the template renders them: a kept fragment (cms.fragments) skips them.
        context["related"] = SimpleLazyObject(lambda: related_pages(self, request))
        context["outputs_of"] = SimpleLazyObject(
            lambda: list(visible_to(EventPage.objects.filter(outputs=self), request)))
        return context


class TeamLeadApprovalTask(AbstractGroupApprovalTask):
    """결재: the lead of the post's team approves it; the chosen groups (e.g. Moderators) may too.

    Wagtail's group task would make every lead approve every team's posts; tying the step to the
    post's own team is how approval works in a Korean office.
    """

    def _is_team_lead(self, obj, user) -> bool:
        team_id = getattr(obj, "team_id", None)
        if not team_id or not user.is_authenticated:
            return False
        return Team.objects.filter(pk=team_id, lead=user).exists()

    def _may_moderate(self, obj, user) -> bool:
        return user.is_superuser or self._user_in_groups(user) or self._is_team_lead(obj, user)

    def user_can_access_editor(self, obj, user):
        return self._may_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_moderate(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_moderate(obj, user)

    def get_actions(self, obj, user):
        if self._may_moderate(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser or self._user_in_groups(user):
            return states
        led_post_ids = PostPage.objects.filter(team__lead=user).values_list("pk", flat=True)
        return states.filter(
            Q(workflow_state__object_id__in=[str(pk) for pk in led_post_ids])
        )

    @classmethod
    def get_description(cls):
        return _("The lead of the post's team approves (결재); members of the chosen groups may too")

    class Meta:
        verbose_name = _("team lead approval task")
        verbose_name_plural = _("team lead approval tasks")


def _language_of(page) -> str:
    from ..structure import language_of

    return language_of(page)
