"""Reports from members and the log of everything a moderator did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .conversation import Comment
from .members import Member


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("spam or advertising")
        ABUSE = "abuse", _("abusive or hateful")
        OFF_TOPIC = "off_topic", _("off topic")
        PRIVATE = "private", _("shares someone's private information")
        OTHER = "other", _("something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reports_made")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="community_one_report")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.comment_id}"


class ModerationLog(models.Model):
    """Append-only: who did what to which comment or member, and when."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("approved")
        HIDE = "hide", _("removed")
        RESTORE = "restore", _("restored")
        BAN = "ban", _("banned the member")
        UNBAN = "unban", _("lifted the ban")
        DISMISS = "dismiss", _("dismissed the reports")
        ACCEPT = "accept", _("marked the accepted answer")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("moderator"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.moderator} {self.get_action_display()}"
