# ruff: noqa: E501 - the set-up scripts run in a child process and read best unwrapped
"""bench/community: a page with 500 comments beside the same page with none, in the same run.

The demo under production settings, plus two twin articles: one carries 50 threads of 10 comments
(a top-level comment and 9 replies) by 20 members, the other none. Printed, each beside the
no-comment baseline:

- uncached render, in-process (median and p90 of 100 renders after 10 to warm up) and SQL queries:
  for an anonymous reader just after the thread changed (anonymous-cold: the page's version is
  bumped before each render, so the thread and the head are built again), for an anonymous reader
  between changes (the thread is kept per page version, like the article body), and for a signed-in
  member (whose thread is built every time, with their forms and helpful marks);
- cached anonymous render: a hit from the full-page cache;
- comment POST to /api/community/pages/{id}/comments/ under 8 concurrent posters (wrk, one
  connection per signed-in member, each with its CSRF token) against gunicorn: p50/p95/p99, 201s
  and errors. Tasks go to the broker (not run inline), as in production.

    .venv/bin/python bench/community.py [--seconds 8] [--posters 8]

With DATABASE_URL (a PostgreSQL database the bench may drop and re-create, e.g.
postgres://postgres@127.0.0.1:5432/bench_community) and REDIS_URL / CELERY_BROKER_URL it measures
the production set-up; without them, SQLite and the embedded broker.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from audit.run import manage, server_env  # noqa: E402
from bench.pages import start_gunicorn, stop  # noqa: E402
from bench.scratch import recreate  # noqa: E402

VENV_BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench-community"
PORT = 8781  # bench.pages.start_gunicorn's
THREADS, PER_THREAD = 50, 10


def bench_env(database: str | None) -> dict:
    env = server_env()
    env.update(VAR_DIR=str(VAR), CELERY_TASK_ALWAYS_EAGER="0",
               COMMUNITY_RATE_LIMITS=json.dumps({"comment_member": [[10**6, 60]], "comment_ip": [[10**6, 60]]}),
               ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
    for key in ("REDIS_URL", "CELERY_BROKER_URL"):
        if os.environ.get(key):
            env[key] = os.environ[key]
    if database:
        env["DATABASE_URL"] = database
    return env


def reset_database(database: str | None) -> None:
    """A fresh database, and an empty cache to go with it (the cache remembers rows by id)."""
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    for key in ("REDIS_URL", "CELERY_BROKER_URL"):
        if os.environ.get(key, "").startswith("redis"):
            import redis

            redis.Redis.from_url(os.environ[key]).flushdb()
    if database and database.startswith("postgres"):
        recreate(database)


SETUP = r"""
import json, django; django.setup()
from datetime import timedelta
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page
from cms.models import ArticleIndexPage, ArticlePage
from community.actions import member_for
from community.models import Comment, Thread
from community.text import render

index = ArticleIndexPage.objects.filter(locale__language_code="ko").first()
model = ArticlePage.objects.filter(locale__language_code="ko").exclude(is_pillar=True).first()
pages = {}
for slug in ("bench-talk", "bench-quiet"):
    page = ArticlePage.objects.filter(slug=slug).first()
    if page is None:
        page = ArticlePage(title=model.title + " (" + slug + ")", slug=slug, summary=model.summary, body=model.body.raw_data)
        index.add_child(instance=page)
        page.save_revision().publish()
    pages[slug] = page.pk
User = get_user_model()
members = []
for n in range(28):
    user, made = User.objects.get_or_create(username=f"bench{n}", defaults={"email": f"bench{n}@example.com"})
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    member = member_for(user)
    member.display_name, member.handle = f"회원 {n}", f"bench{n}"
    member.save()
    members.append(member)
talk = Page.objects.get(pk=pages["bench-talk"])
thread, _ = Thread.objects.get_or_create(page=talk)
if not thread.comments.exists():
    start = timezone.now() - timedelta(days=3)
    rows = []
    for t in range(%(threads)d):
        top = Comment.objects.create(thread=thread, author=members[t %% 20], body=f"질문 {t}: 배송은 얼마나 걸리나요? **빠르면** 좋겠어요.",
                                     html=render(f"질문 {t}: 배송은 얼마나 걸리나요? **빠르면** 좋겠어요."))
        for r in range(%(per)d - 1):
            body = f"답글 {t}-{r}: 보통 이틀이면 도착합니다. 자세한 내용은 https://example.com/help/{r} 참고"
            rows.append(Comment(thread=thread, parent=top, reply_to=top, author=members[(t + r + 1) %% 20], body=body, html=render(body)))
    Comment.objects.bulk_create(rows)
    Thread.objects.filter(pk=thread.pk).update(comment_count=thread.comments.count())
# Posters (members 20-27) are trusted: an approved comment elsewhere, so theirs show at once (201).
elsewhere, _ = Thread.objects.get_or_create(page=Page.objects.get(pk=pages["bench-quiet"]).get_parent())
for member in members[20:]:
    Comment.objects.get_or_create(thread=elsewhere, author=member, defaults={"body": "x", "html": "<p>x</p>"})
print(json.dumps({"pages": pages, "count": thread.comments.count()}))
"""

RENDER = r"""
import json, statistics, time, django; django.setup()
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Page

pages = %(pages)r
out = {}
from cms.cache import retire_page

def measure(client, path, n=100, page=None):
    for _ in range(10):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(n):
        if page is not None:
            retire_page(page)  # as after a new comment: the thread and the head are rendered again
        start = time.perf_counter(); client.get(path); times.append((time.perf_counter() - start) * 1000)
    if page is not None:
        retire_page(page)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(path).content.decode()
    times.sort()
    return [statistics.median(times), times[int(n * 0.9) - 1], len(queries), html.count('<article id="comment-')]

member = Client(); member.force_login(get_user_model().objects.get(username="bench25"))
for name, pk in pages.items():
    path = Page.objects.get(pk=pk).url
    out[name + " anonymous"] = measure(Client(), path)
    out[name + " anonymous-cold"] = measure(Client(), path, page=Page.objects.get(pk=pk))
    out[name + " member"] = measure(member, path)
with override_settings(PAGE_CACHE_SECONDS=600):
    for name, pk in pages.items():
        path = Page.objects.get(pk=pk).url
        client = Client(); client.get(path)
        times = []
        for _ in range(300):
            start = time.perf_counter(); r = client.get(path); times.append((time.perf_counter() - start) * 1000)
            assert r["X-Cache"] == "HIT"
        times.sort()
        out[name + " cached"] = [statistics.median(times), times[269], 0, 0]
print(json.dumps(out))
"""

SESSIONS = r"""
import json, django; django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
out = []
for n in range(20, 28):
    client = Client(); client.force_login(get_user_model().objects.get(username=f"bench{n}"))
    out.append(client.cookies["sessionid"].value)
print(json.dumps(out))
"""


def run_python(env: dict, script: str) -> dict | list:
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def post_load(page_id: int, sessions: list[str], seconds: int) -> dict:
    """wrk (a C client, so the load generator takes little of the machine) with one connection per
    poster, each its own member, POSTing for ``seconds``; latency in milliseconds."""
    session_file = VAR / "sessions.txt"
    session_file.write_text("\n".join(sessions) + "\n")
    env = dict(os.environ, BENCH_SESSIONS=str(session_file),
               BENCH_PATH=f"/api/community/pages/{page_id}/comments/")
    done = subprocess.run(["wrk", "-t", str(len(sessions)), "-c", str(len(sessions)), "-d", f"{seconds}s",
                           "-s", str(ROOT / "bench" / "comment_post.lua"), f"http://127.0.0.1:{PORT}/"],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8, help="how long the posters POST to each page")
    parser.add_argument("--posters", type=int, default=8)
    # Two sync workers per core (gunicorn's advice is 2 × cores + 1): a comment POST waits on
    # PostgreSQL and Redis for about a quarter of its time, and one worker per core leaves the core idle then.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL")
    reset_database(database)
    env = bench_env(database)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    made = run_python(env, SETUP % {"threads": THREADS, "per": PER_THREAD})
    pages = made["pages"]
    print(f"database: {'PostgreSQL' if database and database.startswith('postgres') else 'SQLite'}; "
          f"broker: {env.get('CELERY_BROKER_URL') or 'embedded'}; comments on the busy page: {made['count']}")

    rows = run_python(env, RENDER % {"pages": pages})
    print(f"\n{'render':33} {'ms median':>10} {'ms p90':>8} {'queries':>8} {'comments':>9} {'× no-comment':>13}")
    for who in ("anonymous-cold", "anonymous", "member", "cached"):
        base = rows[f"bench-quiet {who}"][0]
        for name in ("bench-quiet", "bench-talk"):
            median, p90, queries, shown = rows[f"{name} {who}"]
            label = f"{'500 comments' if name == 'bench-talk' else 'no comments'}, {who}"
            print(f"{label:33} {median:10.2f} {p90:8.2f} {queries:8d} {shown:9d} {median / base:13.2f}")

    sessions = run_python(env, SESSIONS)[: args.posters]
    server = start_gunicorn(env, 0, args.workers)
    try:
        print(f"\ncomment POST, {args.posters} concurrent posters (wrk), {args.seconds} s per page, "
              f"gunicorn -w {args.workers} on {os.cpu_count()} cores")
        post_load(pages["bench-quiet"], sessions, 2)  # warm the workers up; not counted
        results = {}
        for name in ("bench-quiet", "bench-talk"):
            results[name] = post_load(pages[name], sessions, args.seconds)
        for name, label in (("bench-quiet", "no comments"), ("bench-talk", "500 comments")):
            r = results[name]
            print(f"{label:14} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
                  f"{r['requests'] / args.seconds:6.1f} comments/s  201: {r['created']}  other: {r['other']}  "
                  f"errors: {r['errors']}  p95 × no-comment {r['p95'] / results['bench-quiet']['p95']:.2f}")
    finally:
        stop(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
