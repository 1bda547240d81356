"""Page views buffered in Redis and written in batches, when INSIGHTS_BUFFER_VIEWS is on (production
with Redis): every page sends a beacon, and one INSERT committed per view made the database's commit
the beacon's cost. A view is one script call (its browser's minute counted, the view queued); the
worker writes what waits every few seconds (or as soon as BATCH are waiting) in one transaction, with
COPY on PostgreSQL.

Exactly once: a flush takes a batch off the list and keeps it under its own id (one Lua script, so a
view is either waiting or taken), writes it together with a ``ViewBatch`` row of that id, and only then
forgets it. A flush that dies between the two leaves the batch taken; the next flush writes it unless
its id is already in the database (then it was written, and is only forgotten)."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cms.counters import redis_client

from .models import PageView, ViewBatch

WAITING, TAKEN = "insights:views:waiting", "insights:views:taken"
BATCH = 5000
FIELDS = ("page_id", "path", "channel", "source", "medium", "campaign", "visitor", "language", "link", "lead_id")

# Take up to ARGV[1] views off the list and keep them under the batch id ARGV[2]; how many were taken.
_TAKE = """
local rows = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #rows == 0 then return 0 end
redis.call('LTRIM', KEYS[1], #rows, -1)
redis.call('HSET', KEYS[2], ARGV[2], cjson.encode(rows))
return #rows
"""


# Count the browser's minute (KEYS[1], living ARGV[1] s); past ARGV[2] views in it, -1; else the view
# (ARGV[3]) waits on KEYS[2] and the list's length is returned. One round trip per beacon.
_COUNT_AND_PUSH = """
local seen = redis.call('INCR', KEYS[1])
if seen == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
if seen > tonumber(ARGV[2]) then return -1 end
return redis.call('RPUSH', KEYS[2], ARGV[3])
"""
_scripts: dict = {}  # registered once: its SHA is what each call sends


def enabled() -> bool:
    return settings.INSIGHTS_BUFFER_VIEWS and redis_client() is not None


def _key(name: str) -> str:
    return cache.make_and_validate_key(name)


def push(view: PageView, *, rate_key: str, seconds: int, limit: int) -> bool:
    """The view waits for the next flush unless its browser sent more than ``limit`` in the window
    ``rate_key`` counts (then False); once BATCH wait, a flush is asked for at once."""
    row = {f: getattr(view, f) for f in FIELDS}
    row["at"] = view.at.isoformat()
    client = redis_client()  # a new client object on each call, over the cache's connection pool
    script = _scripts.get("count-and-push")
    if script is None:
        script = _scripts["count-and-push"] = client.register_script(_COUNT_AND_PUSH)
    waiting = script(keys=[_key(rate_key), _key(WAITING)],
                     args=[seconds, limit, json.dumps(row, separators=(",", ":"))], client=client)
    if waiting < 0:
        return False
    if waiting % BATCH == 0:
        from .tasks import flush_views

        flush_views.delay()
    return True


def _copy(rows: list[dict]) -> None:
    """PostgreSQL's COPY: several times the rows per second of an INSERT, for the worker and the database."""
    quote, columns = connection.ops.quote_name, ("at", *FIELDS)
    names = ", ".join(quote(PageView._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor, cursor.copy(
            f"COPY {quote(PageView._meta.db_table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _write(batch: str, rows: list[str]) -> int:
    views = [json.loads(raw) for raw in rows]
    try:
        with transaction.atomic():
            ViewBatch.objects.create(id=batch, size=len(views))
            if connection.vendor == "postgresql":
                _copy(views)
            else:
                PageView.objects.bulk_create([PageView(at=parse_datetime(row.pop("at")), **row) for row in views],
                                             batch_size=1000)
    except IntegrityError:  # this batch was written by a flush that died before forgetting it
        return 0
    return len(views)


def flush(limit: int = 200) -> int:
    """Write what waits (and any batch a dead flush left taken); returns the views written."""
    client = redis_client()
    if client is None:
        return 0
    taken, waiting, written = _key(TAKEN), _key(WAITING), 0
    for batch, body in client.hgetall(taken).items():
        written += _write(batch.decode(), json.loads(body))
        client.hdel(taken, batch)
    take = client.register_script(_TAKE)
    for _round in range(limit):
        batch = uuid.uuid4().hex
        if not take(keys=[waiting, taken], args=[BATCH, batch]):
            break
        written += _write(batch, json.loads(client.hget(taken, batch)))
        client.hdel(taken, batch)
    return written


def waiting() -> int:
    client = redis_client()
    return client.llen(_key(WAITING)) if client is not None else 0


def prune_batches() -> int:
    return ViewBatch.objects.filter(at__lt=timezone.now() - timedelta(days=2)).delete()[0]
