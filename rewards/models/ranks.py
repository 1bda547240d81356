"""Ranks (levels on lifetime points, bilingual names editors choose, each possibly unlocking an
ability in the community) and badges (for achievements: a number of times something was done, a
completed card set, or given by an editor)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import Event


class Rank(models.Model):
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    threshold = models.PositiveIntegerField(
        _("from lifetime points"), unique=True,
        help_text=_("Points earned in all (spending does not lower them) from which a member holds this rank."))
    post_links = models.BooleanField(
        _("may post links without the new-member limit"), default=False,
        help_text=_("Members of this rank and above post links as trusted members do."))

    class Meta:
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        ordering = ["threshold"]

    def __str__(self) -> str:
        return f"{self.name} ({self.threshold}+)"


class Badge(models.Model):
    class Criterion(models.TextChoices):
        MANUAL = "manual", _("given by an editor")
        EVENT_COUNT = "event_count", _("doing something a number of times")
        CARD_SET = "card_set", _("completing a card set")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    description_en = models.CharField(_("English description"), max_length=200, blank=True)
    criterion = models.CharField(_("earned by"), max_length=12, choices=Criterion.choices, default=Criterion.MANUAL)
    event = models.CharField(_("what"), max_length=32, choices=Event.choices, blank=True)
    count = models.PositiveIntegerField(_("how many times"), null=True, blank=True)
    card_set = models.OneToOneField("rewards.CardSet", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="badge", verbose_name=_("card set"))

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["name"]
        constraints = [models.CheckConstraint(
            condition=~models.Q(criterion="event_count") | (~models.Q(event="") & models.Q(count__gte=1)),
            name="rewards_badge_event_count_complete")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.criterion == self.Criterion.EVENT_COUNT and (not self.event or not self.count):
            raise ValidationError({"count": _("Say what and how many times.")})
        if self.criterion == self.Criterion.CARD_SET and self.card_set_id is None:
            raise ValidationError({"card_set": _("Choose the card set.")})


class MemberBadge(models.Model):
    wagtail_reference_index_ignore = True

    member = models.ForeignKey("community.Member", on_delete=models.CASCADE, related_name="badges",
                               verbose_name=_("member"))
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="holders", verbose_name=_("badge"))
    awarded_at = models.DateTimeField(_("awarded"), auto_now_add=True)

    class Meta:
        verbose_name = _("member's badge")
        verbose_name_plural = _("members' badges")
        ordering = ["-awarded_at"]
        constraints = [models.UniqueConstraint(fields=["member", "badge"], name="rewards_badge_once")]

    def __str__(self) -> str:
        return f"{self.member} · {self.badge}"
