"""The channel report's figures, from the daily rollups only (never the raw views): visits per day by
channel, and per channel and campaign for a period beside the period before it."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.charts import chart, series

from .models import Channel, DailyConversions, DailyVisits

NAMES = dict(Channel.choices)


def period(days: int, today: date | None = None) -> tuple[date, date, date]:
    """(first day, last day, first day of the period before) for the last ``days`` days."""
    last = today or timezone.localdate()
    first = last - timedelta(days=days - 1)
    return first, last, first - timedelta(days=days)


def by_channel(days: int) -> list[dict]:
    first, last, before = period(days)
    rows = DailyVisits.objects.exclude(channel=Channel.INTERNAL)
    now = dict(rows.filter(day__range=(first, last)).values_list("channel").annotate(n=Sum("visits")))
    then = dict(rows.filter(day__range=(before, first - timedelta(days=1))).values_list("channel")
                .annotate(n=Sum("visits")))
    total = sum(now.values())
    out = []
    for channel in sorted(set(now) | set(then), key=lambda c: (-now.get(c, 0), c)):
        visits, earlier = now.get(channel, 0), then.get(channel, 0)
        out.append({"channel": channel, "name": str(NAMES.get(channel, channel)), "visits": visits,
                    "share": visits / total if total else None, "before": earlier,
                    "change": (visits - earlier) / earlier if earlier else None})
    return out


def by_campaign(days: int, limit: int = 20) -> list[dict]:
    first, last, _before = period(days)
    rows = (DailyVisits.objects.exclude(channel=Channel.INTERNAL).exclude(campaign="")
            .filter(day__range=(first, last)).values("campaign", "channel").annotate(n=Sum("visits"))
            .order_by("-n", "campaign")[:limit])
    return [{"campaign": r["campaign"], "channel": str(NAMES.get(r["channel"], r["channel"])), "visits": r["n"]}
            for r in rows]


def daily_chart(days: int) -> dict:
    first, last, _before = period(days)
    labels = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    table: dict[str, dict[date, int]] = {}
    for day, channel, visits in (DailyVisits.objects.exclude(channel=Channel.INTERNAL)
                                 .filter(day__range=(first, last)).values_list("day", "channel")
                                 .annotate(n=Sum("visits")).values_list("day", "channel", "n")):
        table.setdefault(channel, {})[day] = visits
    channels = sorted(table, key=lambda c: -sum(table[c].values()))
    return chart("visits-by-channel", _("Visits per day by channel"), [d.isoformat() for d in labels],
                 [series(NAMES.get(c, c), [table[c].get(d, 0) for d in labels], stack="visits") for c in channels],
                 axis_label=_("Day"), height=300)


def link_visits(codes: list[str], days: int = 90) -> dict[str, int]:
    """Visits each tracked link brought in the last ``days`` days (from the rollups)."""
    if not codes:
        return {}
    first, last, _before = period(days)
    return dict(DailyVisits.objects.filter(link__in=codes, day__range=(first, last)).values_list("link")
                .annotate(n=Sum("visits")).values_list("link", "n"))


def link_conversions(codes: list[str], days: int = 90) -> dict[str, float]:
    """Conversions each tracked link was the last touch of in the last ``days`` days (from the rollups)."""
    if not codes:
        return {}
    first, last, _before = period(days)
    return dict(DailyConversions.objects.filter(link__in=codes, model="last", day__range=(first, last))
                .values_list("link").annotate(n=Sum("credit")).values_list("link", "n"))
