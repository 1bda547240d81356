"""Feeds pulled from a real HTTP server on loopback: new entries once, a 304 when nothing changed, a
broken feed and a slow one recorded on the source with nothing stored."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from listening.actions import pull_feed
from listening.models import Mention, Source

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>동네 블로그</title><link>http://blog.example/</link><description>d</description>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>http://blog.example/{n}</link><guid>post-{n}</guid>
<description><![CDATA[<p>{body}</p>]]></description><pubDate>Tue, 01 Dec 2026 0{n}:00:00 +0900</pubDate></item>"""


class Feed:
    """What the server serves now, and what it was asked."""

    def __init__(self):
        self.items = [("모임 후기", "정말 알차고 유익한 모임이었어요", 1)]
        self.etag = '"v1"'
        self.broken = False
        self.delay = 0.0
        self.seen: list[dict] = []


@pytest.fixture
def feed_server():
    state = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            state.seen.append(dict(self.headers))
            time.sleep(state.delay)
            if self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
                return
            body = b"<html>not a feed" if state.broken else RSS.format(items="".join(
                ITEM.format(title=t, body=b, n=n) for t, b, n in state.items)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", state.etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_port}/rss"
    yield state
    server.shutdown()


def test_a_feed_is_taken_in_once_and_an_unchanged_one_answers_304(feed_server):
    source = Source.objects.create(name="동네 블로그", kind=Source.Kind.FEED, url=feed_server.url)
    first = pull_feed(source)
    assert (first.status, first.created, first.error) == (200, 1, "")
    mention = Mention.objects.get()
    assert mention.text == "모임 후기 정말 알차고 유익한 모임이었어요" and mention.sentiment == "positive"
    assert mention.channel == "blog" and mention.url == "http://blog.example/1"
    again = pull_feed(source)
    assert again.status == 304 and again.created == 0
    assert feed_server.seen[-1].get("If-None-Match") == '"v1"'
    feed_server.items.append(("배송 문제", "주문한 물건이 파손되어 도착했어요. 실망입니다", 2))
    feed_server.etag = '"v2"'
    changed = pull_feed(source)
    assert (changed.created, changed.duplicates) == (1, 1)
    assert Mention.objects.get(external_id="post-2").sentiment == "negative"


def test_a_broken_feed_and_a_slow_one_are_recorded_and_store_nothing(feed_server, settings):
    source = Source.objects.create(name="깨진 피드", kind=Source.Kind.FEED, url=feed_server.url)
    feed_server.broken = True
    broken = pull_feed(source)
    assert broken.created == 0 and "not a feed" in broken.error
    assert Source.objects.get(pk=source.pk).cursor["error"] == broken.error
    feed_server.broken, feed_server.delay = False, 1.5
    settings.LISTENING_FEED_TIMEOUT = 0.5
    started = time.monotonic()
    slow = pull_feed(Source.objects.get(pk=source.pk))
    assert slow.error and time.monotonic() - started < 1.4 and not Mention.objects.exists()
    assert pull_feed(Source.objects.create(name="파일", kind=Source.Kind.FEED, url="file:///etc/passwd")).error


def test_staff_watch_a_feed_from_the_admin_and_it_is_pulled_at_once(feed_server):
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    page = admin.post("/admin/listening/import/", {"feed-name": "동네 블로그", "feed-url": feed_server.url,
                                                   "feed-direction": "customers"})
    assert page.status_code == 200 and "동네 블로그" in page.content.decode()
    source = Source.objects.get(name="동네 블로그")
    assert (source.kind, source.direction, source.active) == ("feed", "customers", True)
    assert Mention.objects.filter(source=source).count() == 1
