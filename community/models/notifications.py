"""What a member is told: one row per event and person, listed on the site and sent by email once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .conversation import Comment
from .members import Member


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("replied to your comment")
        ANSWER = "answer", _("answered your question")
        MENTION = "mention", _("mentioned you")
        APPROVED = "approved", _("approved your comment")

    # The member's setting that governs each kind of email.
    SETTING = {Kind.REPLY: "notify_reply", Kind.ANSWER: "notify_answer", Kind.MENTION: "notify_mention",
               Kind.APPROVED: "notify_approved"}

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["member", "kind", "comment"], name="community_notify_once")]
        indexes = [models.Index(fields=["member", "read_at"], name="community_notification_unread")]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()}"
