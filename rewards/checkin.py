"""Event check-in codes: shown at the event (by staff, from the admin), typed in by members there.

A code is derived from the event (its id and start) with the site's secret, so nothing is stored and
moving the event changes it; it is accepted only while the event runs (from half an hour before it
starts to its end), so a code passed around afterwards earns nothing."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.utils import timezone
from django.utils.crypto import salted_hmac

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
EARLY = timedelta(minutes=30)


def code_for(event) -> str:
    digest = salted_hmac("rewards.checkin", f"{event.pk}:{event.start.isoformat()}", algorithm="sha256").digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:6])


def is_open(event, at=None) -> bool:
    at = at or timezone.now()
    return event.start - EARLY <= at <= event.end


def matches(event, typed: str) -> bool:
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    return hmac.compare_digest(cleaned, code_for(event))
