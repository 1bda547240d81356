"""A real Celery worker consuming from Redis runs a task enqueued on commit."""

import os
import time

import pytest
from django.core import mail

from cms.actions import register_for_event
from tests import factories


def redis_broker() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        pytest.skip("needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/1 (.ci/run does)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {url} is not reachable: {error}")
    return url


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_registration_email_is_sent_by_a_real_worker(tree):
    from celery.contrib.testing.worker import start_worker

    from cms.celery import app

    broker = redis_broker()
    event = factories.EventPageFactory(parent=tree.events, slug="worker", title="워커 확인", capacity=5)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=broker)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            mail.outbox.clear()
            register_for_event(event, "가", "worker@example.com")  # commits, then enqueues on commit
            deadline = time.monotonic() + 30
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        app.conf.update(saved)
    assert [m.to for m in mail.outbox] == [["worker@example.com"]]
    assert "워커 확인" in mail.outbox[0].subject


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_enqueued_when_the_transaction_rolls_back(tree, monkeypatch):
    from django.db import transaction

    from cms import tasks

    sent = []
    monkeypatch.setattr(tasks.send_registration_email, "delay", lambda *a: sent.append(a))
    event = factories.EventPageFactory(parent=tree.events, slug="rollback", capacity=5)
    with pytest.raises(RuntimeError), transaction.atomic():
        register_for_event(event, "가", "a@example.com")
        raise RuntimeError("the surrounding work failed")
    assert sent == []
    assert not event.registrations.exists()
