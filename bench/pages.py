"""bench/pages: how close the site comes to a static file server on the same machine.

The demo runs under gunicorn (production settings) on loopback; wrk, a second process, loads the
home, an article and a post page in four set-ups, all in one run:

- uncached: gunicorn alone, page cache off, every request renders;
- cached (app): gunicorn alone, anonymous hits come from Django's page cache;
- cached (front): the production set-up, deploy/nginx.conf in front of gunicorn, anonymous hits
  answered from the page files Django wrote (PAGE_CACHE_DIR);
- nginx: nginx serving the very same HTML saved to plain files, the ceiling.

Ratios are requests per second ÷ the ceiling's. Before loading the front, the script checks that it
answers from the files (X-Cache: FILE) with the bytes Django rendered.

First, in-process and uncached: milliseconds per render (median and p90 of 200, after 20 to warm
up) and database queries for one page of each type, so a slow template or an extra query shows
up by name before it shows up in requests per second.

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from audit.run import manage, server_env  # noqa: E402  (same production-like setup as the audit)

VENV_BIN = Path(sys.executable).parent
DJANGO_PORT, NGINX_PORT, FRONT_PORT = 8781, 8782, 8783
PAGES = {"home": "/", "article": "/guides/why-conversation-beats-ads/", "post": "/posts/how-to-query-log/"}


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def start_gunicorn(env: dict, cache_seconds: int, workers: int, page_dir: Path | None = None) -> subprocess.Popen:
    env = dict(env, PAGE_CACHE_SECONDS=str(cache_seconds), PAGE_CACHE_DIR=str(page_dir or ""))
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "cms.wsgi:application", "-b", f"127.0.0.1:{DJANGO_PORT}",
         "-w", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{DJANGO_PORT}/")
    return proc


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


def start_nginx(root: Path, workers: int) -> subprocess.Popen:
    conf = root / "nginx.conf"
    conf.write_text(f"""
worker_processes {workers};
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path {root}/spool; proxy_temp_path {root}/spool; fastcgi_temp_path {root}/spool;
  uwsgi_temp_path {root}/spool; scgi_temp_path {root}/spool;
  server {{
    listen 127.0.0.1:{NGINX_PORT};
    root {root}/html;
    location / {{ try_files $uri =404; }}
  }}
}}
""")
    (root / "spool").mkdir(exist_ok=True)
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(root)], start_new_session=True)
    wait_for(f"http://127.0.0.1:{NGINX_PORT}/home.html")
    return proc


def start_front(prefix: Path, page_dir: Path, static_root: str) -> subprocess.Popen:
    """nginx with the committed deploy/nginx.conf, placeholders filled in by manage.py nginx_conf."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "spool").mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "nginx_conf", "--listen", f"127.0.0.1:{FRONT_PORT}",
         "--app", f"127.0.0.1:{DJANGO_PORT}", "--page-cache-dir", str(page_dir), "--static-root", static_root,
         "--prefix", str(prefix), "--output", str(prefix / "nginx.conf")],
        cwd=ROOT, env=server_env(), check=True,
    )
    proc = subprocess.Popen(["nginx", "-c", str(prefix / "nginx.conf"), "-p", str(prefix), "-g", "daemon off;"],
                            start_new_session=True)
    wait_for(f"http://127.0.0.1:{FRONT_PORT}/")
    return proc


def wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(ROOT / "bench" / "latency.lua"), url],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


RENDERED = {**PAGES, "pillar": "/guides/communication-marketing-guide/", "event": "/events/first-meetup-spring/",
            "events": "/events/", "topics": "/topics/", "landing": "/starter-guide/",
            "search": "/search/?q=%EC%BB%A4%EB%AE%A4%EB%8B%88%ED%8B%B0"}


def render_times(env: dict) -> str:
    """A child process with the server's settings renders each page type through Django's test client."""
    script = (
        "import json, statistics, time, django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        f"pages = {RENDERED!r}\n"
        "client, out = Client(), {}\n"
        "for name, path in pages.items():\n"
        "    for _ in range(20):\n"
        "        assert client.get(path).status_code == 200, path\n"
        "    times = []\n"
        "    for _ in range(200):\n"
        "        start = time.perf_counter(); client.get(path); times.append((time.perf_counter() - start) * 1000)\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        client.get(path)\n"
        "    times.sort()\n"
        "    out[name] = [statistics.median(times), times[179], len(queries)]\n"
        "print(json.dumps(out))\n"
    )
    env = dict(env, ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    lines = [f"{'page':8} {'ms median':>10} {'ms p90':>8} {'queries':>8}   (uncached render, in-process)"]
    lines += [f"{name:8} {median:10.2f} {p90:8.2f} {queries:8d}" for name, (median, p90, queries) in rows.items()]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2)))
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install wrk nginx (make bench does)")

    env = server_env()
    shutil.rmtree(ROOT / "var" / "audit", ignore_errors=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")

    renders = render_times(env)
    print(renders, flush=True)

    static_root = ROOT / "var" / "bench-nginx"
    shutil.rmtree(static_root, ignore_errors=True)
    (static_root / "html").mkdir(parents=True)

    results: dict[tuple[str, str], dict] = {}
    for mode, cache_seconds in (("uncached", 0), ("cached-app", 600)):
        server = start_gunicorn(env, cache_seconds, args.workers)
        try:
            for name, path in PAGES.items():
                url = f"http://127.0.0.1:{DJANGO_PORT}{path}"
                html = urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 - warms the cache too
                if mode == "uncached":
                    (static_root / "html" / f"{name}.html").write_bytes(html)
                results[(name, mode)] = wrk(url, args.seconds, args.connections)
        finally:
            stop(server)

    page_dir = ROOT / "var" / "bench-pages"
    shutil.rmtree(page_dir, ignore_errors=True)
    static_dir = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.STATIC_ROOT)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    server = start_gunicorn(env, 600, args.workers, page_dir)
    front = start_front(ROOT / "var" / "bench-front", page_dir, static_dir)
    try:
        for name, path in PAGES.items():
            url = f"http://127.0.0.1:{FRONT_PORT}{path}"
            first = urllib.request.urlopen(url, timeout=10)  # noqa: S310 - Django renders and writes the file
            second = urllib.request.urlopen(url, timeout=10)  # noqa: S310
            if second.headers.get("X-Cache") != "FILE" or second.read() != first.read():
                raise SystemExit(f"the front did not answer {path} from the page file")
            results[(name, "cached-front")] = wrk(url, args.seconds, args.connections)
    finally:
        stop(front)
        stop(server)

    nginx = start_nginx(static_root, args.workers)
    try:
        for name in PAGES:
            results[(name, "nginx")] = wrk(f"http://127.0.0.1:{NGINX_PORT}/{name}.html", args.seconds,
                                           args.connections)
    finally:
        stop(nginx)

    print(f"{args.workers} gunicorn workers / nginx workers, wrk -t2 -c{args.connections} -d{args.seconds}s, "
          f"{os.cpu_count()} cores shared with the load generator")
    print(f"{'page':8} {'mode':12} {'req/s':>9} {'p95 ms':>8} {'errors':>6} {'÷ nginx':>8}")
    for name in PAGES:
        ceiling = results[(name, "nginx")]["rps"]
        for mode in ("uncached", "cached-app", "cached-front", "nginx"):
            r = results[(name, mode)]
            print(f"{name:8} {mode:12} {r['rps']:9.1f} {r['p95_ms']:8.2f} {r['errors']:6d} {r['rps'] / ceiling:8.3f}")
    print()
    print(renders)
    return 0


if __name__ == "__main__":
    sys.exit(main())
