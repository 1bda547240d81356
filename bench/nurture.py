"""bench/nurture: 20,000 confirmed leads with a step due, rendered and delivered to a local SMTP sink.

The set-up is the one `make run` uses, at scale: the demo content (load_demo, whose starter-guide
sequence has "next best article" blocks picked per lead), the nurture tick, and a real Celery
worker (prefork, one process per core) consuming ``deliver_batch`` tasks from the configured broker
(the embedded filesystem broker by default; Redis when CELERY_BROKER_URL says so). The sink is
aiosmtpd in its own process; it counts every message by its X-Nurture-Send header, so a duplicate
cannot hide.

Printed: emails/s from the tick to the last email accepted; scheduler lag (how late after its due
time each email went out, p50/p95/max); the worker's peak memory per process; duplicates (must be
0); and two references measured in the same run: a bare smtplib loop sending one pre-rendered
message to the same sink (the SMTP floor), and listmonk's documented default (~100 emails/s).

    .venv/bin/python bench/nurture.py [--leads 20000] [--workers 2]

With DATABASE_URL (a PostgreSQL database the bench may drop and create, e.g.
postgres://postgres@127.0.0.1:5432/bench_nurture) and CELERY_BROKER_URL=redis://…, it measures the
production set-up instead of the embedded one.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-nurture"
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.nurture_settings"
LISTMONK_DEFAULT = 100  # emails/s at listmonk's default concurrency (nurture-compliance.md)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sink(port: int, ready, commands, results) -> None:
    """An aiosmtpd server counting messages per X-Nurture-Send (in its own process)."""
    from email.parser import BytesHeaderParser

    from aiosmtpd.controller import Controller

    counts: dict[str, int] = {}
    state = {"total": 0, "last": 0.0}
    parser = BytesHeaderParser()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            send_id = parser.parsebytes(envelope.content).get("X-Nurture-Send", "none")
            counts[send_id] = counts.get(send_id, 0) + 1
            state["total"] += 1
            state["last"] = time.time()
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        command = commands.get()
        if command == "reset":
            counts.clear()
            state.update(total=0, last=0.0)
            results.put("ok")
        elif command == "report":
            duplicates = sum(n - 1 for key, n in counts.items() if n > 1 and key != "none")
            results.put({"total": state["total"], "distinct": len(counts), "duplicates": duplicates,
                         "last": state["last"]})
        else:
            controller.stop()
            return


def smtp_floor(port: int, message: bytes, n: int) -> float:
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for _ in range(n):
            client.sendmail("news@example.com", ["floor@example.com"], message)
    return n / (time.perf_counter() - start)


def prepare(leads: int) -> int:
    """A fresh database with the demo and ``leads`` confirmed leads in its Korean sequence, due now."""
    shutil.rmtree(VAR, ignore_errors=True)
    for folder in ("queue", "processed", "control"):  # the settings made these on import; make them again
        (VAR / "broker" / folder).mkdir(parents=True)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):  # a scratch database of its own on the same server
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    print("loading the demo content…", flush=True)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.db import transaction
    from django.utils import timezone

    from nurture.models import Consent, Enrollment, Lead, Sequence

    sequence = Sequence.objects.get(slug="starter-guide-ko")
    now = timezone.now()
    with transaction.atomic():
        rows = Lead.objects.bulk_create([
            Lead(email=f"reader{i}@example.com", email_key=f"reader{i}@example.com", name=f"독자{i}",
                 confirmed_at=now, source_page_id=sequence.trigger_page_id)
            for i in range(leads)], batch_size=2000)
        Consent.objects.bulk_create([Consent(lead=lead, given_at=now, confirmed_at=now, form="bench",
                                             text_version="bench") for lead in rows], batch_size=2000)
        Enrollment.objects.bulk_create([Enrollment(lead=lead, sequence=sequence, enrolled_at=now) for lead in rows],
                                       batch_size=2000)
    return sequence.steps.order_by("sort_order").first().pk


def start_worker(workers: int, port: int) -> subprocess.Popen:
    """The worker, started and waited for until it says it is ready (its log is in var/bench-nurture)."""
    env = {**os.environ, "BENCH_SMTP_PORT": str(port)}
    log = VAR / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cms", "worker", f"--concurrency={workers}", "--pool=prefork",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, start_new_session=True, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 120
    while time.time() < deadline and b" ready." not in log.read_bytes():
        time.sleep(0.2)
    return worker


def peak_memory_mb(parent: int) -> float:
    """The largest VmHWM (peak resident memory) among the worker's processes, in MB."""
    pids = [parent]
    children = Path(f"/proc/{parent}/task/{parent}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1),
                        help="worker processes; sending waits on SMTP round trips, so twice the cores")
    args = parser.parse_args()

    port = free_port()
    os.environ["BENCH_SMTP_PORT"] = str(port)
    ctx = multiprocessing.get_context("spawn")
    ready, commands, results = ctx.Event(), ctx.Queue(), ctx.Queue()
    sink_process = ctx.Process(target=sink, args=(port, ready, commands, results), daemon=True)
    sink_process.start()
    ready.wait(10)

    step_id = prepare(args.leads)
    from django.db import connections
    from django.utils import timezone

    from nurture import actions
    from nurture.email import build_message
    from nurture.models import Lead, Send

    # The SMTP floor: one pre-rendered message of ours, sent bare with smtplib.
    sample = Send(pk=0, step_id=step_id, lead=Lead.objects.first(), due_at=timezone.now())
    sample.enrollment = sample.lead.enrollments.first()
    message, _picked = build_message(sample)
    floor = smtp_floor(port, message.message().as_bytes(linesep="\r\n"), 3000)
    commands.put("reset")
    results.get()

    print(f"{args.leads:,} leads due; starting a Celery worker ({args.workers} processes)…", flush=True)
    from cms.celery import app

    app.control.purge()  # load_demo's indexing tasks are not what this measures
    worker = start_worker(args.workers, port)
    from django.db import transaction

    started = time.time()
    with transaction.atomic():
        tick = actions.tick()
    tick_seconds = time.time() - started
    connections.close_all()
    deadline = started + 1800
    while time.time() < deadline:
        commands.put("report")
        report = results.get()
        if report["total"] >= tick.created:
            break
        time.sleep(0.5)
    elapsed = max(report["last"], started) - started
    time.sleep(2)  # anything that would arrive twice arrives now
    commands.put("report")
    report = results.get()
    memory = peak_memory_mb(worker.pid)
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(15)
    commands.put("stop")

    lags = sorted((s.sent_at - s.due_at).total_seconds() for s in Send.objects.filter(status=Send.Status.SENT))
    statuses = {}
    for status in Send.objects.values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    rate = report["total"] / elapsed if elapsed else 0.0
    print()
    print(f"leads due: {args.leads:,}; recorded by the tick: {tick.created:,} in {tick_seconds:.1f} s; "
          f"send rows by status: {statuses}")
    print(f"delivered to the sink: {report['total']:,} in {elapsed:.1f} s → {rate:,.0f} emails/s "
          f"({args.workers} worker processes, broker {os.environ.get('CELERY_BROKER_URL', 'filesystem')})")
    if lags:
        print(f"scheduler lag (sent − due): p50 {statistics.median(lags):.1f} s, "
              f"p95 {lags[round(0.95 * (len(lags) - 1))]:.1f} s, max {lags[-1]:.1f} s")
    print(f"worker peak memory: {memory:.0f} MB per process")
    print(f"duplicates at the sink: {report['duplicates']}")
    print(f"references: bare smtplib floor {floor:,.0f} emails/s (ours ÷ floor = {rate / floor:.2f}); "
          f"listmonk default ~{LISTMONK_DEFAULT} emails/s (ours ÷ listmonk = {rate / LISTMONK_DEFAULT:.1f})")
    ok = rate >= 300 and report["duplicates"] == 0 and report["total"] == tick.created
    print(f"targets: ≥ 300 emails/s: {'yes' if rate >= 300 else 'NO'}; 0 duplicates: "
          f"{'yes' if report['duplicates'] == 0 else 'NO'}; every due email delivered: "
          f"{'yes' if report['total'] == tick.created else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
