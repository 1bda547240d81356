"""Counters in the shared cache: every key of a request counted in one go, a new window starting
its clock, a page version that was lost starting above any number a stored copy may carry."""

from __future__ import annotations

import os
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from cms.cache import page_version, retire_page
from cms.counters import incr_many, redis_client

REDIS_URL = os.environ.get("REDIS_URL")


@pytest.fixture(params=["configured", "redis"])
def shared_cache(request):
    """The tests' own cache, and Redis (production's, where the counts go out as one pipeline)."""
    if request.param == "configured":
        yield request.param
        return
    if not REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 (.ci/run does)")
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                               "LOCATION": REDIS_URL, "KEY_PREFIX": "test-counters"}}):
        yield request.param
        cache.delete_many(["c:window", "c:forever", "cms:page-cache:page:987654", "cms:page-cache:generation"])


def test_each_key_counts_on_its_own_and_a_window_expires(shared_cache):
    cache.delete_many(["c:window", "c:forever"])
    assert incr_many([("c:window", 60), ("c:forever", None)]) == [1, 1]
    assert incr_many([("c:window", 60), ("c:forever", None), ("c:window", 60)]) == [2, 2, 3]
    assert cache.get("c:window") == 3 and cache.get("c:forever") == 2
    client = redis_client()
    assert (client is not None) == (shared_cache == "redis")  # Redis gets one pipeline, not add/incr
    if client is not None:  # the window's clock started with its first count, once
        ttl = client.ttl(cache.make_and_validate_key("c:window"))
        assert 0 < ttl <= 60
        assert client.ttl(cache.make_and_validate_key("c:forever")) == -1


def test_a_lost_page_version_starts_above_the_time_in_milliseconds(shared_cache):
    class Page:
        pk = 987654

    cache.delete("cms:page-cache:page:987654")
    retire_page(Page())
    assert page_version(987654) >= int(time.time() * 1000) - 5_000
    before = page_version(987654)
    retire_page(Page())
    assert page_version(987654) == before + 1


@pytest.mark.django_db  # request_started also closes stale database connections
def test_a_request_reads_the_generation_once_and_sees_its_own_publish(shared_cache):
    from django.core.signals import request_finished, request_started

    from cms.cache import GENERATION_KEY, generation, invalidate_all

    cache.set(GENERATION_KEY, 100, None)
    request_started.send(sender=None)
    try:
        assert generation() == 100
        cache.set(GENERATION_KEY, 200, None)  # another process publishes meanwhile
        assert generation() == 100  # one response is built from one generation
        invalidate_all()  # this request publishes: what it renders next is the new content
        assert generation() == 201
    finally:
        request_finished.send(sender=None)
    cache.set(GENERATION_KEY, 300, None)
    assert generation() == 300  # outside a request (a task, a command) every read asks
