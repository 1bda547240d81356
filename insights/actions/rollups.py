"""Daily rollups: one day's page views by channel and campaign, rebuilt whole (delete and insert in one
transaction), so running a day again gives the same rows; and raw views pruned after the retention
(INSIGHTS_KEEP_DAYS)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..models import Channel, DailyVisits, PageView


def _bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def rollup(day: date) -> int:
    """Rebuild one day's rows (site time); returns how many."""
    start, end = _bounds(day)
    counted = (PageView.objects.filter(at__gte=start, at__lt=end).values("channel", "campaign", "link")
               .annotate(views=Count("pk"), visits=Count("pk", filter=~Q(channel=Channel.INTERNAL)),
                         visitors=Count("visitor", distinct=True)))
    rows = [DailyVisits(day=day, channel=r["channel"], campaign=r["campaign"], link=r["link"], views=r["views"],
                        visits=r["visits"], visitors=r["visitors"]) for r in counted]
    with transaction.atomic():
        DailyVisits.objects.filter(day=day).delete()
        DailyVisits.objects.bulk_create(rows)
    return len(rows)


def prune(now: datetime | None = None) -> int:
    """Raw views older than the retention are deleted (their days' rollups stay)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INSIGHTS_KEEP_DAYS)
    return PageView.objects.filter(at__lt=cutoff).delete()[0]
