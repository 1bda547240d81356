"""Ranks and badges: a member's rank follows the points they earned in all (spending never lowers it);
a badge is given once, when what it asks for is done."""

from __future__ import annotations

from datetime import timedelta
from time import monotonic

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from community.models import Member
from nurture.loyalty import RECENT_DAYS

from ..models import Badge, Entry, MemberBadge, Period, Rank, Standing
from .ledger import balance, points
from .standings import ALL_TIME

KEEP_SECONDS = 10  # ranks and badges change rarely; every award asks
_kept: dict[str, tuple[float, list]] = {}


def _cached(name: str, load) -> list:
    kept = _kept.get(name)
    if kept is None or kept[0] < monotonic():
        kept = _kept[name] = (monotonic() + KEEP_SECONDS, load())
    return kept[1]


def ranks() -> list[Rank]:
    return _cached("ranks", lambda: list(Rank.objects.order_by("threshold")))


def counted_badges() -> list[Badge]:
    return _cached("badges", lambda: list(Badge.objects.filter(criterion=Badge.Criterion.EVENT_COUNT)))


def forget() -> None:
    _kept.clear()


def lifetime_points(member) -> int:
    return Standing.objects.filter(member=member, currency=points(), period=Period.ALL, starts=ALL_TIME).values_list(
        "points", flat=True).first() or 0


def rank_for(earned: int) -> Rank | None:
    held = None
    for rank in ranks():
        if rank.threshold <= earned:
            held = rank
    return held


def rank_of(member) -> dict:
    """The member's rank, the next one and how far it is."""
    earned = lifetime_points(member)
    held = rank_for(earned)
    following = next((r for r in ranks() if r.threshold > earned), None)
    return {"rank": held, "next": following, "points": earned,
            "to_next": following.threshold - earned if following else 0}


def holds_rank(member, rank: Rank | None) -> bool:
    return rank is None or lifetime_points(member) >= rank.threshold


def may_post_links(member) -> bool:
    """The community asks before it limits a new member's links: a rank may lift the limit."""
    held = rank_for(lifetime_points(member))
    return held is not None and held.post_links


def give_badge(member, badge: Badge) -> bool:
    """True when the member did not have it before."""
    try:
        with transaction.atomic():
            MemberBadge.objects.create(member=member, badge=badge)
    except IntegrityError:
        return False
    return True


def badges_after(member, events: set[str]) -> list[Badge]:
    """Badges for doing something a number of times, given when the count is reached."""
    given = []
    due = [b for b in counted_badges() if b.event in events]
    if not due:
        return given
    held = set(MemberBadge.objects.filter(member=member, badge__in=due).values_list("badge_id", flat=True))
    for badge in due:
        if badge.pk in held:
            continue
        done = Entry.objects.filter(member=member, kind=Entry.Kind.AWARD, rule__event=badge.event,
                                    reversed_by__isnull=True).count()
        if done >= badge.count and give_badge(member, badge):
            given.append(badge)
    return given


def loyalty_facts(lead) -> dict | None:
    """nurture.loyalty: a lead who is a member, by their points and rank (None for anyone else)."""
    member = Member.objects.filter(lead=lead, left_at__isnull=True).first()
    if member is None:
        return None
    earned = lifetime_points(member)
    held = rank_for(earned)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = Entry.objects.filter(member=member, currency=points(), kind__in=(Entry.Kind.AWARD, Entry.Kind.REVERSAL),
                                  created_at__gte=since).aggregate(s=Sum("amount"))["s"] or 0
    return {"rank": ranks().index(held) + 1 if held else 0, "rank_name": held.name if held else "—",
            "points": earned, "recent_points": recent, "balance": balance(member)}
