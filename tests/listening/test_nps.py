"""NPS: asked by email (over real SMTP) after an event someone registered for has ended and a day after
a confirmed lead went to a product from the wizard, once per person in the quiet days; answered by the
link (a GET only shows the form), the comment taken into the inbox; "don't ask me again" kept for
good; members asked on the site; NPS by month and segment in the reports; customer health per person,
a staff-only mention never counted for someone who may not see it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from cms.models import EventRegistration
from community.models import Comment, Thread
from listening.actions import Incoming, collect_community, ingest, open_case, source_named
from listening.actions.nps import answer, invite_due
from listening.models import Mention, NpsSurvey, Source
from nurture.models import Lead
from shop_wizard.models import ClickOut, Response, WizardVersion
from tests import factories
from tests.shop_wizard.conftest import catalogue, wizard  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(tree):
    start = timezone.now() - timedelta(hours=5)
    event = factories.EventPageFactory(parent=tree.events, slug="meetup", title="12월 밋업", start=start,
                                       end=start + timedelta(hours=2))
    event.save_revision().publish()
    return event


def _register(event, email: str, status=EventRegistration.Status.CONFIRMED):
    return EventRegistration.objects.create(event=event, name="참가자", email=email, status=status)


def _links(message) -> list[str]:
    return re.findall(r"http://testserver\S+", message.get_content())


def test_after_an_event_each_attendee_is_asked_once_by_email_and_answers_by_the_link(ended, tree, smtp, client):
    _register(ended, "Kim@Example.com")
    _register(ended, "gone@example.com", EventRegistration.Status.CANCELLED)
    assert invite_due() == 1 and invite_due() == 0  # once
    [mail] = smtp.to("kim@example.com")
    assert "12월 밋업" in mail.get_content()
    links = _links(mail)
    assert len(links) == 12  # eleven scores and "don't ask me again"
    nine = next(link for link in links if link.endswith("score=9"))

    shown = client.get(nine.replace("http://testserver", ""))  # a mail scanner following the link
    assert shown.status_code == 200 and 'value="9" checked' in shown.content.decode()
    survey = NpsSurvey.objects.get()
    assert survey.answered_at is None and survey.email == "kim@example.com" and survey.trigger == "event"

    url = nine.replace("http://testserver", "").split("?")[0]
    bad = client.post(url, {"score": "11", "comment": "좋아요"})
    assert bad.status_code == 400 and "0부터 10" in bad.content.decode()
    assert NpsSurvey.objects.get().answered_at is None and not Mention.objects.exists()  # nothing half-stored
    done = client.post(url, {"score": "9", "comment": "발표가 정말 유익하고 좋았어요"})
    assert done.status_code == 200 and 'role="status"' in done.content.decode()
    survey.refresh_from_db()
    assert survey.score == 9 and survey.group == "promoter"
    assert survey.mention.channel == "nps" and survey.mention.sentiment == "positive"
    assert survey.mention.raw["score"] == 9 and survey.mention.source.kind == Source.Kind.SITE
    assert client.post(url, {"score": "0"}).status_code == 200 and NpsSurvey.objects.get().score == 9  # once

    later = factories.EventPageFactory(parent=tree.events, slug="second", start=ended.start, end=ended.end)
    later.save_revision().publish()
    _register(later, "kim@example.com")
    assert invite_due() == 0  # asked lately: not again within the quiet days


def test_dont_ask_me_again_is_kept_beyond_the_quiet_days(ended, tree, smtp, client, settings):
    _register(ended, "lee@example.com")
    invite_due()
    decline = next(link for link in _links(smtp.to("lee@example.com")[0]) if "decline=1" in link)
    page = client.get(decline.replace("http://testserver", ""))
    assert page.status_code == 200 and NpsSurvey.objects.get().declined_at is None  # a GET changes nothing
    survey = NpsSurvey.objects.get()
    client.post(f"/feedback/{survey.token}/decline/")
    assert NpsSurvey.objects.get().declined_at is not None
    settings.LISTENING_NPS_QUIET_DAYS = 0
    other = factories.EventPageFactory(parent=tree.events, slug="other", start=ended.start, end=ended.end)
    other.save_revision().publish()
    _register(other, "lee@example.com")
    assert invite_due() == 0 and NpsSurvey.objects.count() == 1


def test_a_confirmed_lead_is_asked_a_day_after_a_wizard_click_out(wizard, catalogue, smtp):  # noqa: F811
    version = WizardVersion.objects.filter(wizard=wizard).order_by("-number").first()
    confirmed = Lead.objects.create(email="park@example.com", language="en", confirmed_at=timezone.now())
    unconfirmed = Lead.objects.create(email="choi@example.com")
    for lead in (confirmed, unconfirmed):
        response = Response.objects.create(wizard=wizard, version=version, lead=lead)
        ClickOut.objects.create(product=catalogue["hall"], response=response)
    ClickOut.objects.update(created_at=timezone.now() - timedelta(days=1, hours=2))
    assert invite_due() == 1
    [mail] = smtp.to("park@example.com")
    assert mail["Subject"] == "How likely are you to recommend us?"  # the lead's language
    assert "/en/feedback/" in mail.get_content() and catalogue["hall"].title in mail.get_content()
    assert not smtp.to("choi@example.com")


def test_a_member_is_asked_on_the_site(person):
    assert Client().get("/feedback/").status_code == 302  # sign in first
    mina = person("mina")
    assert 'name="score"' in mina.get("/feedback/").content.decode()
    assert mina.post("/feedback/", {"score": "3", "comment": "답변이 너무 늦어서 실망했어요"}).status_code == 200
    survey = NpsSurvey.objects.get()
    assert survey.trigger == "site" and survey.score == 3 and survey.mention.author == "mina"
    again = mina.get("/feedback/").content.decode()
    assert 'name="score"' not in again and 'role="status"' in again


def test_nps_by_month_and_segment_and_customer_health(person, tree):
    from listening.reports import nps_by_month, nps_by_segment

    now = timezone.now()
    for i, (score, trigger) in enumerate([(10, "event"), (9, "event"), (7, "site"), (2, "wizard")]):
        survey = NpsSurvey.objects.create(email=f"p{i}@example.com", trigger=trigger, key=f"k{i}")
        answer(survey, score, "" if score > 2 else "환불이 안 돼서 화가 납니다", now=now)
    month = nps_by_month(NpsSurvey.objects.all())[-1]
    assert (month["answers"], month["promoters"], month["detractors"], month["nps"]) == (4, 2, 1, 25)
    segments = {row["label"]: row for row in nps_by_segment(NpsSurvey.objects.all())}
    assert segments["전체"]["nps"] == 25 and len(segments) == 6

    open_case(NpsSurvey.objects.get(score=2).mention)
    mina = person("mina")
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="기밀", visibility="internal")
    internal.save_revision().publish()
    thread, _made = Thread.objects.get_or_create(page=internal)
    Comment.objects.create(thread=thread, author=mina.member, body="내부 일정이 최악입니다", html="x")
    collect_community()
    ingest(source_named("메일", Source.Kind.EMAIL), [Incoming(
        text="늘 친절하게 도와주셔서 감사합니다", posted_at=now, channel="email", author="p0@example.com")])

    boss = Client()
    boss.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long"))
    html = boss.get("/admin/listening/health/").content.decode()
    rows = re.findall(r'data-person="([^"]+)"', html)
    assert rows[0] == "p3@example.com" and "mina@example.com" in rows  # at risk first; staff see the internal one
    health = {p: int(re.search(rf'data-person="{re.escape(p)}".*?data-health="(\d+)"', html, re.S).group(1))
              for p in rows}
    assert health["p3@example.com"] < 40 <= 60 <= health["p0@example.com"]
    reports = boss.get("/admin/listening/reports/").content.decode()
    assert 'data-chart-table="chart-nps"' in reports and "<td>25</td>" in reports

    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw-12345-long")
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_mention"]))
    boss.force_login(editor)
    assert "mina@example.com" not in boss.get("/admin/listening/health/").content.decode()  # not staff
