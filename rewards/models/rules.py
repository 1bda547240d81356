"""Earning rules: what a member gets points for, how many, how often a day, and when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """Things members do that a rule can reward. Each is reported by the app where it happens."""

    COMMENT_APPROVED = "comment_approved", _("A comment is shown (posted or approved)")
    ANSWER_ACCEPTED = "answer_accepted", _("An answer is accepted")
    HELPFUL_RECEIVED = "helpful_received", _("A comment is marked helpful by someone else")
    EVENT_REGISTERED = "event_registered", _("Registers for an event")
    EVENT_ATTENDED = "event_attended", _("Checks in at an event")
    OUTPUT_FILED = "output_filed", _("Files an event report or a project output")
    REFERRAL_VERIFIED = "referral_verified", _("A referred friend verifies their address")
    MISSION_COMPLETED = "mission_completed", _("Completes a mission")
    WIZARD_COMPLETED = "wizard_completed", _("Completes the shop wizard")
    PILLAR_READ = "pillar_read", _("Reads a pillar page to the end")
    ADVOCACY = "advocacy", _("Defends or recommends us (found by listening)")


class EarningRule(models.Model):
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    points = models.PositiveIntegerField(_("points"))
    currency = models.ForeignKey("rewards.Currency", on_delete=models.PROTECT, related_name="rules",
                                 verbose_name=_("currency"))
    daily_cap = models.PositiveIntegerField(
        _("daily cap"), null=True, blank=True,
        help_text=_("At most this many awards of this rule per member per day (in the site's time zone). "
                    "Empty: no cap."))
    active_from = models.DateTimeField(_("active from"), null=True, blank=True)
    active_until = models.DateTimeField(_("active until"), null=True, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    expires_after_days = models.PositiveIntegerField(
        _("points expire after (days)"), null=True, blank=True,
        help_text=_("What is left of an award this many days later expires (oldest points are spent first). "
                    "Empty: never."))
    card_set = models.ForeignKey("rewards.CardSet", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("also draws a card from"),
                                 help_text=_("Each award also gives a card from this set, rarer ones less often."))

    class Meta:
        verbose_name = _("earning rule")
        verbose_name_plural = _("earning rules")
        ordering = ["event", "name"]
        constraints = [models.CheckConstraint(
            condition=models.Q(active_until__isnull=True) | models.Q(active_from__isnull=True)
            | models.Q(active_until__gt=models.F("active_from")), name="rewards_rule_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.name} (+{self.points})"
