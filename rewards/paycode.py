"""A member's pay code: the number their wallet shows at a partner's counter, for the till to type.

It names the member and proves they are there now: a keyed hash of the member and the current
five-minute window (nothing stored), accepted in that window and the one before, and good for one
payment. A code read off a receipt an hour later pays nothing."""

from __future__ import annotations

import hmac
from datetime import datetime

from django.utils import timezone
from django.utils.crypto import salted_hmac

WINDOW_SECONDS = 300


def window(at: datetime | None = None) -> int:
    return int((at or timezone.now()).timestamp()) // WINDOW_SECONDS


def _digits(member_id: int, slot: int) -> str:
    digest = salted_hmac("rewards.pay", f"{member_id}:{slot}", algorithm="sha256").digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def code_for(member, at: datetime | None = None) -> str:
    return f"{member.pk}-{_digits(member.pk, window(at))}"


def read(typed: str, at: datetime | None = None) -> tuple[int, int] | None:
    """(member id, window) of a code still good at ``at``, or None."""
    cleaned = "".join(ch for ch in (typed or "") if ch.isdigit() or ch == "-").strip("-")
    head, _sep, digits = cleaned.rpartition("-")
    if not head.isdigit() or len(digits) != 6 or len(head) > 10:
        return None
    member_id, now = int(head), window(at)
    for slot in (now, now - 1):
        if hmac.compare_digest(digits, _digits(member_id, slot)):
            return member_id, slot
    return None
