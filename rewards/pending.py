"""Points to work out, batched: a comment's request adds one line to a Redis list (one round trip)
instead of publishing a Celery task (a message built, serialised and sent on every comment: about a
millisecond of the web worker's time), and one task drains the list a few seconds later.

Without Redis (the development set-up, the tests) each item goes to its task at once.
"""

from __future__ import annotations

import json
import logging

from django.core.cache import cache

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
        for raw in items:
            task, *args = json.loads(raw)
            try:
                TASKS[task](*args)  # the task's own function: it re-reads its rows
            except Exception:  # noqa: BLE001 - one failure must not drop the rest of the batch
                log.exception("rewards: %s%r failed; kept in %s:failed", task, args, KEY)
                client.rpush(f"{key}:failed", raw)
            ran += 1
