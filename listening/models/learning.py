"""What the sentiment model learns from (staff labels) and its trained versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .mentions import Mention, Sentiment


class Label(models.Model):
    """A staff member's sentiment for a mention. Every one is kept (the latest counts): they are what
    the model learns from, and the record of who said what."""

    wagtail_reference_index_ignore = True

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="labels", verbose_name=_("mention"))
    sentiment = models.CharField(_("sentiment"), max_length=8, choices=Sentiment.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.mention_id}: {self.sentiment}"


class SentimentModel(models.Model):
    """One trained version: how it did on the labels held out from its training, and the model itself."""

    wagtail_reference_index_ignore = True

    version = models.PositiveIntegerField(_("version"), unique=True)
    trained_at = models.DateTimeField(_("trained"), auto_now_add=True)
    labels = models.PositiveIntegerField(_("labels learnt from"))
    held_out = models.PositiveIntegerField(_("labels held out"))
    accuracy = models.FloatField(_("accuracy on held-out labels"))
    macro_f1 = models.FloatField(_("macro-F1 on held-out labels"))
    lexicon_accuracy = models.FloatField(_("the lexicon's accuracy on the same labels"))
    confusion = models.JSONField(_("confusion matrix"), default=dict)  # {"labels": [...], "matrix": [[...]]}
    active = models.BooleanField(_("in use"), default=False)
    blob = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("sentiment model")
        verbose_name_plural = _("sentiment models")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version} ({self.accuracy:.0%})"
