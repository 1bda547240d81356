"""Leaderboards: standings kept with every award and reversal, read top-down by one index."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cms.models.visibility import STAFF_GROUP

from ..models import Entry, LeaderboardExclusion, LeaderboardSettings, Period, Standing

ALL_TIME = date(1970, 1, 1)


def period_starts(at: datetime) -> dict[str, date]:
    """The week (from Monday) and month an instant falls in, in the site's time zone."""
    day = timezone.localtime(at).date()
    return {Period.WEEK: day - timedelta(days=day.weekday()), Period.MONTH: day.replace(day=1),
            Period.ALL: ALL_TIME}


def standings_rows(entry: Entry) -> list[tuple]:
    """(member, currency, period, starts, points) to add for an award, or take back for a reversal,
    in the periods it was earned in: a reversal counts against the periods of the award it undoes, so
    taking back last week's points changes last week's board, not this week's."""
    if entry.member_id is None or entry.kind not in (Entry.Kind.AWARD, Entry.Kind.REVERSAL) or not entry.amount:
        return []
    earned_at = entry.reverses.created_at if entry.reverses_id else entry.created_at
    return [(entry.member_id, entry.currency_id, period, connection.ops.adapt_datefield_value(starts), entry.amount)
            for period, starts in period_starts(earned_at).items()]


def record(entry: Entry) -> None:
    """Add an entry to the standings: one upsert for the three periods (PostgreSQL and SQLite share the
    syntax). PostgreSQL writes it with the entry itself (ledger.write)."""
    rows = standings_rows(entry)
    if not rows:
        return
    table = Standing._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, currency_id, period, starts, points) VALUES "  # noqa: S608 - our names
            f"{', '.join(['(%s, %s, %s, %s, %s)'] * len(rows))} ON CONFLICT (member_id, currency_id, period, starts) "
            f"DO UPDATE SET points = {table}.points + excluded.points", [x for row in rows for x in row])


def _listed(currency, period: str, starts: date, group=None):
    rows = Standing.objects.filter(currency=currency, period=period, starts=starts, points__gt=0)
    rows = rows.exclude(Exists(LeaderboardExclusion.objects.filter(member=OuterRef("member"))))
    if LeaderboardSettings.load().exclude_staff:
        rows = rows.exclude(Q(member__user__is_superuser=True) | Q(member__user__groups__name=STAFF_GROUP))
    rows = rows.filter(member__left_at__isnull=True)
    if group is not None:
        rows = rows.filter(member__memberships__group=group, member__memberships__status="active")
    return rows


def leaderboard(period: str, *, currency, group=None, limit: int = 20, offset: int = 0, at=None) -> list[dict]:
    """The top of a board: ``rank`` counts those with more points plus one (ties share a rank, the
    next rank skips: 1, 2, 2, 4), then by name within a tie."""
    starts = period_starts(at or timezone.now())[period]
    listed = _listed(currency, period, starts, group)
    page = list(listed.select_related("member").order_by("-points", "member__display_name", "member_id")
                [offset:offset + limit])
    out, above = [], None
    for i, row in enumerate(page):
        if i == 0:
            above = listed.filter(points__gt=row.points).count() if offset else 0
            rank = above + 1
        elif row.points != page[i - 1].points:
            rank = offset + i + 1
        out.append({"rank": rank, "member_id": row.member_id, "name": row.member.name, "points": row.points})
    return out


def standing_of(member, period: str, *, currency, group=None, at=None) -> dict | None:
    """A member's own place on a board (None when they are not on it)."""
    starts = period_starts(at or timezone.now())[period]
    listed = _listed(currency, period, starts, group)
    mine = listed.filter(member=member).values_list("points", flat=True).first()
    if mine is None:
        return None
    return {"rank": listed.filter(points__gt=mine).count() + 1, "points": mine}
