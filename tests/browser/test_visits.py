"""In Chromium, a cached page still reports where its reader came from: the beacon reads the address's
utm_* parameters and the referrer in the browser, so the full-page cache (which serves the same bytes
to everyone) does not hide the channel; nothing is blocked by the Content Security Policy."""

from __future__ import annotations

import time

import pytest

from insights.models import PageView

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _views(n: int) -> list[PageView]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = list(PageView.objects.order_by("pk"))
        if len(found) >= n:
            return found
        time.sleep(0.1)
    return list(PageView.objects.order_by("pk"))


def test_a_cached_page_reports_its_channel(page, tree, settings):
    settings.PAGE_CACHE_SECONDS = 600
    article = tree.articles
    first = page.goto(f"{article.url}?utm_source=kakao&utm_medium=social&utm_campaign=dec-meetup",
                      wait_until="networkidle")
    assert first.status == 200
    second = page.goto(f"{article.url}?utm_source=newsletter&utm_medium=email", wait_until="networkidle")
    assert second.headers.get("x-cache") == "HIT"  # the same cached bytes …
    views = _views(2)
    assert [(v.channel, v.campaign) for v in views] == [("kakao", "dec-meetup"), ("email", "")]  # … two channels
    assert views[0].page_id == article.pk and views[0].path == article.url
    page.goto(article.url, wait_until="networkidle", referer="https://m.blog.naver.com/someone/1")
    assert _views(3)[-1].channel == "naver"
    assert page.problems == []


def test_do_not_track_sends_nothing(browser, live_server, tree):
    context = browser.new_context(base_url=live_server.url, extra_http_headers={"DNT": "1"})
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'doNotTrack', {get: () => '1'})")
    page.goto(tree.articles.url + "?utm_source=kakao", wait_until="networkidle")
    time.sleep(0.5)
    assert not PageView.objects.exists()
    context.close()
