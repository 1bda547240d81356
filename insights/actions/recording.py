"""A page view, as the beacon reports it: checked, its channel classified, stored without anything that
names the reader (a daily-rotating salted hash of the connection, as the search log keeps); bots and
browsers that ask not to be tracked (Do Not Track, Global Privacy Control) are not counted."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.counters import incr_many
from cms.models.visibility import is_staff_user
from cms.structure import remember
from search.service import is_bot, session_hash
from shop_wizard.models import Partner

from .. import buffer
from ..channels import classify
from ..models import PageView
from .attribution import consenting_lead, tie_view


class ViewError(Exception):
    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field, self.message = field, str(message)


def _hosts(values) -> frozenset[str]:
    found = set()
    for value in values:
        host = (urlsplit(value if "//" in value else f"//{value}").hostname or "").lower()
        if host:
            found.update({host, host[4:] if host.startswith("www.") else host})
    return frozenset(found)


def own_hosts() -> frozenset[str]:
    return remember("insights:own-hosts", lambda: _hosts(
        [s.hostname for s in Site.objects.all()] + [settings.WAGTAILADMIN_BASE_URL]
        + [h for h in settings.ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")]))


def partner_hosts() -> frozenset[str]:
    return remember("insights:partner-hosts", lambda: _hosts(
        Partner.objects.exclude(site="").values_list("site", flat=True)))


def not_counted(request: HttpRequest, path: str) -> bool:
    """A bot, a browser that asked not to be tracked, staff at work (the admin and its previews)."""
    return (is_bot(request) or request.META.get("HTTP_DNT") == "1" or request.META.get("HTTP_SEC_GPC") == "1"
            or path.startswith(NOT_VISITS) or is_staff_user(getattr(request, "user", None)))


NOT_VISITS = ("/admin/", "/django-admin/")


def kept_path(path: str, page: str) -> str:
    """A page's path as it is; anything else (an account page, a survey's link with its token) only as
    far as its first part, so no token or personal address is kept."""
    if page:
        return path
    parts = [p for p in path.split("/") if p]
    keep = parts[:2] if parts[:1] == ["en"] else parts[:1]
    return "/" + "".join(f"{p}/" for p in keep)


PER_MINUTE = 120  # views a browser may report in a minute; past that (a script, not a reader) none count
RATE_SECONDS = 120  # a minute's count lives past its minute


def _rate_key(visitor: str) -> str:
    return f"insights:rate:{visitor}:{int(time.time() // 60)}"


def _too_many(visitor: str) -> bool:
    """One round trip to the cache (a pipelined INCR + EXPIRE NX on Redis)."""
    return incr_many([(_rate_key(visitor), RATE_SECONDS)])[0] > PER_MINUTE


# The hosts change when a site or a partner is edited, which is rare; each process reads them again
# after HOSTS_SECONDS instead of asking the shared cache on every beacon.
HOSTS_SECONDS = 60
_seen_hosts: list = [0.0, None]


def known_hosts() -> tuple[frozenset[str], frozenset[str]]:
    """(own hosts, partner hosts), as this process last read them."""
    now = time.monotonic()
    if _seen_hosts[1] is None or now - _seen_hosts[0] > HOSTS_SECONDS:
        _seen_hosts[:] = [now, (own_hosts(), partner_hosts())]
    return _seen_hosts[1]


def forget_hosts() -> None:
    """For tests, where each starts with other sites."""
    _seen_hosts[:] = [0.0, None]


def record_view(request: HttpRequest, *, page: str, path: str, query: str, referrer: str) -> PageView | None:
    """The view, or None when it is not counted; a ViewError names a field that is not what a page sends."""
    if not path.startswith("/") or len(path) > 300:
        raise ViewError("path", _("The path is not a path on this site."))
    if not_counted(request, path):
        return None
    if page and not page.isdigit():
        raise ViewError("page", _("The page is not a page id."))
    visitor = session_hash(request)
    buffered = buffer.enabled()
    if not buffered and _too_many(visitor):
        return None
    own, partners = known_hosts()
    origin = classify(query[:2000], referrer[:2000], own_hosts=own, partner_hosts=partners)
    language = "en" if path.startswith("/en/") else settings.LANGUAGE_CODE[:2]  # the site's URLs say it
    lead_id = consenting_lead(request)
    view = PageView(
        at=timezone.now(), page_id=int(page) if page and int(page) < 2**63 else None, path=kept_path(path, page),
        channel=origin.channel, source=origin.source, medium=origin.medium, campaign=origin.campaign,
        visitor=visitor, language=language, link=origin.link, lead_id=lead_id)
    if buffered:  # counted and waiting in one round trip; written with its batch within seconds
        if not buffer.push(view, rate_key=_rate_key(visitor), seconds=RATE_SECONDS, limit=PER_MINUTE):
            return None
    else:
        view.save()
    if lead_id:
        tie_view(view, lead_id)
    return view
