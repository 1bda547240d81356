"""A real Celery worker on Redis, killed mid-batch and restarted: no duplicate, nothing lost."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from email.parser import BytesHeaderParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from nurture import actions
from nurture.models import Consent, Enrollment, Lead, Send
from tests.cms.test_worker import redis_broker
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
LEADS = 60


class SlowSink:
    """Takes a tenth of a second per message, so the kill lands in the middle of a batch."""

    def __init__(self):
        self.ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.1)
        self.ids.append(BytesHeaderParser().parsebytes(envelope.content).get("X-Nurture-Send", "?"))
        return "250 OK"


def start_worker(broker: str, port: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.nurture.worker_settings", "CELERY_BROKER_URL": broker,
           "NURTURE_TEST_SMTP_PORT": str(port),
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cms", "worker", "--pool=prefork", "--concurrency=1",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(worker: subprocess.Popen, sig=signal.SIGKILL) -> None:
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        return
    worker.wait(20)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # other tests flushed the pages
def test_worker_killed_mid_batch_and_restarted(tree, sequence):
    broker = redis_broker()
    if connection.vendor != "postgresql":
        pytest.skip("the worker process shares the test database only on PostgreSQL (set DATABASE_URL; .ci/run does)")
    from cms.celery import app

    now = timezone.now()
    leads = Lead.objects.bulk_create([Lead(email=f"w{i}@example.com", email_key=f"w{i}@example.com",
                                           confirmed_at=now) for i in range(LEADS)])
    Consent.objects.bulk_create([Consent(lead=lead, given_at=now, confirmed_at=now) for lead in leads])
    Enrollment.objects.bulk_create([Enrollment(lead=lead, sequence=sequence, enrolled_at=now) for lead in leads])

    sink = SlowSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=broker)
    worker = None
    try:
        app.control.purge()
        worker = start_worker(broker, controller.port)
        actions.tick()  # records 60 rows and queues them (50 + 10) on Redis
        assert Send.objects.count() == LEADS
        assert wait_for(lambda: len(sink.ids) >= 15, 60), "the worker never started sending"
        stop(worker)  # kill -9, mid-batch
        killed_at = len(sink.ids)
        assert killed_at < LEADS

        worker = start_worker(broker, controller.port)
        # The next tick after the interruption window: the row the dead worker held is flagged, the
        # rows it never reached are queued again.
        result = actions.tick(now=timezone.now() + timedelta(minutes=11))
        assert result.recovered <= 1
        assert wait_for(lambda: not Send.objects.filter(status__in=["pending", "sending"]).exists(), 90)
        time.sleep(1)  # a duplicate would arrive now
    finally:
        if worker is not None:
            stop(worker)
        app.conf.update(saved)
        controller.stop()

    received = [int(i) for i in sink.ids]
    assert len(received) == len(set(received)), "an email arrived twice"
    sent = set(Send.objects.filter(status="sent").values_list("pk", flat=True))
    interrupted = set(Send.objects.filter(status="failed", reason__startswith="interrupted")
                      .values_list("pk", flat=True))
    assert len(interrupted) <= 1
    assert sent | interrupted == set(Send.objects.values_list("pk", flat=True)), "a row was lost"
    assert sent <= set(received) <= sent | interrupted
