"""Missions: which are running, how far a member (or their group) has come, and completing one.

A step counts the awards its event earned inside the mission's run (reversed ones do not count), so a
step is met by exactly what the ledger shows; a group mission counts its group's active members
together and rewards each of them who took part. A run is completed once per member."""

from __future__ import annotations

from datetime import datetime
from time import monotonic

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from community.models import Membership

from ..models import Entry, Event, Mission, MissionCompletion, run_of
from . import earning
from .cards import give_card
from .ledger import account_for, locked_member, points, write
from .redeeming import grant

KEEP_SECONDS = 10  # every award asks which missions run; editors change them rarely
_kept: list = []


def forget() -> None:
    _kept.clear()


def _missions() -> list[Mission]:
    if not _kept or _kept[0] < monotonic():
        found = list(Mission.objects.filter(active=True).select_related("series", "group", "reward_card",
                                                                       "reward_coupon")
                     .prefetch_related("steps", "series__missions"))
        _kept[:] = [monotonic() + KEEP_SECONDS, found]
    return _kept[1]


def running(at: datetime | None = None) -> list[tuple[Mission, datetime, datetime]]:
    """Every mission running at ``at``, with its run's start and end (a change in the admin reaches
    every worker within KEEP_SECONDS, at once in the process that saved it)."""
    at = at or timezone.now()
    out = []
    for mission in _missions():
        window = run_of(mission, at)
        if window is not None:
            out.append((mission, *window))
    return out


def _members(mission: Mission, member) -> list[int]:
    if mission.kind == Mission.Kind.GROUP:
        return list(Membership.objects.filter(group_id=mission.group_id, status=Membership.Status.ACTIVE)
                    .values_list("member_id", flat=True))
    return [member.pk]


def progress(mission: Mission, start: datetime, end: datetime, member) -> list[dict]:
    """Each step: what it asks, how many times, and how many are done in this run."""
    who = _members(mission, member)
    steps = list(mission.steps.all())
    done = dict(Entry.objects.filter(member_id__in=who, kind=Entry.Kind.AWARD, reversed_by__isnull=True,
                                     rule__event__in=[s.event for s in steps], created_at__gte=start,
                                     created_at__lt=end)
                .values_list("rule__event").annotate(n=Count("pk")).values_list("rule__event", "n"))
    return [{"step": s, "count": s.count, "done": min(done.get(s.event, 0), s.count)} for s in steps]


def eligible(mission: Mission, member) -> bool:
    if mission.kind != Mission.Kind.GROUP:
        return True
    return Membership.objects.filter(group_id=mission.group_id, member=member,
                                     status=Membership.Status.ACTIVE).exists()


def after_awards(member, entries: list[Entry], at: datetime | None = None) -> list[MissionCompletion]:
    """Complete the running missions whose steps the member's new awards may have met."""
    events = {e.rule.event for e in entries if e.rule_id}
    if not events:
        return []
    completed = []
    for mission, start, end in running(at or entries[-1].created_at):
        if not events & {s.event for s in mission.steps.all()} or not eligible(mission, member):
            continue
        if MissionCompletion.objects.filter(mission=mission, member=member, run_starts=start).exists():
            continue
        steps = progress(mission, start, end, member)
        if steps and all(s["done"] >= s["count"] for s in steps):
            completed += complete(mission, start, end, member)
    return completed


def complete(mission: Mission, start: datetime, end: datetime, member) -> list[MissionCompletion]:
    """The run is complete: its completion and reward for the member (for a group mission, for each of
    the group's members who took part in it)."""
    if mission.kind == Mission.Kind.GROUP:
        who = _members(mission, member)
        events = [s.event for s in mission.steps.all()]
        takers = set(Entry.objects.filter(member_id__in=who, kind=Entry.Kind.AWARD, reversed_by__isnull=True,
                                          rule__event__in=events, created_at__gte=start, created_at__lt=end)
                     .values_list("member_id", flat=True))
        people = list(type(member).objects.filter(pk__in=takers, left_at__isnull=True))
    else:
        people = [member]
    at = min(timezone.now(), end)
    done = []
    for person in people:
        try:
            with transaction.atomic():
                completion = MissionCompletion.objects.create(mission=mission, member=person, run_starts=start,
                                                              completed_at=at)
        except IntegrityError:
            continue  # completed already (another worker, or a teammate's award)
        _reward(completion)
        done.append(completion)
    return done


def _reward(completion: MissionCompletion) -> None:
    mission, member = completion.mission, completion.member
    key = f"mission:{mission.pk}:{int(completion.run_starts.timestamp())}:{member.pk}"
    at = completion.completed_at
    if mission.reward_points:
        currency = points()
        with transaction.atomic():
            account = locked_member(currency, member)
            write(kind=Entry.Kind.AWARD, currency=currency, key=key, member=member, source=completion, at=at,
                  memo=mission.name, postings=[(account_for(currency), -mission.reward_points),
                                               (account, mission.reward_points)])
    if mission.reward_card_id:
        give_card(member, mission.reward_card, key=f"{key}:card", at=at)
    if mission.reward_coupon_id:
        grant(member, mission.reward_coupon, key=f"{key}:coupon", memo=mission.name)
    earning.award(Event.MISSION_COMPLETED, member, source=completion, at=at)
