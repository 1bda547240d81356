"""Missions: short, time-boxed challenges editors build from steps (things members do that a rule
rewards, each a number of times) with a reward (points, a card, a coupon). A mission runs between its
own dates, or as part of a series: a series runs its missions one after another, each for its number
of days, and starts over after the last, so one of them is always running."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .rules import Event


class MissionSeries(models.Model):
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    starts_at = models.DateTimeField(_("starts"), help_text=_("When the series' first mission opens."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mission series")
        verbose_name_plural = _("mission series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Mission(ClusterableModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual: each member on their own")
        GROUP = "group", _("group: a group's members together")

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INDIVIDUAL)
    group = models.ForeignKey("community.CommunityGroup", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="missions", verbose_name=_("group"),
                              help_text=_("A group mission: its active members' steps count together."))
    series = models.ForeignKey(MissionSeries, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="missions", verbose_name=_("series"))
    position = models.PositiveSmallIntegerField(_("place in the series"), default=1)
    days = models.PositiveSmallIntegerField(_("runs for (days)"), default=7,
                                            help_text=_("In a series: how long this mission runs."))
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, help_text=_("Outside a series."))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Outside a series."))
    reward_points = models.PositiveIntegerField(_("reward: points"), default=0)
    reward_card = models.ForeignKey("rewards.Card", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reward: a card"))
    reward_coupon = models.ForeignKey("rewards.Reward", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("reward: a coupon for"),
                                      help_text=_("A coupon for this reward, free (its stock is used)."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["series", "position", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(kind="group") | models.Q(group__isnull=False),
                                   name="rewards_group_mission_has_group"),
            models.CheckConstraint(condition=models.Q(series__isnull=False)
                                   | models.Q(starts_at__isnull=False, ends_at__gt=models.F("starts_at")),
                                   name="rewards_mission_has_dates"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.series_id is None and not (self.starts_at and self.ends_at and self.ends_at > self.starts_at):
            raise ValidationError({"ends_at": _("Outside a series a mission needs a start and a later end.")})
        if self.kind == self.Kind.GROUP and self.group_id is None:
            raise ValidationError({"group": _("Choose the group whose mission this is.")})


class MissionStep(models.Model):
    mission = ParentalKey(Mission, on_delete=models.CASCADE, related_name="steps")
    event = models.CharField(_("what"), max_length=32, choices=Event.choices)
    count = models.PositiveSmallIntegerField(_("how many times"), default=1)
    label = models.CharField(_("label"), max_length=120, blank=True)
    label_en = models.CharField(_("English label"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label or self.get_event_display()


class MissionCompletion(models.Model):
    """A member completed one run of a mission (a series' mission runs again in the next round)."""

    wagtail_reference_index_ignore = True

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="completions",
                                verbose_name=_("mission"))
    member = models.ForeignKey("community.Member", on_delete=models.CASCADE, related_name="mission_completions",
                               verbose_name=_("member"))
    run_starts = models.DateTimeField(_("run started"))
    completed_at = models.DateTimeField(_("completed"))

    class Meta:
        verbose_name = _("completed mission")
        verbose_name_plural = _("completed missions")
        ordering = ["-completed_at"]
        constraints = [models.UniqueConstraint(fields=["mission", "member", "run_starts"],
                                               name="rewards_mission_once_per_run")]

    def __str__(self) -> str:
        return f"{self.member} · {self.mission}"


def run_of(mission: Mission, at: datetime) -> tuple[datetime, datetime] | None:
    """The window of ``mission`` running at ``at`` (start, end), or None when it is not running."""
    if not mission.active:
        return None
    if mission.series_id is None:
        return (mission.starts_at, mission.ends_at) if mission.starts_at <= at < mission.ends_at else None
    series = mission.series
    siblings = [m for m in series.missions.all() if m.active]
    siblings.sort(key=lambda m: (m.position, m.pk))
    cycle = sum(m.days for m in siblings)
    if not series.active or at < series.starts_at or not cycle or mission not in siblings:
        return None
    elapsed = at - series.starts_at
    round_start = series.starts_at + timedelta(days=cycle) * (elapsed // timedelta(days=cycle))
    offset = timedelta()
    for sibling in siblings:
        start = round_start + offset
        if sibling.pk == mission.pk:
            end = start + timedelta(days=sibling.days)
            return (start, end) if start <= at < end else None
        offset += timedelta(days=sibling.days)
    return None
