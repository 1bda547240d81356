"""SNS analysis: volume and mood per direction and per channel, the most used and the rising terms (Kiwi
nouns, without the search app's stop words), the staff's SNS activity; a staff-only mention never
counts for a viewer who is not staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from listening.actions import Incoming, ingest, open_case, reply, source_named
from listening.models import Mention, Source, StaffAccount
from listening.sns import by_channel, by_direction, terms, terms_of

pytestmark = pytest.mark.django_db


def _said(source, texts, *, days_ago, channel, author="a", **extra):
    now = timezone.now()
    return ingest(source, [Incoming(text=t, posted_at=now - timedelta(days=days_ago, minutes=i), channel=channel,
                                    author=f"{author}{i}", **extra) for i, t in enumerate(texts)]).created


@pytest.fixture
def heard(db):
    own = source_named("X 보관함", Source.Kind.FILE)
    same = source_named("같은 업계 블로그", Source.Kind.FEED, direction=Source.Direction.SAME)
    _said(own, ["배송이 빨라서 좋아요", "배송 포장이 깔끔해요", "배송 상태 최고예요"], days_ago=14, channel="x")
    _said(own, ["배송이 늦어요", "환불 절차가 너무 복잡해요", "환불 요청했는데 답이 없어요",
                "환불 언제 되나요", "환불 규정이 이상해요"], days_ago=2, channel="x", author="b")
    _said(same, ["요즘 마케팅 자동화가 화제예요", "마케팅 예산이 줄었어요"], days_ago=3, channel="blog", author="c")
    return own, same


def test_volume_mood_and_terms_by_direction_and_channel(heard):
    directions = {row["key"]: row for row in by_direction(Mention.objects.all(), 28)}
    assert directions["own"]["volume"] == 8 and directions["same"]["volume"] == 2
    assert directions["own"]["positive"] == 3 and directions["own"]["negative"] >= 2
    channels = {row["key"]: row["volume"] for row in by_channel(Mention.objects.all(), 28)}
    assert channels == {"x": 8, "blog": 2}
    assert terms_of("환불 요청했는데 답이 없어요") >= {"환불", "요청"} and "없" not in terms_of("답이 없어요")
    found = terms(Mention.objects.filter(channel="x"))
    top = [row["term"] for row in found["top"]]
    assert top[:2] == ["배송", "환불"]  # four mentions each; ties by the term
    rising = [row["term"] for row in found["rising"]]
    assert rising == ["환불"]  # 배송 was said before too; 환불 only this week


def test_staff_activity_and_the_report_page(heard, smtp):
    own, _same = heard
    care = get_user_model().objects.create_superuser("care", "care@example.com", "pw-12345-long")
    StaffAccount.objects.create(user=care, channel="x", handle="our_brand")
    now = timezone.now()
    ingest(own, [Incoming(text="새 가이드가 나왔어요 http://testserver/guides/talk/", posted_at=now, channel="x",
                          author="our_brand"),
                 Incoming(text="@b 확인해 볼게요", posted_at=now, channel="x", author="our_brand",
                          raw={"reply_to": "b"})])
    complaint = Mention.objects.get(text="환불 절차가 너무 복잡해요")
    reply(open_case(complaint, user=care), care, "죄송합니다. 바로 확인하겠습니다.")
    client = Client()
    client.force_login(care)
    html = client.get("/admin/listening/sns/").content.decode()
    row = html.split('data-account="our_brand"', 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td><td>1</td><td>1</td><td>1</td>" in row  # posts, shares, replies, cases answered
    assert 'data-term="환불"' in client.get("/admin/listening/sns/?channel=x").content.decode()
    assert client.get("/admin/listening/sns/?days=abc&direction=nowhere&channel=<script>").status_code == 200


def test_a_staff_only_mention_is_not_counted_for_others(heard):
    ingest(source_named("커뮤니티", Source.Kind.COMMUNITY), [Incoming(
        text="내부 보고서 일정이 너무 늦어요", posted_at=timezone.now(), channel="comment", author="x",
        staff_only=True)])
    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw-12345-long")
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_mention"]))
    client = Client()
    client.force_login(editor)
    html = client.get("/admin/listening/sns/").content.decode()
    assert 'data-channel="x"' in html and 'data-channel="comment"' not in html
    assert "보고서" not in client.get("/admin/listening/sns/?channel=comment").content.decode()


def test_the_reports_count_a_staff_only_mention_for_staff_only(heard):
    import re

    ingest(source_named("커뮤니티", Source.Kind.COMMUNITY), [Incoming(
        text="내부 보고서 일정이 너무 늦어요", posted_at=timezone.now(), channel="comment", author="x",
        staff_only=True)])

    def counted(user) -> int:
        client = Client()
        client.force_login(user)
        html = client.get("/admin/listening/reports/").content.decode()
        table = html.split('data-chart-table="chart-mood"', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r"</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", table)
        return sum(int(n) for row in rows for n in row)

    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw-12345-long")
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_mention"]))
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")
    assert counted(editor) == Mention.objects.filter(staff_only=False).count() == 10
    assert counted(boss) == 11


def test_the_report_pages_are_in_the_menu_and_closed_to_who_may_not_read_the_inbox(db):
    outsider = get_user_model().objects.create_user("outsider", "o@example.com", "pw-12345-long")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(outsider)
    for path in ("/admin/listening/reports/", "/admin/listening/health/", "/admin/listening/advocates/",
                 "/admin/listening/sns/"):
        assert client.get(path).status_code in (302, 403), path
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long"))
    menu = client.get("/admin/").content.decode()
    for path in ("/admin/listening/reports/", "/admin/listening/health/", "/admin/listening/advocates/",
                 "/admin/listening/sns/", "/admin/listening/import/"):
        assert path in menu, path
