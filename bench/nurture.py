# ruff: noqa: S608 - the bulk inserts name tables from the models; every value is bound
"""bench/nurture: confirmed leads with a step due, among many more waiting, rendered and delivered to a
local SMTP sink.

The set-up is the one `make run` uses, at scale: the demo content (load_demo, whose starter-guide
sequence has "next best article" blocks picked per lead), the nurture tick, and a real Celery
worker (prefork, one process per core) consuming ``deliver_batch`` tasks from the configured broker
(the embedded filesystem broker by default; Redis when CELERY_BROKER_URL says so). The sink is
aiosmtpd in its own process; it counts every message by its X-Nurture-Send header, so a duplicate
cannot hide.

Printed: the tick's time beside the full-scan tick it replaced (run on the same data in the same
run, rolled back) and the enrolments each read; emails/s from the tick to the last email accepted;
scheduler lag (how late after its due time each email went out, p50/p95/max); the worker's peak
memory per process; duplicates (must be 0); and two references measured in the same run: a bare
smtplib loop sending one pre-rendered message to the same sink (the SMTP floor), and listmonk's
documented default (~100 emails/s).

    .venv/bin/python bench/nurture.py [--leads 20000] [--enrolments 1000000] [--workers 4]

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


def prepare(due: int, enrolments: int) -> int:
    """A fresh database with the demo and ``enrolments`` confirmed leads in its Korean sequence.

    ``due`` of them entered just now (their first email is due); the others entered a day ago, got
    their first email then, and wait a day for the second, as the incremental tick left them. The
    rows are written with INSERT … SELECT over a generated series: a million Python objects would
    take longer than what is measured.
    """
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
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from nurture.models import Consent, Enrollment, Lead, Send, Sequence

    sequence = Sequence.objects.get(slug="starter-guide-ko")
    first, second = sequence.steps.order_by("delay_days", "sort_order")[:2]
    now = timezone.now()
    waiting = enrolments - due
    print(f"writing {enrolments:,} leads, consents and enrolments ({due:,} due)…", flush=True)
    started = time.time()
    at = connection.ops.adapt_datetimefield_value
    json = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    series = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s) "
    lead, consent, enrollment, send = (m._meta.db_table for m in (Lead, Consent, Enrollment, Send))
    entered_waiting, entered_due = now - timedelta(days=1), now
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {lead} (email, email_key, name, language, time_zone, source_page_id, utm, topics, "
            "interests, weekly_only, token, stage, score, confirmed_at, suppression_reason, created_at, updated_at) "
            f"{series}SELECT 'reader' || i || '@example.com', 'reader' || i || '@example.com', '독자' || i, 'ko', "
            f"'Asia/Seoul', %s, {json}, {json}, {json}, %s, 'bench-' || i, 'subscriber', 0, %s, '', %s, %s FROM n",
            [enrolments, sequence.trigger_page_id, "{}", "[]", "{}", False, at(now), at(now), at(now)])
        cursor.execute(
            f"INSERT INTO {consent} (lead_id, purpose, given_at, user_agent, form, text_version, text, confirmed_at) "
            f"SELECT id, 'marketing_email', %s, '', 'bench', 'bench', '', %s FROM {lead} WHERE token LIKE 'bench-%%'",
            [at(now), at(now)])
        # The waiting ones are the first leads (ids in order); the due ones the last ``due``.
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {lead} WHERE token LIKE 'bench-%%'")
        low, high = cursor.fetchone()
        split = low + waiting
        cursor.execute(
            f"INSERT INTO {enrollment} (lead_id, sequence_id, enrolled_at, status, stopped_reason, next_due_at) "
            f"SELECT id, %s, CASE WHEN id < %s THEN %s ELSE %s END, 'active', '', "
            f"CASE WHEN id < %s THEN %s ELSE %s END FROM {lead} WHERE id BETWEEN %s AND %s",
            [sequence.pk, split, at(entered_waiting), at(entered_due), split,
             at(entered_waiting + timedelta(days=second.delay_days)), at(entered_due), low, high])
        cursor.execute(
            f"INSERT INTO {send} (enrollment_id, step_id, lead_id, due_at, status, reason, attempts, sent_at, "
            "message_id, picked_pages, created_at) "
            f"SELECT e.id, %s, e.lead_id, e.enrolled_at, 'sent', '', 1, e.enrolled_at, '', {json}, e.enrolled_at "
            f"FROM {enrollment} e "
            "WHERE e.sequence_id = %s AND e.lead_id < %s",
            [first.pk, "[]", sequence.pk, split])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"written in {time.time() - started:.0f} s", flush=True)
    return first.pk


def measure_full_scan() -> None:
    """Child process: the old full-scan tick on this data, rolled back; prints its seconds, rows and memory."""
    import json

    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from bench.nurture_fullscan import full_scan_tick

    started = time.perf_counter()
    with transaction.atomic():
        rows = full_scan_tick(timezone.now())
        transaction.set_rollback(True)
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows,
                      "peak_mb": peak_memory_mb(os.getpid())}))


def measure_tick() -> None:
    """Child process: the incremental tick, committed; the workers send as it goes."""
    import json

    import django

    django.setup()
    from nurture import actions

    started = time.perf_counter()
    result = actions.tick()
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_memory_mb(os.getpid()),
                      **result.__dict__}))


def child(flag: str) -> dict:
    import json

    out = subprocess.run([sys.executable, __file__, flag], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


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
    parser.add_argument("--leads", type=int, default=20_000, help="enrolments whose first email is due")
    parser.add_argument("--enrolments", type=int, default=0,
                        help="active enrolments in all (the rest wait for a later step); default: --leads")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1),
                        help="worker processes; sending waits on SMTP round trips, so twice the cores")
    parser.add_argument("--measure-full-scan", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-tick", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_full_scan:
        measure_full_scan()
        return 0
    if args.measure_tick:
        measure_tick()
        return 0
    enrolments = max(args.enrolments, args.leads)

    port = free_port()
    os.environ["BENCH_SMTP_PORT"] = str(port)
    ctx = multiprocessing.get_context("spawn")
    ready, commands, results = ctx.Event(), ctx.Queue(), ctx.Queue()
    sink_process = ctx.Process(target=sink, args=(port, ready, commands, results), daemon=True)
    sink_process.start()
    ready.wait(10)

    step_id = prepare(args.leads, enrolments)
    from django.db import connections
    from django.utils import timezone

    from nurture.email import build_message
    from nurture.models import Enrollment, Lead, Send

    # The SMTP floor: one pre-rendered message of ours, sent bare with smtplib.
    sample = Send(pk=0, step_id=step_id, lead=Lead.objects.first(), due_at=timezone.now())
    sample.enrollment = sample.lead.enrollments.first()
    message, _picked = build_message(sample)
    floor = smtp_floor(port, message.message().as_bytes(linesep="\r\n"), 3000)
    commands.put("reset")
    results.get()

    print("the full-scan tick (the tick before it became incremental), rolled back…", flush=True)
    full = child("--measure-full-scan")
    print(f"{args.leads:,} of {enrolments:,} enrolments due; starting a Celery worker ({args.workers} processes)…",
          flush=True)
    from cms.celery import app

    app.control.purge()  # load_demo's indexing tasks are not what this measures
    worker = start_worker(args.workers, port)
    # The due steps fall due now, as a tick finds them (the beat's phase adds up to one interval in production).
    due_from = timezone.now()
    Enrollment.objects.filter(next_due_at__lte=due_from).update(enrolled_at=due_from, next_due_at=due_from)
    connections.close_all()
    started = time.time()
    tick = child("--measure-tick")
    deadline = started + 1800
    while time.time() < deadline:
        commands.put("report")
        report = results.get()
        if report["total"] >= tick["created"]:
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

    lags = sorted((sent - due).total_seconds() for sent, due in Send.objects.filter(
        status=Send.Status.SENT, due_at__gte=due_from).values_list("sent_at", "due_at"))
    statuses = {}
    for status in Send.objects.filter(due_at__gte=due_from).values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    rate = report["total"] / elapsed if elapsed else 0.0
    p95 = lags[round(0.95 * (len(lags) - 1))] if lags else float("inf")
    print()
    print(f"enrolments: {enrolments:,} active, {args.leads:,} due")
    print(f"full-scan tick (before): {full['seconds']:.1f} s, {full['rows']:,} rows, tick process peak "
          f"{full['peak_mb']:.0f} MB")
    print(f"incremental tick (now):  {tick['seconds']:.1f} s, {tick['created']:,} rows, read {tick['looked_at']:,} "
          f"enrolments, tick process peak {tick['peak_mb']:.0f} MB → {full['seconds'] / tick['seconds']:.1f}× "
          f"faster; send rows by status: {statuses}")
    print(f"delivered to the sink: {report['total']:,} in {elapsed:.1f} s → {rate:,.0f} emails/s "
          f"({args.workers} worker processes, broker {os.environ.get('CELERY_BROKER_URL', 'filesystem')})")
    if lags:
        print(f"scheduler lag (sent − due): p50 {statistics.median(lags):.1f} s, p95 {p95:.1f} s, "
              f"max {lags[-1]:.1f} s")
    print(f"worker peak memory: {memory:.0f} MB per process")
    print(f"duplicates at the sink: {report['duplicates']}")
    print(f"references: bare smtplib floor {floor:,.0f} emails/s (ours ÷ floor = {rate / floor:.2f}); "
          f"listmonk default ~{LISTMONK_DEFAULT} emails/s (ours ÷ listmonk = {rate / LISTMONK_DEFAULT:.1f})")
    checks = {"lag p95 ≤ 60 s": p95 <= 60, "0 duplicates": report["duplicates"] == 0,
              "every due email delivered": report["total"] == tick["created"] == args.leads}
    print("targets: " + "; ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in checks.items()))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
