"""First-party engagement: signed click redirects, the open pixel, page views of identified leads,
and the score, stage and interests they build."""

from __future__ import annotations

import pytest

from nurture import actions, scoring
from nurture.models import Enrollment, LeadEvent, Send, Stage
from tests.nurture.conftest import link_in
from tests.nurture.test_flow import confirmed_lead

pytestmark = pytest.mark.django_db


def first_email(commit, client, smtp):
    lead = confirmed_lead(commit, client, smtp)
    client.cookies.clear()  # the confirmation identified this browser; start from a stranger
    commit(actions.tick)
    return lead, smtp.to(lead.email)[-1], Send.objects.get(lead=lead)


def test_click_goes_only_where_the_email_pointed_and_counts(client, smtp, nurture_clock, sequence, commit):
    lead, email, send = first_email(commit, client, smtp)
    link = link_in(email, "/nurture/c/").split("http://testserver", 1)[1]
    response = client.get(link)
    assert response.status_code == 302
    assert "/guides/read-" in response["Location"] and "utm_source=nurture" in response["Location"]
    assert "nurture_lead" in response.cookies and response.cookies["nurture_lead"]["httponly"]
    send.refresh_from_db()
    assert send.clicked_at and send.opened_at  # a click is an open too
    lead.refresh_from_db()
    assert lead.score >= 5 and lead.events.filter(kind="email_click").count() == 1

    token = link.split("/nurture/c/", 1)[1].rstrip("/")
    assert client.get(f"/nurture/c/{token[:-4]}abcd/").status_code == 400  # tampered: no redirect at all
    evil = client.get("/nurture/c/https%3A%2F%2Fevil.example/")
    assert evil.status_code in (400, 404) and "Location" not in evil.headers
    assert lead.events.filter(kind="email_click").count() == 1


def test_open_pixel_counts_once_and_head_counts_nothing(client, smtp, nurture_clock, sequence, commit):
    lead, email, send = first_email(commit, client, smtp)
    html = email.get_body(preferencelist=("html",)).get_content()
    pixel = html.split('src="http://testserver', 1)[1].split('"', 1)[0]
    assert pixel.startswith("/nurture/o/")
    assert client.head(pixel).status_code == 200
    send.refresh_from_db()
    assert send.opened_at is None
    first = client.get(pixel)
    assert first.status_code == 200 and first["Content-Type"] == "image/gif"
    client.get(pixel)
    assert LeadEvent.objects.filter(lead=lead, kind="email_open").count() == 1


def test_identified_page_views_are_never_offered_again(client, smtp, nurture_clock, sequence, commit, tree):
    from cms.models import ArticlePage

    lead, email, send = first_email(commit, client, smtp)
    client.get(link_in(email, "/nurture/c/").split("http://testserver", 1)[1])  # identifies this browser
    unread = ArticlePage.objects.exclude(pk__in=send.picked_pages).order_by("pk")
    read = unread.first()
    assert client.post("/nurture/seen/", {"page": read.pk}).status_code == 204
    assert client.post("/nurture/seen/", {"page": read.pk}).status_code == 204  # twice in a row: one view
    assert LeadEvent.objects.filter(lead=lead, kind="page_view", page=read).count() == 1
    stranger = client.__class__()
    stranger.post("/nurture/seen/", {"page": read.pk})
    assert LeadEvent.objects.filter(kind="page_view").count() == 1

    nurture_clock.advance(days=2, minutes=1)
    commit(actions.tick)
    second = Send.objects.get(lead=lead, step__delay_days=2)
    assert second.status == Send.Status.SENT
    assert read.pk not in second.picked_pages and not set(second.picked_pages) & set(send.picked_pages)


def test_score_moves_stage_forward_reaches_goal_and_decays(client, smtp, nurture_clock, sequence, commit):
    from nurture.models import StageThreshold

    sequence.goal_stage = Stage.MQL
    sequence.save()
    lead = confirmed_lead(commit, client, smtp)
    assert StageThreshold.objects.get(stage="mql").min_score == 20
    for _ in range(2):
        scoring.record(lead, "event_registration")
    lead.refresh_from_db()
    assert lead.score >= 20 and lead.stage == Stage.MQL
    enrollment = Enrollment.objects.get(lead=lead)
    assert enrollment.status == Enrollment.Status.COMPLETED and enrollment.stopped_reason == "goal reached"
    commit(actions.tick)
    assert not Send.objects.filter(lead=lead).exists(), "a lead who reached the goal gets no more steps"

    nurture_clock.advance(days=90)
    scoring.decay_all()
    lead.refresh_from_db()
    assert lead.score < 5 and lead.stage == Stage.MQL  # the score fades; the stage never moves back


def test_event_registration_scores_and_the_day_before_brings_one_reminder(client, smtp, nurture_clock, sequence,
                                                                          commit, tree, mailoutbox, settings):
    import datetime

    from django.utils import timezone

    from cms.actions import register_for_event
    from cms.tasks import send_event_reminders
    from tests import factories

    lead = confirmed_lead(commit, client, smtp)
    before = lead.score
    event = factories.EventPageFactory(parent=tree.events, slug="meetup-soon", title="내일 모임", capacity=10,
                                       start=timezone.now() + datetime.timedelta(hours=30))
    event.save_revision().publish()
    register_for_event(event, "김하늘", "SKY@example.com")
    lead.refresh_from_db()
    assert lead.score >= before + 10 and lead.events.filter(kind="event_registration", page=event).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_event_reminders() == 0  # 30 hours ahead: not yet
    type(event).objects.filter(pk=event.pk).update(start=timezone.now() + datetime.timedelta(hours=20))
    assert send_event_reminders() == 1
    assert send_event_reminders() == 0  # once
    assert mailoutbox[-1].subject == "내일 열립니다: 내일 모임"  # in the event's language
