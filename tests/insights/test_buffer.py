"""With Redis, page views wait in a buffer and are written in batches: none is lost, none is written
twice, even when a flush dies between taking a batch and forgetting it."""

from __future__ import annotations

import json
import os

import pytest
from django.test import override_settings

from insights import buffer
from insights.models import PageView, ViewBatch
from tests.insights.test_visits import _hit

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.django_db


@pytest.fixture
def buffered():
    if not REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 (.ci/run does)")
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "test-buffer"}}
    with override_settings(CACHES=caches, INSIGHTS_BUFFER_VIEWS=True):
        client = buffer.redis_client()
        forget = lambda: [client.delete(key) for key in client.scan_iter(match="test-buffer:*")]  # noqa: E731
        forget()  # what waits and the browsers' minute counts
        yield client
        forget()


def test_views_wait_then_are_written_once(client, tree, buffered):
    for n in range(3):
        response = _hit(client, path=f"/p{n}/", query="?utm_source=kakao&utm_campaign=dec")
        assert response.status_code == 204 and "visit_from" in response.cookies
    assert not PageView.objects.exists() and buffer.waiting() == 3
    assert buffer.flush() == 3 and buffer.flush() == 0
    assert sorted(PageView.objects.values_list("path", "channel", "campaign")) == [
        ("/p0/", "kakao", "dec"), ("/p1/", "kakao", "dec"), ("/p2/", "kakao", "dec")]
    assert ViewBatch.objects.get().size == 3


def test_a_batch_a_dead_flush_left_is_written_once(client, tree, buffered):
    for n in range(4):
        _hit(client, path=f"/d{n}/")
    take = buffered.register_script(buffer._TAKE)
    # a flush took two views and died before writing them
    assert take(keys=[buffer._key(buffer.WAITING), buffer._key(buffer.TAKEN)], args=[2, "dead-before-writing"]) == 2
    # another took one, wrote it, and died before forgetting it
    assert take(keys=[buffer._key(buffer.WAITING), buffer._key(buffer.TAKEN)], args=[1, "dead-after-writing"]) == 1
    rows = json.loads(buffered.hget(buffer._key(buffer.TAKEN), "dead-after-writing"))
    assert buffer._write("dead-after-writing", rows) == 1
    assert PageView.objects.count() == 1 and buffer.waiting() == 1
    assert buffer.flush() == 3, "the two taken by the first, and the one still waiting"
    assert PageView.objects.count() == 4 and sorted(PageView.objects.values_list("path", flat=True)) == [
        "/d0/", "/d1/", "/d2/", "/d3/"]
    assert not buffered.hgetall(buffer._key(buffer.TAKEN))


def test_a_flood_is_not_buffered(client, tree, buffered, monkeypatch):
    from insights.actions import recording

    monkeypatch.setattr(recording, "PER_MINUTE", 3)
    for n in range(5):
        assert _hit(client, path=f"/f{n}/").status_code == 204
    assert buffer.waiting() == 3, "one browser past the minute's limit: a script, not a reader"
    assert buffer.flush() == 3
    assert sorted(PageView.objects.values_list("path", flat=True)) == ["/f0/", "/f1/", "/f2/"]
