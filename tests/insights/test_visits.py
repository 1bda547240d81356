"""The beacon counts a page view with its channel and nothing that names the reader; bots and browsers
that ask not to be tracked are not counted; a day's rollup run again gives the same rows; the channel
report reads the rollups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from insights.actions import prune, rollup
from insights.models import DailyVisits, PageView

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"


def _hit(client, path="/guides/", query="", referrer="", page="", **headers):
    return client.post("/insights/hit/", {"page": page, "path": path, "query": query, "referrer": referrer},
                       HTTP_USER_AGENT=headers.pop("agent", BROWSER), REMOTE_ADDR="203.0.113.7", **headers)


def test_a_view_is_counted_with_its_channel_and_nobody_is_named(client, tree):
    assert _hit(client, query="?utm_source=kakao&utm_campaign=dec", page=str(tree.home.pk)).status_code == 204
    view = PageView.objects.get()
    assert (view.channel, view.campaign, view.page_id, view.path) == ("kakao", "dec", tree.home.pk, "/guides/")
    assert "203.0.113.7" not in str(vars(view)) and "Chrome" not in str(vars(view)) and len(view.visitor) == 32
    _hit(client, path="/en/guides/", referrer="http://testserver/en/")
    assert PageView.objects.order_by("-pk").first().channel == "internal"  # within the site: a view, not a visit


@pytest.mark.parametrize("headers", [{"agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}, {"agent": ""},
                                     {"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}])
def test_bots_and_browsers_that_ask_not_to_be_tracked_are_not_counted(client, headers):
    assert _hit(client, **headers).status_code == 204
    assert not PageView.objects.exists()


def test_a_page_id_no_page_has_is_kept_as_sent_and_a_flood_is_not_counted(client, monkeypatch):
    from insights.actions import recording

    assert _hit(client, page="9" * 18).status_code == 204  # no such page: kept as sent, no 500
    assert PageView.objects.get().page_id == int("9" * 18)
    monkeypatch.setattr(recording, "PER_MINUTE", 3)
    for _i in range(5):
        assert _hit(client).status_code == 204
    assert PageView.objects.count() == 3  # one browser past the minute's limit: a script, not a reader


def test_what_is_not_a_page_is_refused_and_nothing_stored(client):
    assert _hit(client, page="abc").status_code == 400
    answer = _hit(client, path="https://evil.example/")
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "path"
    assert client.get("/insights/hit/").status_code == 405
    assert not PageView.objects.exists()


def test_a_day_rolled_up_again_gives_the_same_rows_and_the_report_reads_them(client):
    for query in ("?utm_source=kakao&utm_campaign=dec", "?utm_source=kakao&utm_campaign=dec", "?fbclid=1", ""):
        _hit(client, query=query)
    _hit(client, referrer="http://testserver/")  # within the site
    today = timezone.localdate()
    assert rollup(today) == 4
    first = sorted(DailyVisits.objects.values_list("channel", "campaign", "visits", "visitors", "views"))
    assert rollup(today) == 4
    assert sorted(DailyVisits.objects.values_list("channel", "campaign", "visits", "visitors", "views")) == first
    assert ("kakao", "dec", 2, 1, 2) in first and ("internal", "", 0, 1, 1) in first
    PageView.objects.update(at=timezone.now() - timedelta(days=500))
    assert prune() == 5 and DailyVisits.objects.filter(day=today).count() == 4  # the rollups stay

    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long"))
    html = admin.get("/admin/insights/channels/").content.decode()
    row = html.split('data-channel="kakao"', 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in row and 'data-campaign="dec"' in html and 'data-channel="internal"' not in html
    assert 'data-chart-table="chart-visits-by-channel"' in html


def test_staff_at_work_are_not_counted_and_no_token_is_kept(client):
    assert _hit(client, path="/admin/pages/3/edit/preview/").status_code == 204  # an admin preview
    _hit(client, path="/feedback/0b8c3f5e-1111-4222-8333-944445555666/", query="?score=9")
    _hit(client, path="/en/accounts/email/")
    assert sorted(PageView.objects.values_list("path", flat=True)) == ["/en/accounts/", "/feedback/"]
    staff = Client()
    staff.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long"))
    _hit(staff, path="/guides/", page="3")
    assert PageView.objects.count() == 2  # staff reading the site are not visitors


def test_staff_read_the_channel_figures_through_the_api_and_others_are_refused(client):
    for query in ("?utm_source=kakao&utm_campaign=dec", "?utm_source=kakao&utm_campaign=dec", "?fbclid=1"):
        _hit(client, query=query)
    rollup(timezone.localdate())
    assert Client().get("/api/insights/channels/").status_code == 401
    member = Client()
    member.force_login(get_user_model().objects.create_user("mina", "mina@example.com", "pw-12345-long"))
    assert member.get("/api/insights/channels/").status_code == 403
    staff = Client()
    staff.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long"))
    figures = staff.get("/api/insights/channels/", {"days": 7}).json()
    by_channel = {row["channel"]: row for row in figures["channels"]}
    assert by_channel["kakao"]["visits"] == 2 and by_channel["facebook"]["visits"] == 1
    assert figures["campaigns"] == [{"campaign": "dec", "channel": "카카오톡", "visits": 2}]
    assert staff.get("/api/insights/channels/", {"days": 0}).status_code == 422
