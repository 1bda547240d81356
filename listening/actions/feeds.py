"""Blogs and news that mention us, pulled from their RSS or Atom feeds (a Naver blog, a Tistory blog,
any feed) on a schedule, with a conditional GET: a feed that has not changed answers 304 and costs
nothing. A broken or slow feed is recorded on its source (what went wrong, when) and stores nothing."""

from __future__ import annotations

import html
import urllib.error
import urllib.request
from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import nh3
from django.conf import settings
from django.utils import timezone

from ..models import Source
from .ingest import Incoming, ingest

MAX_BYTES = 5 * 1024 * 1024


@dataclass
class FeedResult:
    status: int | None
    created: int = 0
    duplicates: int = 0
    error: str = ""


def _timeout() -> float:
    return float(getattr(settings, "LISTENING_FEED_TIMEOUT", 10))


def _text(entry) -> str:
    parts = [entry.get("title", ""), entry.get("summary", "")]
    plain = " ".join(html.unescape(nh3.clean(p or "", tags=set())) for p in parts)
    return " ".join(plain.split())


def _when(entry) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return datetime.fromtimestamp(timegm(parsed), tz=UTC)
    return timezone.now()


def pull_feed(source: Source) -> FeedResult:
    cursor = dict(source.cursor or {})
    headers = {"User-Agent": "listening/1.0 (+feed reader)", "Accept": "application/rss+xml, application/atom+xml, "
               "application/xml;q=0.9, */*;q=0.5"}
    if cursor.get("etag"):
        headers["If-None-Match"] = cursor["etag"]
    if cursor.get("modified"):
        headers["If-Modified-Since"] = cursor["modified"]
    result = FeedResult(status=None)
    try:
        if not source.url.startswith(("http://", "https://")):
            raise ValueError("a feed's address starts with http:// or https://")
        request = urllib.request.Request(source.url, headers=headers)  # noqa: S310 - http(s) only, checked above
        with urllib.request.urlopen(request, timeout=_timeout()) as response:  # noqa: S310 - an editor's feed URL
            result.status = response.status
            body = response.read(MAX_BYTES + 1)
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if len(body) > MAX_BYTES:
            raise ValueError("the feed is larger than 5 MB")
        feed = feedparser.parse(body)
        if feed.bozo and not feed.entries:
            raise ValueError(f"not a feed: {feed.get('bozo_exception', 'unreadable')}")
        items = [Incoming(text=text, posted_at=_when(e), channel="blog", author=e.get("author", ""),
                          external_id=(e.get("id") or e.get("link") or "")[:200], url=e.get("link", "")[:500],
                          raw={"title": e.get("title", ""), "link": e.get("link", "")})
                 for e in feed.entries if (text := _text(e))]
        stored = ingest(source, items)
        result.created, result.duplicates = stored.stored, stored.duplicates
        cursor.update({"etag": etag or "", "modified": modified or ""})
    except urllib.error.HTTPError as problem:
        result.status = problem.code
        if problem.code != 304:
            result.error = f"HTTP {problem.code}"
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as problem:
        result.error = str(getattr(problem, "reason", problem))[:300] or type(problem).__name__
    cursor.update({"pulled_at": timezone.now().isoformat(), "status": result.status, "error": result.error})
    Source.objects.filter(pk=source.pk).update(cursor=cursor)
    source.cursor = cursor
    return result


def pull_feeds() -> int:
    """Every active feed source; returns the mentions taken in."""
    return sum(pull_feed(source).created for source in Source.objects.filter(kind=Source.Kind.FEED, active=True)
               .exclude(url=""))
