# ruff: noqa: S608, E501, S311 - bulk SQL built from integers the bench made itself; seeded demo randomness
"""bench/insights: the visit beacon's throughput, the rollups, and the dashboard and timeline reads at
10,000,000 page views and 200,000 conversions over 90 days on PostgreSQL.

- ingest: the beacon as browsers send it (form POSTs to /insights/hit/ from many browsers and channels)
  through gunicorn (production settings, Redis cache, views buffered in Redis) under wrk, with a
  flusher writing the batches as the worker does: page views stored per second until the last is
  written, beside the same server answering /robots.txt (Django's whole stack) in the same run.
- data: 10,000,000 page views over 90 days (COPY), 50,000 consenting leads with their touches and
  200,000 conversions with their credits (first, last, linear).
- rollup: one day (about 110,000 views and 2,200 conversions, and every dashboard figure) rebuilt,
  and the same day again; then all 91 days.
- dashboard: the marketing dashboard (every panel: figures, funnel by channel and campaign, charts)
  as staff open it, periods of 30 and 90 days and the three models in turn: p50/p95, each read the
  first after a rollup (built from the rollups) and again before the next rollup (kept); beside a
  naive GROUP BY over the raw views and credits for the same funnel, in the same run.
- timeline: a person's page (identity, consents, conversions with attribution, timeline) for random
  leads, and the same through the API: p50/p95.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_insights REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/insights.py

The database named in DATABASE_URL is dropped and re-created; the Redis database is emptied.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audit.run import server_env  # noqa: E402
from bench.listening import timed  # noqa: E402
from bench.pages import DJANGO_PORT, start_gunicorn, stop  # noqa: E402
from bench.scratch import reset, setup  # noqa: E402

VAR = ROOT / "var" / "bench-insights"
DAYS = 90
CHANNELS = [("kakao", "kakao", "social", "dec-meetup", 14), ("kakao", "kakao", "social", "", 10),
            ("naver", "blog.naver.com", "referral", "", 16), ("naver", "search.naver.com", "referral", "", 12),
            ("google", "google.com", "referral", "", 10), ("daum", "search.daum.net", "referral", "", 3),
            ("x", "t.co", "referral", "", 4), ("facebook", "facebook", "social", "winter-guide", 5),
            ("instagram", "instagram", "social", "winter-guide", 4), ("email", "newsletter", "email", "weekly", 8),
            ("partner", "cafe-partner.kr", "referral", "", 3), ("search", "bing.com", "referral", "", 2),
            ("referral", "someone.tistory.com", "referral", "", 3), ("direct", "", "", "", 12),
            ("internal", "", "", "", 60)]
KINDS = [("lead", 30), ("member", 12), ("event", 10), ("wizard", 15), ("click_out", 20), ("mql", 8), ("sql", 4),
         ("customer", 1)]


def wrk(path: str, seconds: int, connections: int, script: str | None = None) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s"]
    if script:
        command += ["-s", str(ROOT / "bench" / script)]
    done = subprocess.run([*command, f"http://127.0.0.1:{DJANGO_PORT}{path}"], capture_output=True, text=True,
                          check=True)
    if script:
        return json.loads(done.stdout.strip().splitlines()[-1])
    rate = next(line for line in done.stdout.splitlines() if line.startswith("Requests/sec"))
    return {"rate": float(rate.split()[-1])}


def ingest(database: str, seconds: int, workers: int) -> None:
    from insights.buffer import flush
    from insights.models import PageView

    env = server_env()
    env.update(DATABASE_URL=database, VAR_DIR=str(VAR), ALLOWED_HOSTS="127.0.0.1,localhost")
    for key in ("REDIS_URL", "CELERY_BROKER_URL"):
        if os.environ.get(key):
            env[key] = os.environ[key]
    env["CELERY_TASK_ALWAYS_EAGER"] = "0"  # the flush is the worker's (here: this process, below)
    buffered = bool(os.environ.get("REDIS_URL")) and os.environ.get("INSIGHTS_BUFFER_VIEWS", "1") == "1"
    server = start_gunicorn(env, 0, workers)
    stopped = threading.Event()

    def flusher():  # the worker's beat flushes every 5 s; here every second, as the worker would keep up
        from django.db import connection

        while not stopped.is_set():
            flush()
            stopped.wait(1)  # not a sleep: the run's clock stops when the last view is written, not a second later
        connection.close()

    try:
        wrk("/robots.txt", 3, 16)  # warm every worker
        baseline = wrk("/robots.txt", seconds, 16)
        before = PageView.objects.count()
        thread = threading.Thread(target=flusher)
        thread.start()
        started = time.perf_counter()
        beacon = wrk("/insights/hit/", seconds, 16, "beacon_post.lua")
        stopped.set()
        thread.join()
        flush()  # what still waits when the load stops
        elapsed = time.perf_counter() - started
        stored = PageView.objects.count() - before
    finally:
        stop(server)
    rate = stored / elapsed
    print(f"ingest: gunicorn -w {workers} on {os.cpu_count()} cores, wrk 16 connections, {seconds} s; "
          f"views {'buffered in Redis and written in batches' if buffered else 'written one by one'}")
    print(f"  beacon POSTs: {beacon['requests']:,} ({beacon['ok']:,} answered 204, {beacon['other']} other, "
          f"{beacon['errors']} errors) = {beacon['requests'] / beacon['seconds']:,.0f}/s; page views stored "
          f"{stored:,} in {elapsed:.1f} s (until the last was written) = {rate:,.0f} events/s; "
          f"p50 {beacon['p50']:.1f} ms, p95 {beacon['p95']:.1f} ms, p99 {beacon['p99']:.1f} ms")
    print(f"  the same server answering /robots.txt: {baseline['rate']:,.0f} requests/s "
          f"(the beacon stores {rate / baseline['rate']:.2f}× that)")


def generate(views: int, conversions: int, leads: int, rng: random.Random) -> list[int]:
    from django.db import connection
    from django.utils import timezone

    from insights.actions.attribution import credits as credit_rows
    from insights.models import Conversion, PageView, Touch
    from nurture.models import Lead

    PageView.objects.all().delete()
    start = time.perf_counter()
    today = timezone.localdate()
    weights = [c[4] for c in CHANNELS]
    first_day = timezone.make_aware(datetime.combine(today - timedelta(days=DAYS), datetime.min.time()))
    span = (timezone.now() - first_day).total_seconds()
    lead_ids = []
    made = Lead.objects.bulk_create(
        [Lead(email=f"bench{i}@example.com", email_key=f"bench{i}@example.com", name=f"벤치 {i}",
              stage=rng.choice(["lead", "lead", "mql", "sql", "customer"])) for i in range(leads)], batch_size=5000)
    lead_ids = [lead.pk for lead in made]
    with connection.cursor() as cursor:
        columns = "at, page_id, path, channel, source, medium, campaign, visitor, language, link, lead_id"
        with cursor.cursor.copy(f"COPY insights_pageview ({columns}) FROM STDIN") as copy:
            chunk = io.StringIO()
            for i in range(views):
                channel, source, medium, campaign, _w = rng.choices(CHANNELS, weights)[0]
                at = first_day + timedelta(seconds=span * (i / views))
                lead = str(rng.choice(lead_ids)) if rng.random() < 0.02 else "\\N"
                chunk.write(f"{at.isoformat()}\t{1000 + i % 3000}\t/articles/post-{i % 3000}/\t{channel}\t{source}\t"
                            f"{medium}\t{campaign}\t{i // 3:032x}\tko\t\t{lead}\n")
                if i % 100_000 == 99_999:
                    copy.write(chunk.getvalue())
                    chunk = io.StringIO()
            copy.write(chunk.getvalue())
    copied = time.perf_counter() - start
    touches = []
    for lead_id in lead_ids:
        for _n in range(rng.randint(1, 5)):
            channel, source, medium, campaign, _w = rng.choices(CHANNELS[:-1], weights[:-1])[0]
            touches.append(Touch(lead_id=lead_id, at=first_day + timedelta(seconds=rng.random() * span),
                                 channel=channel, source=source, medium=medium, campaign=campaign))
    Touch.objects.bulk_create(touches, batch_size=10_000)
    by_lead: dict[int, list] = {}
    for touch in touches:
        by_lead.setdefault(touch.lead_id, []).append(touch)
    for found in by_lead.values():
        found.sort(key=lambda t: t.at)
    kinds, kind_weights = [k for k, _w in KINDS], [w for _k, w in KINDS]
    made_conversions, credits = [], []
    for i in range(conversions):
        kind = rng.choices(kinds, kind_weights)[0]
        at = first_day + timedelta(seconds=rng.random() * span)
        lead_id = rng.choice(lead_ids) if rng.random() < 0.6 else None
        window = [t for t in by_lead.get(lead_id, []) if at - timedelta(days=30) <= t.at <= at]
        if not window:
            channel, source, medium, campaign, _w = rng.choices(CHANNELS[:-1], weights[:-1])[0]
            window = [Touch(channel=channel, campaign=campaign)]
        made_conversions.append(Conversion(kind=kind, ref=f"bench:{i}", at=at, lead_id=lead_id))
        credits.append(credit_rows(window))
    Conversion.objects.bulk_create(made_conversions, batch_size=10_000)
    with connection.cursor() as cursor:
        with cursor.cursor.copy("COPY insights_credit (conversion_id, model, channel, campaign, link, weight) FROM STDIN") as copy:
            for conversion, rows in zip(made_conversions, credits, strict=True):
                for model, channel, campaign, link, weight in rows:
                    copy.write_row((conversion.pk, model, channel, campaign, link, weight))
        cursor.execute("ANALYZE")
    print(f"data: {views:,} page views over {DAYS} days (COPY in {copied:.0f} s), {leads:,} leads with "
          f"{len(touches):,} touches, {conversions:,} conversions with {sum(len(c) for c in credits):,} credits "
          f"({time.perf_counter() - start:.0f} s in all)")
    return [lead for lead in lead_ids if by_lead.get(lead)]


def rollups() -> None:
    from django.utils import timezone

    from insights.actions import rollup

    day = timezone.localdate() - timedelta(days=10)
    start = time.perf_counter()
    rows = rollup(day)
    once = time.perf_counter() - start
    start = time.perf_counter()
    again = rollup(day)
    twice = time.perf_counter() - start
    print(f"rollup of one day ({day}): {once * 1000:.0f} ms ({rows} rows); the same day again {twice * 1000:.0f} ms "
          f"({again} rows, the same)")
    start = time.perf_counter()
    for back in range(DAYS + 1):
        rollup(timezone.localdate() - timedelta(days=back))
    print(f"rollup of all {DAYS + 1} days: {time.perf_counter() - start:.1f} s")


def naive_funnel(days: int, model: str) -> None:
    """The dashboard's funnel by channel straight from the raw rows: visits and credited conversions
    by channel for the period and the one before, by GROUP BY."""
    from django.db.models import Count, Sum
    from django.utils import timezone

    from insights.models import Credit, PageView

    last = timezone.now()
    for start, end in ((last - timedelta(days=days), last), (last - timedelta(days=2 * days), last - timedelta(days=days))):
        list(PageView.objects.filter(at__gte=start, at__lt=end).exclude(channel="internal").values("channel")
             .annotate(n=Count("pk")))
        list(Credit.objects.filter(conversion__at__gte=start, conversion__at__lt=end, model=model)
             .values("conversion__kind", "channel").annotate(n=Sum("weight")))


def reads(lead_ids: list[int], n: int, rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    staff = get_user_model().objects.create_superuser("bench-staff", "bench@example.com", "bench-pass-12345")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    views = [(30, "first"), (90, "linear"), (30, "last"), (90, "first"), (30, "linear"), (90, "last")]

    from django.core.cache import cache

    from insights.actions.rollups import VERSION_KEY

    def dashboard(i=0, fresh=True):
        days, model = views[i % len(views)]
        if fresh:  # as just after a rollup: nothing kept
            cache.delete(VERSION_KEY)
        response = client.get("/admin/insights/dashboard/", {"days": days, "model": model})
        assert response.status_code == 200, response.status_code

    def naive(i=0):
        days, model = views[i % len(views)]
        naive_funnel(days, model)

    p50, p95 = timed(dashboard, n)
    k50, k95 = timed(lambda i=0: dashboard(i, fresh=False), n)
    n50, n95 = timed(naive, max(6, n // 10))
    print(f"dashboard, every panel (30 and 90 days, three models in turn), {n} reads: p50 {p50:.0f} ms, p95 {p95:.0f} ms"
          " the first read after a rollup")
    print(f"  the same reads again before the next rollup (the built dashboard kept): p50 {k50:.0f} ms, p95 {k95:.0f} ms")
    print(f"  a naive GROUP BY over the raw views and credits for the funnel alone: p50 {n50:.0f} ms, p95 {n95:.0f} ms "
          f"({n95 / p95:.1f}× the dashboard's whole page at p95)")
    picked = rng.sample(lead_ids, min(len(lead_ids), n + 1))

    def person(i=0):
        response = client.get(f"/admin/insights/people/lead-{picked[i]}/")
        assert response.status_code == 200, response.status_code

    def api(i=0):
        response = client.get(f"/api/insights/people/lead-{picked[i]}/timeline/")
        assert response.status_code == 200, response.status_code

    t50, t95 = timed(person, n)
    a50, a95 = timed(api, n)
    print(f"a person's page (identity, consents, attribution, timeline), {n} random leads: p50 {t50:.0f} ms, p95 {t95:.0f} ms")
    print(f"  the same timeline through the API: p50 {a50:.0f} ms, p95 {a95:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--views", type=int, default=10_000_000)
    parser.add_argument("--conversions", type=int, default=200_000)
    parser.add_argument("--leads", type=int, default=50_000)
    parser.add_argument("--reads", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--ingest-only", action="store_true", help="the beacon's throughput alone")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        print("bench/insights needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_insights")
        return 2
    if shutil.which("wrk") is None:
        print("bench/insights needs wrk (apt-get install wrk)")
        return 2
    if os.environ.get("REDIS_URL", "").startswith("redis"):
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    reset(database)
    setup()
    rng = random.Random(2026)
    ingest(database, args.seconds, args.workers)
    if args.ingest_only:
        return 0
    lead_ids = generate(args.views, args.conversions, args.leads, rng)
    rollups()
    reads(lead_ids, args.reads, rng)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
