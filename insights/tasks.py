"""Scheduled rollups: today and yesterday rebuilt every quarter hour (idempotent: a day rebuilt again
gives the same rows); buffered page views written every five seconds; raw views past the retention
pruned nightly."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import buffer
from .actions import prune, rollup


@shared_task
def roll_up_recent() -> int:
    today = timezone.localdate()
    return rollup(today - timedelta(days=1)) + rollup(today)


@shared_task
def roll_up_today() -> int:
    """Soon after a conversion, so the dashboard shows it (a day rebuilt again gives the same rows)."""
    return rollup(timezone.localdate())


@shared_task
def prune_views() -> int:
    return prune() + buffer.prune_batches()


@shared_task
def flush_views() -> int:
    """Buffered page views into the database (safe to run twice at once: a batch is written once)."""
    return buffer.flush()
