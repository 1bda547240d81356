"""Cases: a complaint is suggested its type, handed to the type's team with due times, answered where
it was said (an official community reply, an email, or a text to paste), resolved and measured; an
overdue case alerts the team lead once; a case about an internal post stays with staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from cms.models import Team
from community.models import Comment, Thread
from listening.actions import (
    Incoming,
    alert_overdue,
    collect_community,
    ingest,
    measures,
    open_case,
    reply,
    resolve,
    source_named,
)
from listening.models import Case, ComplaintType, Mention, Source
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    lead = get_user_model().objects.create_user("lead", "lead@example.com", "pw-12345-long")
    made = Team.objects.create(name="물류팀", slug="logistics", lead=lead)
    ComplaintType.objects.filter(slug="delivery").update(team=made)
    return made


def test_a_community_complaint_is_handed_to_its_team_answered_in_the_thread_and_measured(person, tree, team):
    mina, boss = person("mina"), person("boss", staff=True)
    page = factories.ArticlePageFactory(parent=tree.articles, slug="shop", title="굿즈 안내")
    page.save_revision().publish()
    thread, _made = Thread.objects.get_or_create(page=page)
    complaint = "주문한 굿즈가 파손되어 도착했어요. 실망입니다"
    said = Comment.objects.create(thread=thread, author=mina.member, body=complaint, html="x")
    collect_community()
    mention = Mention.objects.get()
    assert mention.sentiment == "negative" and mention.complaint_type.slug == "delivery" and mention.type_suggested
    staff = boss.member.user
    case = open_case(mention, user=staff)
    assert case.team == team and case.priority == "high"
    assert case.first_response_due - case.opened_at == timedelta(hours=4)
    assert open_case(mention) == case  # one case per mention
    answer = reply(case, staff, "불편을 드려 죄송합니다. 바로 교환해 드릴게요.")
    assert answer.channel == "community"
    official = Comment.objects.get(parent=said)
    assert official.official and "교환해 드릴게요" in official.body
    case.refresh_from_db()
    assert case.status == "answered" and case.first_response_at is not None
    resolve(case)
    assert measures(Case.objects.all())["within_sla"] == 1.0


def test_outside_and_email_mentions_are_answered_their_way(team, mailoutbox):
    staff = get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long")
    outside = ingest(source_named("X 보관함", Source.Kind.FILE), [Incoming(
        text="배송이 너무 늦어요 최악", posted_at=timezone.now(), channel="x", url="https://x.example/1")]).created[0]
    mailed = ingest(source_named("메일", Source.Kind.EMAIL), [Incoming(
        text="환불은 언제 되나요? 너무 답답해요", posted_at=timezone.now(), channel="email",
        raw={"email": "customer@example.com"})]).created[0]
    assert reply(open_case(outside), staff, "확인해 보겠습니다").channel == "copy"
    assert reply(open_case(mailed), staff, "환불은 오늘 처리됩니다").channel == "email"
    assert [m.to for m in mailoutbox] == [["customer@example.com"]]


def test_an_overdue_case_alerts_the_team_lead_once(team, mailoutbox):
    mention = ingest(source_named("후기", Source.Kind.FILE), [Incoming(
        text="택배가 일주일째 안 와요", posted_at=timezone.now(), channel="review")]).created[0]
    case = open_case(mention, at=timezone.now() - timedelta(days=2))
    assert alert_overdue() == 1 and alert_overdue() == 0
    assert mailoutbox[0].to == ["lead@example.com"] and f"#{case.pk}" in mailoutbox[0].subject
    assert measures([Case.objects.get(pk=case.pk)])["within_sla"] == 0.0


def test_a_case_about_an_internal_post_stays_with_staff(person, tree, team):
    boss = person("boss", staff=True)
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="기밀", visibility="internal")
    internal.save_revision().publish()
    thread, _made = Thread.objects.get_or_create(page=internal)
    Comment.objects.create(thread=thread, author=boss.member, body="배송 파손 건이 또 나왔어요 최악", html="x")
    collect_community()
    case = open_case(Mention.objects.get(), user=boss.member.user)
    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw-12345-long")
    editor.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "change_case", "view_case", "view_mention"]))
    client = Client()
    client.force_login(editor)
    assert client.get(f"/admin/listening/cases/{case.pk}/").status_code == 404
    assert "배송 파손" not in client.get("/admin/listening/cases/").content.decode()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    assert "배송 파손" in client.get("/admin/listening/cases/").content.decode()


def test_the_report_shows_the_mood_by_week():
    from listening.reports import mood_by_week

    source = source_named("후기", Source.Kind.FILE)
    now = timezone.now()
    ingest(source, [Incoming(text=t, posted_at=now - timedelta(days=d), channel="x", author=str(i)) for i, (t, d) in
                    enumerate([("정말 좋아요", 0), ("최고예요", 0), ("최악이에요", 0), ("너무 실망했어요", 14)])])
    weeks = mood_by_week(Mention.objects.all())
    assert len(weeks) == 8 and (weeks[-1]["positive"], weeks[-1]["negative"], weeks[-1]["net"]) == (2, 1, 33)
    assert sum(w["negative"] for w in weeks) == 2
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    assert admin.get("/admin/listening/cases/").status_code == 200
    html = admin.get("/admin/listening/reports/").content.decode()
    mood = html.split('data-chart-table="chart-mood"', 1)[1].split("</table>", 1)[0]
    assert f"<th scope=\"row\">{weeks[-1]['week'].isoformat()}</th><td>2</td><td>0</td><td>1</td><td>33%</td>" in mood
