"""The nurture engine's idea of "now": real time, plus an offset a developer or a test may move.

With ``make run`` nobody wants to wait two days for step 2: ``manage.py nurture_tick --advance 2d``
moves this clock for the web server, the worker and the scheduler at once (the offset lives in the
shared cache). Production settings turn the offset off (``NURTURE_CLOCK_ADJUSTABLE = False``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

KEY = "nurture:clock_offset_seconds"


def adjustable() -> bool:
    return bool(getattr(settings, "NURTURE_CLOCK_ADJUSTABLE", False))


def offset() -> timedelta:
    if not adjustable():
        return timedelta(0)
    return timedelta(seconds=cache.get(KEY, 0))


def now() -> datetime:
    return timezone.now() + offset()


def advance(by: timedelta) -> timedelta:
    if not adjustable():
        raise RuntimeError("The nurture clock is fixed in these settings (NURTURE_CLOCK_ADJUSTABLE is off).")
    total = offset() + by
    cache.set(KEY, total.total_seconds(), None)
    return total


def reset() -> None:
    cache.delete(KEY)
