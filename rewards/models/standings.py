"""Leaderboard standings: points earned per member per week, month and all time, kept up to date
with every award and reversal (in the same transaction), so a leaderboard is one indexed read of the
top rows instead of a sum over the whole ledger. Spending never lowers a standing: it counts what was
earned, not what is left."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class Period(models.TextChoices):
    WEEK = "week", _("this week")
    MONTH = "month", _("this month")
    ALL = "all", _("all time")


class Standing(models.Model):
    wagtail_reference_index_ignore = True
    member = models.ForeignKey("community.Member", on_delete=models.CASCADE, related_name="standings")
    currency = models.ForeignKey("rewards.Currency", on_delete=models.CASCADE, related_name="standings")
    period = models.CharField(max_length=5, choices=Period.choices)
    starts = models.DateField()  # the week's Monday, the month's first day; 1970-01-01 for all time
    points = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "currency", "period", "starts"],
                                               name="rewards_one_standing")]
        indexes = [models.Index(fields=["currency", "period", "starts", "-points"], name="rewards_board")]

    def __str__(self) -> str:
        return f"{self.member} {self.period} {self.starts}: {self.points}"


class LeaderboardExclusion(models.Model):
    """A member left off the leaderboards: by an editor (a test account, a moderator) or by their own choice."""

    member = models.OneToOneField("community.Member", on_delete=models.CASCADE, related_name="leaderboard_exclusion",
                                  verbose_name=_("member"))
    by_member = models.BooleanField(_("the member's own choice"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("leaderboard exclusion")
        verbose_name_plural = _("leaderboard exclusions")

    def __str__(self) -> str:
        return str(self.member)


@register_setting(icon="pick")
class LeaderboardSettings(BaseGenericSetting):
    exclude_staff = models.BooleanField(
        _("leave staff off the leaderboards"), default=True,
        help_text=_("Staff earn points like everyone, but the boards show the community."))

    class Meta:
        verbose_name = _("leaderboards")
