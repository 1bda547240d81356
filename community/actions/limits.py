"""Rate limits on writing: per member and per address, counted in the shared cache.

Fixed windows are enough here: they stop a flood and a script, and a person who hits one gets a
message that says when to try again. The limits are settings (COMMUNITY_RATE_LIMITS).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

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
    """Count one more; over any window's limit raises (and the attempt is not counted again)."""
    if not who:
        return
    digest = hashlib.sha256(f"{what}|{who}".encode()).hexdigest()[:24]
    now = int(time.time())
    for count, seconds in limits().get(what, []):
        key = f"community:rate:{digest}:{seconds}:{now // seconds}"
        try:
            used = cache.incr(key)  # one round trip once the window has its counter
        except ValueError:  # the window's first: start it (or count on whoever started it meanwhile)
            used = 1 if cache.add(key, 1, seconds) else cache.incr(key)
        if used > count:
            if seconds >= 3600:
                message = _("You have reached today's limit here. Please try again later.")
            else:
                message = _("Too many at once. Please wait a minute and try again.")
            raise CommunityError(None, message, status=429)
