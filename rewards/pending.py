"""Points to work out, batched: a comment's request adds one line to a Redis list (one round trip)
instead of publishing a Celery task (a message built, serialised and sent on every comment: about a
millisecond of the web worker's time), and one task drains the list a few seconds later.

Without Redis (the development set-up, the tests) each item goes to its task at once.
"""

from __future__ import annotations

import json
import logging

from django.core.cache import cache
from django.db import transaction

from cms.counters import redis_client

from .tasks import (
    award_for_comment,
    award_for_registration,
    drain_pending,
    reverse_for_comment,
    reverse_for_registration,
)

log = logging.getLogger(__name__)
KEY = "rewards:pending"
DRAIN_AFTER = 3  # seconds: a burst of comments is drained by one task
BATCH = 500
CHUNK = 100  # lines per transaction

TASKS = {"award_for_comment": award_for_comment, "reverse_for_comment": reverse_for_comment,
         "award_for_registration": award_for_registration, "reverse_for_registration": reverse_for_registration}


def add(task: str, *args) -> None:
    client = redis_client()
    if client is None:
        TASKS[task].delay(*args)
        return
    pipe = client.pipeline(transaction=False)
    pipe.rpush(cache.make_and_validate_key(KEY), json.dumps([task, *args]))
    pipe.set(cache.make_and_validate_key(f"{KEY}:drain"), 1, ex=DRAIN_AFTER + 30, nx=True)
    _pushed, first = pipe.execute()
    if first:  # the first of a burst schedules the drain
        drain_pending.apply_async(countdown=DRAIN_AFTER)


def drain() -> int:
    """Run what is waiting, oldest first; returns how many ran."""
    client = redis_client()
    if client is None:
        return 0
    key = cache.make_and_validate_key(KEY)
    client.delete(cache.make_and_validate_key(f"{KEY}:drain"))  # later additions schedule the next drain
    ran = 0
    while True:
        items = client.lpop(key, BATCH)
        if not items:
            return ran
        for start in range(0, len(items), CHUNK):
            run_chunk(items[start:start + CHUNK], failed=lambda raw: client.rpush(f"{key}:failed", raw))
        ran += len(items)


def _run(raw) -> None:
    task, *args = json.loads(raw)
    TASKS[task](*args)  # the task's own function: it re-reads its rows


def run_chunk(items: list, failed) -> None:
    """Run lines in one transaction (one commit, one disk flush, for up to CHUNK awards); if any fails,
    the chunk is rolled back and each line runs again in its own, a failing one handed to ``failed``
    (every line is idempotent, so running one again after the rollback changes nothing twice)."""
    try:
        with transaction.atomic():
            for raw in items:
                _run(raw)
        return
    except Exception:  # noqa: BLE001 - the chunk is run again line by line below
        log.warning("rewards: a chunk of %d failed; running its lines one by one", len(items))
    for raw in items:
        try:
            with transaction.atomic():
                _run(raw)
        except Exception:  # noqa: BLE001 - one failure must not drop the rest of the batch
            log.exception("rewards: %r failed; kept in %s:failed", raw, KEY)
            failed(raw)
