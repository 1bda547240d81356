"""Counters in the shared cache, all of a request's in one round trip.

Django's ``cache.incr`` asks Redis whether the key exists before it adds (two round trips), and a
comment counts three rate-limit windows and a page version: on a busy thread that was a quarter of
the request's Redis traffic. With Redis the counts go out as one pipeline (INCR, then EXPIRE NX so a
window's first count starts its clock); with another cache backend they fall back to add/incr.
"""

from __future__ import annotations

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


def redis_client():
    """The Redis client behind the default cache, or None with another backend. Kept on the backend
    (one per thread), since Django's cache makes a new client object on every call."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    client = getattr(backend, "_counters_client", None)
    if client is None:
        client = backend._counters_client = backend._cache.get_client(None, write=True)  # the first server
    return client


def incr_many(counters: list[tuple[str, int | None]]) -> list[int]:
    """Add one to each ``(key, seconds)``; a new key starts at 1 and lives ``seconds`` (None: for
    ever). Returns the new values, in order."""
    client = redis_client()
    if client is None:
        return [_incr(key, seconds) for key, seconds in counters]
    pipe = client.pipeline(transaction=False)
    for key, seconds in counters:
        full = cache.make_and_validate_key(key)
        pipe.incr(full)
        if seconds:
            pipe.expire(full, seconds, nx=True)
    results = pipe.execute()
    step = [2 if seconds else 1 for _key, seconds in counters]
    values, i = [], 0
    for size in step:
        values.append(int(results[i]))
        i += size
    return values


def _incr(key: str, seconds: int | None) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # the first: start it (or count on whoever started it meanwhile)
        return 1 if cache.add(key, 1, seconds) else cache.incr(key)
