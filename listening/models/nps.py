"""Net promoter surveys: one question (0–10, how likely to recommend us) and a comment, asked by email
after an event someone attended or a product they went to from the wizard, and on the site to
members. A person is asked about one thing once, and not again within the quiet days
(LISTENING_NPS_QUIET_DAYS); "don't ask me again" is kept for good."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .mentions import Mention


class NpsSurvey(models.Model):
    wagtail_reference_index_ignore = True

    class Trigger(models.TextChoices):
        EVENT = "event", _("after an event")
        WIZARD = "wizard", _("after a wizard click-out")
        SITE = "site", _("asked on the site")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email"), blank=True)  # lower-cased
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("member"))
    trigger = models.CharField(_("asked"), max_length=8, choices=Trigger.choices)
    # What it follows ("event-12", "click-34", "site-2026-12"): one survey per person and thing.
    key = models.CharField(max_length=80)
    about = models.CharField(_("about"), max_length=200, blank=True)  # the event or product, as the email names it
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    invited_at = models.DateTimeField(_("email sent"), null=True, blank=True)
    answered_at = models.DateTimeField(pgettext_lazy("survey", "answered"), null=True, blank=True, db_index=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    declined_at = models.DateTimeField(_("asked not to be asked again"), null=True, blank=True)
    # The comment, taken into the inbox (its mood measured, a complaint made a case like any other).
    mention = models.OneToOneField(Mention, null=True, blank=True, on_delete=models.SET_NULL, related_name="nps",
                                   verbose_name=_("mention"))

    class Meta:
        verbose_name = _("NPS survey")
        verbose_name_plural = _("NPS surveys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["email", "key"], condition=~Q(email=""), name="listening_nps_once"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=10), name="listening_nps_0_to_10"),
        ]
        indexes = [models.Index(fields=["email", "-created_at"], name="listening_nps_person")]

    def __str__(self) -> str:
        return f"{self.email or self.user} · {self.about or self.get_trigger_display()}"

    @property
    def group(self) -> str:
        """Promoter (9–10), passive (7–8) or detractor (0–6)."""
        if self.score is None:
            return ""
        return "promoter" if self.score >= 9 else "passive" if self.score >= 7 else "detractor"
