"""Rate limits on writing: per member and per address, counted in the shared cache.

Fixed windows are enough here: they stop a flood and a script, and a person who hits one gets a
message that says when to try again. The limits are settings (COMMUNITY_RATE_LIMITS).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.utils.translation import gettext as _

from cms.counters import incr_many

from .errors import CommunityError

DEFAULT_LIMITS = {
    # what: [(count, seconds), ...]
    "comment_member": [(6, 60), (60, 86_400)],
    "comment_ip": [(20, 600)],
    "reaction_member": [(60, 3600)],
    "report_member": [(20, 86_400)],
}


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "COMMUNITY_RATE_LIMITS", {})}


def hit(what: str, who: str) -> None:
    """Count one more; over any window's limit raises."""
    hit_all([(what, who)])


def hit_all(attempts: list[tuple[str, str]]) -> None:
    """Count one more for each ``(what, who)`` (every window, in one round trip); over any window's
    limit raises. A refused attempt still counts: a script that keeps trying stays refused."""
    now = int(time.time())
    windows = []
    for what, who in attempts:
        if not who:
            continue
        digest = hashlib.sha256(f"{what}|{who}".encode()).hexdigest()[:24]
        for count, seconds in limits().get(what, []):
            windows.append((f"community:rate:{digest}:{seconds}:{now // seconds}", seconds, count))
    if not windows:
        return
    used = incr_many([(key, seconds) for key, seconds, _count in windows])
    over = [seconds for (_key, seconds, count), n in zip(windows, used, strict=True) if n > count]
    if over:
        if max(over) >= 3600:
            message = _("You have reached today's limit here. Please try again later.")
        else:
            message = _("Too many at once. Please wait a minute and try again.")
        raise CommunityError(None, message, status=429)
