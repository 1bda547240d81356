"""Figures for editors: how search is used, what finds nothing, what people click.

Staff searches are left out: they see internal posts, so their results are not the visitors'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ClickLog, QueryLog


@dataclass
class DayFigures:
    day: date
    searches: int
    zero: int
    clicked: int

    @property
    def zero_rate(self) -> float:
        return self.zero / self.searches if self.searches else 0.0

    @property
    def click_rate(self) -> float:
        return self.clicked / self.searches if self.searches else 0.0


def _public(days: int):
    since = timezone.now() - timedelta(days=days)
    return QueryLog.objects.filter(created_at__gte=since, staff=False)


def daily(days: int = 30) -> list[DayFigures]:
    """One row per day, oldest first, days without searches included (a chart needs the gaps)."""
    rows = {
        r["day"]: r
        for r in _public(days).annotate(day=TruncDate("created_at")).values("day").annotate(
            searches=Count("pk"), zero=Count("pk", filter=Q(result_count=0)),
            clicked=Count("pk", filter=Q(clicks__isnull=False), distinct=True),
        )
    }
    today = timezone.localdate()
    out = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        r = rows.get(day, {})
        out.append(DayFigures(day, r.get("searches", 0), r.get("zero", 0), r.get("clicked", 0)))
    return out


def summary(days: int = 30) -> dict:
    logs = _public(days)
    searches = logs.count()
    zero = logs.filter(result_count=0).count()
    clicked = logs.filter(clicks__isnull=False).distinct().count()
    since = timezone.now() - timedelta(days=days)
    position = ClickLog.objects.filter(created_at__gte=since, query_log__staff=False).aggregate(p=Avg("position"))["p"]
    return {
        "searches": searches,
        "sessions": logs.values("session").distinct().count(),
        "zero_rate": zero / searches if searches else 0.0,
        "click_rate": clicked / searches if searches else 0.0,
        "mean_position": position or 0.0,
    }


def top_queries(days: int = 30, limit: int = 20) -> list[dict]:
    return list(
        _public(days).values("query").annotate(
            searches=Count("pk"), sessions=Count("session", distinct=True),
            clicks=Count("clicks", distinct=True),
        ).order_by("-searches", "query")[:limit]
    )


def zero_result_queries(days: int = 30, limit: int = 50) -> list[dict]:
    """Queries that found nothing, with counts now and in the week before (the trend)."""
    now = timezone.now()
    week = now - timedelta(days=7)
    fortnight = now - timedelta(days=14)
    rows = (
        _public(days).filter(result_count=0).values("query").annotate(
            searches=Count("pk"), sessions=Count("session", distinct=True),
            this_week=Count("pk", filter=Q(created_at__gte=week)),
            last_week=Count("pk", filter=Q(created_at__gte=fortnight, created_at__lt=week)),
        ).order_by("-sessions", "-searches", "query")[:limit]
    )
    out = []
    for r in rows:
        r = dict(r)
        this, last = r["this_week"], r["last_week"]
        r["trend"] = "up" if this > last else ("down" if this < last else "flat")
        out.append(r)
    return out

