"""Advocacy: what members and outside authors do for the company without being asked: answering
others' questions (an accepted answer by someone who is not staff), being found helpful, defending the
product (a positive reply in a thread that started negative) and recommending it. Each contribution is
recorded once, found by the listening pull."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .mentions import Mention


class Contribution(models.Model):
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        ANSWER = "answer", _("answered a question (accepted)")
        HELPFUL = "helpful", _("found helpful by someone")
        DEFENCE = "defence", _("defended us in a thread that started negative")
        RECOMMENDATION = "recommendation", _("recommended us")

    # Weights for the advocate list's score: an accepted answer solves someone's problem.
    WEIGHTS = {"answer": 3, "helpful": 1, "defence": 2, "recommendation": 2}

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=80, unique=True)  # "answer-<comment>", "defence-<mention>": once each
    author = models.CharField(_("author"), max_length=200)  # a member's handle, an address, an outside handle
    member = models.ForeignKey("community.Member", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("member"))
    mention = models.ForeignKey(Mention, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment_id = models.PositiveBigIntegerField(null=True, blank=True)
    text = models.CharField(_("what they said"), max_length=300, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), db_index=True)
    # On something only staff may read (an internal post, a closed group): never shown to anyone else.
    staff_only = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("advocacy contribution")
        verbose_name_plural = _("advocacy contributions")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["author", "-at"], name="listening_advocate")]

    def __str__(self) -> str:
        return f"{self.author} · {self.get_kind_display()}"
