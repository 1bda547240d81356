"""Complaints handed to the right team: complaint types (each with its team, priority and service
levels), cases (one per mention, from new to resolved, with their due times), internal notes and the
replies that went back where the mention came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .mentions import Mention


class Priority(models.TextChoices):
    URGENT = "urgent", _("urgent")
    HIGH = "high", _("high")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


class ComplaintType(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    cues = models.TextField(_("cues"), blank=True, help_text=_(
        "Words or phrases, one per line: a negative mention that contains one is suggested this type."))
    team = models.ForeignKey("cms.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("team"))
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    first_response_hours = models.PositiveIntegerField(_("first response within (hours)"), default=24)
    resolution_hours = models.PositiveIntegerField(_("resolved within (hours)"), default=72)
    order = models.PositiveSmallIntegerField(_("order"), default=10)

    class Meta:
        verbose_name = _("complaint type")
        verbose_name_plural = _("complaint types")
        ordering = ["order", "name"]
        constraints = [models.CheckConstraint(
            condition=models.Q(resolution_hours__gte=models.F("first_response_hours")), name="listening_sla_in_order")]

    def __str__(self) -> str:
        return self.name

    def cue_list(self) -> list[str]:
        return [c.strip().lower() for c in self.cues.splitlines() if c.strip()]


class Case(models.Model):
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", pgettext_lazy("case status", "answered")
        RESOLVED = "resolved", _("resolved")

    mention = models.OneToOneField(Mention, on_delete=models.PROTECT, related_name="case", verbose_name=_("mention"))
    type = models.ForeignKey(ComplaintType, on_delete=models.PROTECT, related_name="cases",
                             verbose_name=_("complaint type"))
    team = models.ForeignKey("cms.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("team"))
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("assigned to"))
    opened_at = models.DateTimeField(_("opened"))
    first_response_due = models.DateTimeField(_("first response due"))
    resolution_due = models.DateTimeField(_("resolution due"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["resolution_due"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.type} · {self.mention}"


class CaseNote(models.Model):
    """An internal note on a case: the team's, never sent anywhere."""

    wagtail_reference_index_ignore = True
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CaseReply(models.Model):
    """A reply to the person, and how it went back: an official community reply, an email, or a text
    staff copy to the outside channel by hand."""

    wagtail_reference_index_ignore = True

    class Channel(models.TextChoices):
        COMMUNITY = "community", _("an official reply in the community")
        EMAIL = "email", _("an email")
        COPY = "copy", _("copied to the outside channel by hand")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("reply"))
    channel = models.CharField(max_length=10, choices=Channel.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
