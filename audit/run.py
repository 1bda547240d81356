"""make audit: serve the demo as production would, then let outside judges score it.

Judges: Lighthouse (mobile), axe-core in Chromium, the W3C Nu checker, feedparser on every feed,
the sitemaps.org XSD on sitemap.xml, and extruct on every JSON-LD block. Prints a table and exits
non-zero on any miss.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIT = ROOT / "audit"
VENV_BIN = Path(sys.executable).parent
PORT = int(os.environ.get("AUDIT_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
# Lighthouse's CPU throttling is relative to the host: its default 4x slowdown turns a high-end desktop
# (benchmarkIndex 1500-2000) into a mid-tier phone, and turns a slower host into a phone far below that, so
# the same page scores lower on a busy CI machine. Lighthouse's docs ("Calibrating the CPU slowdown" in
# docs/throttling.md) say to lower the multiplier from the benchmarkIndex every report carries; the audit
# aims at the phone the default aims at from the slow end of that desktop range, and never throttles harder
# than the default.
TARGET_BENCHMARK_INDEX = 1500 / 4
DEFAULT_CPU_SLOWDOWN = 4.0
THRESHOLDS = {"seo": 1.00, "accessibility": 0.98, "best-practices": 0.95, "performance": 0.95}
REQUIRED = {
    "Organization": ["name", "url"],
    "WebSite": ["name", "url", "potentialAction"],
    "Article": ["headline", "image", "datePublished", "author", "publisher"],
    "BlogPosting": ["headline", "image", "datePublished", "author", "publisher"],
    "Event": ["name", "startDate", "location", "eventAttendanceMode", "offers"],
    "BreadcrumbList": ["itemListElement"],
    "FAQPage": ["mainEntity"],
    "Product": ["name", "offers"],  # Google's product snippet: a name and one of offers, review, aggregateRating
    "WebPage": ["name", "url"],
}


def server_env() -> dict:
    var = ROOT / "var" / "audit"
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SERVE_MEDIA="1",
        VAR_DIR=str(var),
        WAGTAILADMIN_BASE_URL=BASE,
        PAGE_CACHE_SECONDS="0",
    )
    for key in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(key, None)  # the audit judges pages, on the embedded defaults
    env.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    return env


def manage(env, *args):
    subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def start_server(env) -> subprocess.Popen:
    shutil.rmtree(ROOT / "var" / "audit", ignore_errors=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "cms.wsgi:application", "-b", f"127.0.0.1:{PORT}", "-w", "2",
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/", timeout=2)  # noqa: S310 - loopback only
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the audit server did not start")


def pages(env) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(label, path) for the page types the issue names, in Korean and English; and the pages a search
    engine is told not to index (an NPS survey's link), judged by axe and the Nu checker only."""
    script = """
import json
from cms.models import ArticlePage, PostPage, EventPage, LandingPage
from django.utils import timezone
out = []
for lang in ("ko", "en"):
    q = dict(locale__language_code=lang)
    home = "/" if lang == "ko" else "/en/"
    out += [
        (f"home/{lang}", home),
        (f"article/{lang}", ArticlePage.objects.live().filter(is_pillar=False, **q).order_by("path").first().url),
        (f"pillar/{lang}", ArticlePage.objects.live().filter(is_pillar=True, **q).order_by("path").first().url),
        (f"post/{lang}", PostPage.objects.live().public().filter(**q).order_by("path").first().url),
        (f"event/{lang}", EventPage.objects.live().filter(end__gte=timezone.now(), **q).order_by("start").first().url),
        (f"landing/{lang}", LandingPage.objects.live().filter(**q).order_by("path").first().url),
        (f"topic/{lang}", home + "topics/community/"),
    ]
from shop_wizard.models import Product, Wizard
out += [("wizard/ko", Wizard.objects.get(slug="community-tools").get_absolute_url()),
        ("product/ko", Product.objects.filter(language="ko").order_by("pk").first().get_absolute_url())]
from community.models import Thread
busiest = Thread.objects.filter(page__isnull=False, page__locale__language_code="ko",
                                page__view_restrictions__isnull=True).order_by("-comment_count").first()
out += [("thread/ko", busiest.page.url), ("group/ko", "/groups/search-study/"),
        ("group/en", "/en/groups/search-study-en/"),
        ("question/ko", Thread.objects.filter(kind="question").first().get_absolute_url())]
from rewards.models import Card
out += [("missions/ko", "/rewards/missions/"), ("missions/en", "/en/rewards/missions/"),
        ("card/ko", "/rewards/cards/%d/" % Card.objects.order_by("pk").first().pk)]
from listening.models import NpsSurvey
waiting = NpsSurvey.objects.filter(answered_at__isnull=True, declined_at__isnull=True).order_by("pk").first()
print(json.dumps({"targets": out, "noindex": [("nps/ko", "/feedback/%s/?score=9" % waiting.token)]}))
"""
    result = subprocess.run([str(VENV_BIN / "python"), "manage.py", "shell", "-c", script], cwd=ROOT, env=env,
                            check=True, capture_output=True, text=True)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return [tuple(p) for p in found["targets"]], [tuple(p) for p in found["noindex"]]


def fetch(path: str) -> bytes:
    with urllib.request.urlopen(BASE + path, timeout=30) as response:  # noqa: S310 - loopback only
        return response.read()


def lighthouse_report(url: str, out: Path, cpu_slowdown: float, options: tuple[str, ...],
                      attempts: int = 5) -> dict:
    """One Lighthouse run's report; a run that fails to record a trace (NO_NAVSTART and the like) is
    retried, after a pause. The failure says nothing about the page, and one URL has failed it twice in a
    row in CI."""
    env = dict(os.environ, CHROME_PATH=CHROME)
    for attempt in range(1, attempts + 1):
        result = subprocess.run(
            [str(AUDIT / "node_modules" / ".bin" / "lighthouse"), url, "--quiet", "--output=json",
             f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}",
             f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:.2f}", *options],
            env=env, timeout=240, capture_output=True, text=True,
        )
        report = json.loads(out.read_text()) if result.returncode == 0 and out.exists() else None
        if report and not report.get("runtimeError"):
            return report
        print(f"lighthouse attempt {attempt} on {url} failed: {result.stderr.strip()[-300:]}", file=sys.stderr)
        time.sleep(2 * attempt)
    raise SystemExit(f"Lighthouse could not audit {url}")


def run_lighthouse(url: str, out: Path, cpu_slowdown: float) -> dict:
    """The page's category scores and the audits that cost it points."""
    report = lighthouse_report(url, out, cpu_slowdown,
                               ("--only-categories=performance,accessibility,best-practices,seo",))
    scores = {k: report["categories"][k]["score"] or 0 for k in THRESHOLDS}
    failing = [
        f"{a['id']}: {a.get('title', '')}"
        for cat in THRESHOLDS
        for ref in report["categories"][cat]["auditRefs"]
        if ref.get("weight", 0) > 0
        for a in [report["audits"][ref["id"]]]
        if a.get("score") is not None and a["score"] < 1
    ]
    return {"scores": scores, "failing": failing}


def calibrated_cpu_slowdown(url: str, workdir: Path) -> tuple[float, float]:
    """The CPU multiplier for this host, from the median benchmarkIndex of three quick runs."""
    index = statistics.median(
        lighthouse_report(url, workdir / f"calibrate-{i}.json", DEFAULT_CPU_SLOWDOWN,
                          ("--only-audits=first-contentful-paint",))["environment"]["benchmarkIndex"]
        for i in range(3))
    return min(DEFAULT_CPU_SLOWDOWN, max(1.0, index / TARGET_BENCHMARK_INDEX)), index


def main() -> int:
    env = server_env()
    proc = start_server(env)
    misses: list[str] = []
    rows: list[str] = []
    try:
        targets, unindexed = pages(env)
        # The search page is noindex (Lighthouse's SEO category would rightly mark it down), so it is
        # judged by axe and the Nu checker only; so are the rewards pages a visitor does not land on.
        searches = [("search/ko", "/search/?q=%EB%A7%88%EC%BC%80%ED%8C%85"), ("search/en", "/en/search/?q=community"),
                    ("rewards/ko", "/rewards/"), ("leaderboards/ko", "/rewards/leaderboards/"), *unindexed]
        urls = [BASE + path for _label, path in targets + searches]
        workdir = Path(tempfile.mkdtemp(prefix="audit-"))

        # Lighthouse
        slowdown, index = calibrated_cpu_slowdown(BASE + "/", workdir)
        rows.append(f"lighthouse CPU: benchmarkIndex {index:.0f}, slowdown {slowdown:.2f}x "
                    f"(default {DEFAULT_CPU_SLOWDOWN:.0f}x; target index {TARGET_BENCHMARK_INDEX:.0f})")
        for label, path in targets:
            result = run_lighthouse(BASE + path, workdir / f"{label.replace('/', '-')}.json", cpu_slowdown=slowdown)
            scores = result["scores"]
            ok = all(scores[k] >= v for k, v in THRESHOLDS.items())
            if not ok:  # Lighthouse's own advice on variance: judge the median of several runs, not one
                runs = [result] + [run_lighthouse(BASE + path, workdir / f"{label.replace('/', '-')}-{i}.json",
                                                  cpu_slowdown=slowdown) for i in (2, 3)]
                scores = {k: statistics.median(r["scores"][k] for r in runs) for k in THRESHOLDS}
                result = {"scores": scores, "failing": sorted({f for r in runs for f in r["failing"]})}
                ok = all(scores[k] >= v for k, v in THRESHOLDS.items())
            rows.append(f"lighthouse {label:12} " + " ".join(f"{k}={scores[k]:.2f}" for k in THRESHOLDS)
                        + ("" if ok else "  MISS"))
            if not ok:
                misses.append(f"lighthouse {label}: {scores} failing audits: {result['failing'][:8]}")

        # axe-core
        axe = subprocess.run(["node", str(AUDIT / "axe.mjs"), *urls], check=True, capture_output=True, text=True,
                             env=dict(os.environ, CHROME_PATH=CHROME), timeout=600)
        for url, violations in json.loads(axe.stdout).items():
            bad = [v for v in violations if v["impact"] in ("serious", "critical")]
            path = url[len(BASE):]
            rows.append(f"axe        {path:40} serious/critical={len(bad)} other={len(violations) - len(bad)}")
            if bad:
                misses.append(f"axe {url}: {bad}")

        # W3C Nu checker on the served HTML
        html_files = []
        for label, path in targets + searches:
            file = workdir / f"{label.replace('/', '-')}.html"
            file.write_bytes(fetch(path))
            html_files.append(file)
        vnu = subprocess.run(
            ["java", "-jar", str(AUDIT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"),
             "--format", "json", "--exit-zero-always", *map(str, html_files)],
            capture_output=True, text=True, timeout=600,
        )
        messages = json.loads(vnu.stderr or vnu.stdout or '{"messages": []}')["messages"]
        errors = [m for m in messages if m.get("type") == "error"]
        rows.append(f"vnu        {len(html_files)} pages, errors={len(errors)}")
        for m in errors:
            misses.append(f"vnu {Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}")

        # Feeds
        import feedparser

        feed_paths = [f"{prefix}/feeds/{name}" for prefix in ("", "/en")
                      for name in ("rss.xml", "atom.xml", "topics/community/rss.xml", "posts/how_to/atom.xml")]
        for path in feed_paths:
            feed = feedparser.parse(fetch(path))
            rows.append(f"feed       {path:40} entries={len(feed.entries)} bozo={int(bool(feed.bozo))}")
            if feed.bozo or not feed.entries:
                problem = feed.bozo_exception if feed.bozo else "no entries"
                misses.append(f"feed {path}: {problem}")

        # Sitemap against the sitemaps.org XSD
        from lxml import etree

        schema = etree.XMLSchema(etree.parse(str(AUDIT / "sitemap.xsd")))
        sitemap = etree.fromstring(fetch("/sitemap.xml"))
        valid = schema.validate(sitemap)
        rows.append(f"sitemap    {len(sitemap)} urls, valid={valid}")
        if not valid:
            misses.append(f"sitemap: {schema.error_log.last_error}")

        # JSON-LD
        import extruct

        for (label, path), file in zip(targets, html_files[:len(targets)], strict=True):
            data = extruct.extract(file.read_text(), base_url=BASE + path, syntaxes=["json-ld"])["json-ld"]
            items = [item for block in data for item in block.get("@graph", [block])]
            types = [item.get("@type") for item in items]
            problems = [f"{item.get('@type')} lacks {prop}" for item in items
                        for prop in REQUIRED.get(item.get("@type"), []) if not item.get(prop)]
            mark = "  MISS" if problems or not items else ""
            rows.append(f"json-ld    {label:12} {', '.join(map(str, types))}{mark}")
            if problems or not items:
                misses.append(f"json-ld {label}: {problems or 'no JSON-LD'}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)

    print("\n".join(rows))
    if misses:
        print(f"\n{len(misses)} miss(es):")
        print("\n".join(f"- {m}" for m in misses))
        return 1
    print("\naudit passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
