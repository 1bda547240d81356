"""The conversation: a thread under a page or in a group, its comments, and "helpful" reactions.

One thread model serves both places so replies, moderation, reactions, notifications and the API
have one path. A page's thread is created with its first comment. A group thread opens with a
comment of its own (``Thread.opening``), which is the question when the thread is a question.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .groups import CommunityGroup
from .members import Member


class ModerationMode(models.TextChoices):
    POST = "post", _("post-moderation: shown at once, moderated afterwards")
    PRE = "pre", _("pre-moderation: held until a moderator approves")


# The page types that carry a conversation (they have the CMS's ``comments_open`` switch).
COMMENTABLE_TYPES = Q(app_label="cms", model__in=["articlepage", "postpage", "eventpage"])


class PageTypePolicy(models.Model):
    """The editors' switch per page type (a page has its own switch too); no row means on, post-moderated."""

    content_type = models.OneToOneField(ContentType, on_delete=models.CASCADE, related_name="+",
                                        verbose_name=_("page type"), limit_choices_to=COMMENTABLE_TYPES)
    comments_enabled = models.BooleanField(_("comments on"), default=True)
    moderation = models.CharField(_("moderation"), max_length=4, choices=ModerationMode.choices,
                                  default=ModerationMode.POST)

    class Meta:
        verbose_name = _("conversation setting")
        verbose_name_plural = _("conversation settings")

    def __str__(self) -> str:
        return str(self.content_type.model_class()._meta.verbose_name if self.content_type.model_class()
                   else self.content_type)


class Thread(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("discussion")
        QUESTION = "question", _("question")

    page = models.OneToOneField("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="community_thread", verbose_name=_("page"))
    group = models.ForeignKey(CommunityGroup, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="threads", verbose_name=_("group"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=200, blank=True)
    author = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="threads")
    opening = models.OneToOneField("community.Comment", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("opening post"))
    accepted = models.OneToOneField("community.Comment", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("accepted answer"))
    # Shown comments (approved, not removed), kept by the actions; counts and JSON-LD read it.
    comment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("thread")
        constraints = [
            models.CheckConstraint(
                condition=(Q(page__isnull=False, group__isnull=True) | Q(page__isnull=True, group__isnull=False)),
                name="community_thread_page_or_group"),
        ]

    def __str__(self) -> str:
        if self.title:
            return self.title
        return str(_("Comments on %(page)s") % {"page": self.page.title if self.page_id else ""})

    def get_absolute_url(self) -> str:
        if self.group_id:
            from django.urls import reverse
            from django.utils import translation

            with translation.override(self.group.language):
                return reverse("community_thread", args=[self.group.slug, self.pk])
        return self.page.url or ""


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("held for moderation")
        APPROVED = "approved", _("shown")
        HIDDEN = "hidden", _("removed by a moderator")
        DELETED = "deleted", _("deleted by its author")

    class Held(models.TextChoices):
        FIRST = "first", _("the member's first comment")
        PRE = "pre", _("pre-moderated page type")
        REPORTED = "reported", _("reported by several members")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    # The comment actually answered, when it was a reply (replies hang one level deep under ``parent``).
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    body = models.TextField(_("text"))  # what the member wrote (Markdown subset)
    html = models.TextField(editable=False)  # rendered and sanitised once, at writing
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.APPROVED,
                              db_index=True)
    held_reason = models.CharField(_("held because"), max_length=8, choices=Held.choices, blank=True)
    official = models.BooleanField(_("official (staff)"), default=False)
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0)
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at"], name="community_comment_thread")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_shown(self) -> bool:
        return self.status == self.Status.APPROVED


class Reaction(models.Model):
    """A member found a comment helpful; one per member and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reactions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "member"], name="community_one_reaction")]

    def __str__(self) -> str:
        return f"{self.member} → {self.comment_id}"
