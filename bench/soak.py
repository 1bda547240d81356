"""bench/soak: ten minutes of mixed traffic against the production set-up, on loopback.

gunicorn behind the shipped nginx front (deploy/nginx.conf filled in by ``manage.py nginx_conf``),
PostgreSQL, Redis for the cache and the broker, a Celery worker and beat, mail to an SMTP sink.
Visitors, in threads, mix: pages served from the front's page files, pages rendered every time
(a session cookie skips both caches), search with varied Korean and English queries, the content,
search and wizard APIs, lead sign-ups within the rate limit (each from its own forwarded address,
as clients behind the front), and wizard responses.

Printed: requests and 5xx per route with p50/p99 latency; each service's resident memory (summed
over its processes) cold, warm (after the first minute), at the end, its peak, and its growth
from warm to the end; and the sign-ups' confirmation emails at the sink: every sign-up
must get exactly one (none lost, none twice). Exits non-zero on any 5xx, a lost or duplicated
email, or a process that died.

    .venv/bin/python bench/soak.py [--minutes 10] [--visitors 8]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_soak; the bench
drops and creates that database), Redis (REDIS_URL, default redis://127.0.0.1:6379/7), nginx.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from email.parser import BytesHeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.nurture import free_port  # noqa: E402
from bench.pages import wait_for  # noqa: E402

VAR = ROOT / "var" / "bench-soak"
APP_PORT, FRONT_PORT = 8801, 8802
QUERIES = ["커뮤니티", "마케팅", "소통", "검색", "행사", "회의록", "파트너", "뉴스레터", "커뮤니티 운영",
           "마케팅 자동화", "community", "search", "events", "newsletter", "partners", "대화", "연대", "결재",
           "콘텐츠", "시작 가이드"]


def environment(smtp_port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SERVE_MEDIA="1",
        VAR_DIR=str(VAR), WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{FRONT_PORT}",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_soak"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/8"),
        CELERY_TASK_ALWAYS_EAGER="0", PAGE_CACHE_SECONDS="600", PAGE_CACHE_DIR=str(VAR / "pages"),
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), PYTHONUNBUFFERED="1",
    )
    return env


def sink(port: int, counts: dict, lock: threading.Lock):
    """An SMTP server counting confirmation emails per recipient."""
    from aiosmtpd.controller import Controller

    parser = BytesHeaderParser()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            headers = parser.parsebytes(envelope.content)
            with lock:
                key = (headers.get("To", ""), "send " + headers["X-Nurture-Send"] if headers.get("X-Nurture-Send")
                       else str(headers.get("Subject", "")))
                counts[key] = counts.get(key, 0) + 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env: dict) -> None:
    import psycopg

    shutil.rmtree(VAR, ignore_errors=True)
    (VAR / "pages").mkdir(parents=True)
    url = env["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    import redis

    for key in ("REDIS_URL", "CELERY_BROKER_URL"):
        redis.Redis.from_url(env[key]).flushdb()
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")


def start(env: dict, log: str, *command: str) -> subprocess.Popen:
    return subprocess.Popen(list(command), cwd=ROOT, env=env, start_new_session=True,
                            stdout=(VAR / log).open("wb"), stderr=subprocess.STDOUT)


def processes(root_pids: dict[str, int]) -> dict[str, list[int]]:
    """Each service's processes (the parent and its children, e.g. gunicorn's workers)."""
    out = {}
    for name, pid in root_pids.items():
        pids = [pid]
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        out[name] = pids
    return out


def memory(root_pids: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Per service: (resident MB now, peak resident MB) summed over its processes."""
    out = {}
    for name, pids in processes(root_pids).items():
        rss = hwm = 0.0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1]) / 1024
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1]) / 1024
            except FileNotFoundError:
                pass
        out[name] = (rss, hwm)
    return out


class Load:
    """The visitors: each thread picks a route by weight, sends it, records status and latency."""

    def __init__(self, front: str, app: str, wizard: str, article: str, seconds: float):
        self.front, self.app, self.wizard, self.article = front, app, wizard, article
        self.deadline = time.monotonic() + seconds
        self.results: dict[str, list[tuple[int, float]]] = {}
        self.signups: list[str] = []
        self.lock = threading.Lock()
        self.address = 0
        definition = json.loads(self.get(app, f"/api/wizards/{wizard}/")[1])
        self.wizard_questions, self.wizard_version = definition["questions"], definition["version"]

    def get(self, host: str, path: str, headers: dict | None = None, body: bytes | None = None,
            method: str = "GET") -> tuple[int, bytes]:
        name, port = host.split(":")
        connection = http.client.HTTPConnection(name, int(port), timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def routes(self):
        rnd = random.Random()
        query = rnd.choice(QUERIES)
        front = self.front
        return [
            (20, "page (front file)", lambda: self.get(front, rnd.choice(["/", self.article, "/en/", "/events/"]))),
            (15, "page (rendered)", lambda: self.get(front, rnd.choice(["/", self.article, "/topics/", "/posts/"]),
                                                     {"Cookie": "sessionid=soak"})),
            (15, "search", lambda: self.get(front, "/search/?q=" + urllib.request.quote(query))),
            (10, "api search", lambda: self.get(front, "/api/search/?q=" + urllib.request.quote(query))),
            (10, "api suggest", lambda: self.get(front, "/api/search/suggest/?q=" + urllib.request.quote(query[:2]))),
            (10, "api content", lambda: self.get(front, rnd.choice(["/api/posts/", "/api/events/", "/api/topics/"])
                                                  + "?limit=10&offset=" + str(rnd.randint(0, 20)))),
            (5, "api wizard response", self.wizard_response),
            (2, "api lead sign-up", self.sign_up),
        ]

    def wizard_response(self):
        answers = {q["key"]: [q["options"][0]["id"]] for q in self.wizard_questions}
        return self.get(self.front, f"/api/wizards/{self.wizard}/responses/", {"Content-Type": "application/json"},
                        json.dumps({"version": self.wizard_version, "answers": answers}).encode(), "POST")

    def sign_up(self):
        with self.lock:
            self.address += 1
            n = self.address
        email = f"soak{n}@example.com"
        status, body = self.get(self.front, "/api/nurture/leads/", {
            "Content-Type": "application/json", "X-Forwarded-For": f"198.51.{n // 250}.{n % 250 + 1}"},
            json.dumps({"email": email, "consent": True, "consent_text": "동의합니다",
                        "consent_version": "soak"}).encode(), "POST")
        if status == 202:
            with self.lock:
                self.signups.append(email)
        return status, body

    def visitor(self):
        routes = self.routes()
        weights = [w for w, _n, _f in routes]
        while time.monotonic() < self.deadline:
            _w, name, call = random.choices(routes, weights)[0]
            started = time.perf_counter()
            try:
                status, _body = call()
            except OSError:
                status = 599  # no answer at all counts as a server failure
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.results.setdefault(name, []).append((status, elapsed))
            routes = self.routes()  # a new query each time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--visitors", type=int, default=8)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    args = parser.parse_args()
    if shutil.which("nginx") is None:
        raise SystemExit("nginx is missing: apt-get install nginx")

    smtp_port = free_port()
    counts: dict = {}
    count_lock = threading.Lock()
    controller = sink(smtp_port, counts, count_lock)
    env = environment(smtp_port)
    print("preparing PostgreSQL, Redis and the demo…", flush=True)
    prepare(env)
    static_root = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.STATIC_ROOT)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip()
    front_dir = VAR / "front"
    (front_dir / "spool").mkdir(parents=True)
    manage(env, "nginx_conf", "--listen", f"127.0.0.1:{FRONT_PORT}", "--app", f"127.0.0.1:{APP_PORT}",
           "--page-cache-dir", env["PAGE_CACHE_DIR"], "--static-root", static_root, "--prefix", str(front_dir),
           "--output", str(front_dir / "nginx.conf"))
    services = {
        "gunicorn": start(env, "gunicorn.log", str(Path(sys.executable).parent / "gunicorn"), "cms.wsgi:application",
                          "-b", f"127.0.0.1:{APP_PORT}", "-w", str(args.workers), "--log-level", "warning"),
        "nginx": start(env, "nginx.log", "nginx", "-c", str(front_dir / "nginx.conf"), "-p", str(front_dir),
                       "-g", "daemon off;"),
        "worker": start(env, "worker.log", sys.executable, "-m", "celery", "-A", "cms", "worker", "--concurrency=2",
                        "--loglevel=WARNING", "--without-gossip", "--without-mingle"),
        "beat": start(env, "beat.log", sys.executable, "-m", "celery", "-A", "cms", "beat", "--loglevel=WARNING",
                      "--schedule", str(VAR / "beat-schedule")),
    }
    try:
        wait_for(f"http://127.0.0.1:{FRONT_PORT}/")
        time.sleep(3)
        pids = {name: proc.pid for name, proc in services.items()}
        before = memory(pids)
        load = Load(f"127.0.0.1:{FRONT_PORT}", f"127.0.0.1:{APP_PORT}", "community-tools",
                    "/guides/why-conversation-beats-ads/", args.minutes * 60)
        print(f"{args.minutes:g} minutes of mixed traffic from {args.visitors} visitors…", flush=True)
        threads = [threading.Thread(target=load.visitor, daemon=True) for _ in range(args.visitors)]
        for thread in threads:
            thread.start()
        # Growth counts from a warm start: the first minute loads the Korean model in every worker,
        # fills caches and imports what the first requests need.
        time.sleep(min(60, args.minutes * 60 / 4))
        warm = memory(pids)
        for thread in threads:
            thread.join()
        after = memory(pids)
        # Every sign-up's confirmation is sent by the worker: wait for the queue to drain.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with count_lock:
                got = sum(1 for (to, _k), _n in counts.items() if to.startswith("soak"))
            if got >= len(load.signups):
                break
            time.sleep(1)
        time.sleep(3)  # a duplicate would arrive now
        alive = {name: proc.poll() is None for name, proc in services.items()}
    finally:
        for proc in services.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in services.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        controller.stop()

    total = sum(len(v) for v in load.results.values())
    errors = sum(1 for v in load.results.values() for status, _ms in v if status >= 500)
    print()
    print(f"{total:,} requests in {args.minutes:g} min ({total / (args.minutes * 60):.0f}/s), 5xx: {errors}")
    print(f"{'route':22} {'requests':>9} {'5xx':>5} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for name, rows in sorted(load.results.items()):
        times = sorted(ms for _s, ms in rows)
        statuses: dict[int, int] = {}
        for status, _ms in rows:
            statuses[status] = statuses.get(status, 0) + 1
        p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
        print(f"{name:22} {len(rows):9,} {sum(1 for s, _ in rows if s >= 500):5} {statistics.median(times):8.1f} "
              f"{p99:8.1f}  {dict(sorted(statuses.items()))}")
    print(f"{'process':10} {'cold MB':>8} {'warm MB':>8} {'end MB':>8} {'peak MB':>8} {'growth since warm':>18}")
    for name in before:
        print(f"{name:10} {before[name][0]:8.0f} {warm[name][0]:8.0f} {after[name][0]:8.0f} {after[name][1]:8.0f} "
              f"{after[name][0] - warm[name][0]:+18.0f}")
    per_address: dict[str, int] = {}
    for (to, kind), n in counts.items():
        if to.startswith("soak") and not kind.startswith("send "):
            per_address[to] = per_address.get(to, 0) + n
    lost = [a for a in load.signups if per_address.get(a, 0) == 0]
    doubled = [a for a, n in per_address.items() if n > 1]
    print(f"sign-ups accepted: {len(load.signups)}; confirmation emails: {sum(per_address.values())}; "
          f"lost: {len(lost)}; duplicated: {len(doubled)}")
    died = [name for name, ok in alive.items() if not ok]
    ok = errors == 0 and not lost and not doubled and not died
    print(f"targets: 0 5xx: {'yes' if errors == 0 else 'NO'}; no email lost or duplicated: "
          f"{'yes' if not lost and not doubled else 'NO'}; every process alive: "
          f"{'yes' if not died else 'NO ' + ', '.join(died)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
