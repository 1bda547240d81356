"""Daily rollups: one day's page views and its conversions' credits by channel and campaign, and the
dashboard's figures from the other apps (``insights.figures``), rebuilt whole (delete and insert in one
transaction), so running a day again gives the same rows; and raw views pruned after the retention
(INSIGHTS_KEEP_DAYS)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..figures import compute_day
from ..models import Channel, Credit, DailyConversions, DailyFigure, DailyVisits, PageView

VERSION_KEY = "insights:rollup-version"


def rollup_version() -> str:
    """Changes whenever a day is rebuilt: what is read from the rollups can be kept under it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


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
    credited = (Credit.objects.filter(conversion__at__gte=start, conversion__at__lt=end)
                .values("conversion__kind", "model", "channel", "campaign", "link").annotate(total=Sum("weight")))
    conversions = [DailyConversions(day=day, kind=r["conversion__kind"], model=r["model"], channel=r["channel"],
                                    campaign=r["campaign"], link=r["link"], credit=r["total"]) for r in credited]
    figures = [DailyFigure(day=day, key=key, dimension=dimension, value=value)
               for key, dimension, value in compute_day(day)]
    with transaction.atomic():
        DailyFigure.objects.filter(day=day).delete()
        DailyFigure.objects.bulk_create(figures)
        DailyVisits.objects.filter(day=day).delete()
        DailyVisits.objects.bulk_create(rows)
        DailyConversions.objects.filter(day=day).delete()
        DailyConversions.objects.bulk_create(conversions)
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    return len(rows) + len(conversions) + len(figures)


def prune(now: datetime | None = None) -> int:
    """Raw views older than the retention are deleted (their days' rollups stay)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INSIGHTS_KEEP_DAYS)
    return PageView.objects.filter(at__lt=cutoff).delete()[0]
