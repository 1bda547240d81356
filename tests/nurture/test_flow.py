"""The whole path over real SMTP: form → confirmation → sequence emails on their days → one-click
unsubscribe → silence. Time moves with the nurture clock."""

from __future__ import annotations

import pytest

from nurture import actions
from nurture.models import Consent, Enrollment, Lead, Send
from tests.nurture.conftest import link_in, sign_up

pytestmark = pytest.mark.django_db


def subjects(inbox, address="sky@example.com") -> list[str]:
    return [str(m["Subject"]) for m in inbox.to(address)]


def test_form_to_sequence_to_one_click_unsubscribe(client, smtp, nurture_clock, sequence, commit):
    response = commit(sign_up, client)
    assert response.status_code == 200
    lead = Lead.objects.get(email_key="sky@example.com")
    assert lead.confirmed_at is None and lead.source_page_id == sequence.trigger_page_id
    consent = lead.consents.get()
    assert consent.text == "이메일 수신에 동의합니다." and consent.text_version.startswith("2026-11:")
    assert consent.user_agent == "pytest-browser" and consent.ip_address == "127.0.0.1"

    # Only the confirmation arrives, and it is not advertising.
    [confirmation] = smtp.to("sky@example.com")
    assert not str(confirmation["Subject"]).startswith("(광고)")
    commit(actions.tick)
    assert len(smtp.messages) == 1, "no marketing mail before the lead confirms"

    confirm_url = link_in(confirmation, "/nurture/confirm/")
    path = confirm_url.split("http://testserver", 1)[1]
    assert client.get(path).status_code == 200  # a mail scanner opening the link confirms nothing
    lead.refresh_from_db()
    assert lead.confirmed_at is None
    assert commit(client.post, path).status_code == 200
    lead.refresh_from_db()
    assert lead.confirmed_at is not None
    assert Enrollment.objects.filter(lead=lead, sequence=sequence).exists()

    # Day 0: the first step, with every header a serious sender needs.
    commit(actions.tick)
    assert subjects(smtp) == [str(confirmation["Subject"]), "(광고) 환영합니다"]
    welcome = smtp.to("sky@example.com")[-1]
    unsubscribe_url = f"http://testserver/nurture/u/{lead.token}/"
    assert welcome["List-Unsubscribe"].strip() == f"<{unsubscribe_url}>"
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "guide-follow-up." in welcome["List-Id"]
    assert welcome.get_content_type() == "multipart/alternative"
    html = welcome.get_body(preferencelist=("html",)).get_content()
    text = welcome.get_body(preferencelist=("plain",)).get_content()
    assert 'style="' in html and "<style" not in html.split("<body", 1)[1]  # CSS inlined
    assert "가이드를 신청해 주셔서 고맙습니다." in text and "읽을거리" in text
    assert "첫 편지입니다." in text and "고맙습니다.첫" not in text  # paragraphs stay apart in plain text
    assert "http://testserver/nurture/c/" in text and unsubscribe_url in text  # tracked links; a visible unsubscribe
    assert "서울특별시" in text  # the sender's address in the footer

    commit(actions.tick)
    commit(actions.tick)
    assert len(smtp.to("sky@example.com")) == 2, "ticking again sends nothing twice"

    nurture_clock.advance(days=1)
    commit(actions.tick)
    assert len(smtp.to("sky@example.com")) == 2, "day 2's step waits for day 2"
    nurture_clock.advance(days=1, minutes=5)
    commit(actions.tick)
    assert subjects(smtp)[-1] == "(광고) 두 번째 이야기"
    first_pick = Send.objects.get(lead=lead, step__delay_days=0).picked_pages
    second_pick = Send.objects.get(lead=lead, step__delay_days=2).picked_pages
    assert first_pick and second_pick and not set(first_pick) & set(second_pick), "an article is never offered twice"

    # GET and HEAD only show the page; the one-click POST unsubscribes, answers 200, and is idempotent.
    assert client.head(f"/nurture/u/{lead.token}/").status_code == 200
    assert client.get(f"/nurture/u/{lead.token}/").status_code == 200
    lead.refresh_from_db()
    assert lead.unsubscribed_at is None
    one_click = client.post(f"/nurture/u/{lead.token}/", "List-Unsubscribe=One-Click",
                            content_type="application/x-www-form-urlencoded")
    assert one_click.status_code == 200 and "Location" not in one_click.headers
    assert client.post(f"/nurture/u/{lead.token}/", "List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded").status_code == 200
    lead.refresh_from_db()
    assert lead.unsubscribed_at is not None
    assert lead.consents.get().withdrawn_at is not None
    assert lead.events.filter(kind="unsubscribed").count() == 1

    nurture_clock.advance(days=10)
    commit(actions.tick)
    assert len(smtp.to("sky@example.com")) == 3, "no mail after unsubscribing"


def confirmed_lead(commit, client, smtp, email="sky@example.com"):
    commit(sign_up, client, email=email)
    confirm_url = link_in(smtp.to(email)[-1], "/nurture/confirm/")
    commit(client.post, confirm_url.split("http://testserver", 1)[1])
    return Lead.objects.get(email_key=email)


def test_two_ticks_and_two_deliveries_send_each_step_once(client, smtp, nurture_clock, sequence, commit):
    lead = confirmed_lead(commit, client, smtp)
    # Two schedulers record the same due step: one row survives.
    actions.tick()
    actions.tick()
    [send] = Send.objects.filter(lead=lead)
    # Two workers get the same row (a redelivered task, a second queue entry): one email.
    assert actions.deliver(send.pk) == Send.Status.SENT
    assert actions.deliver(send.pk) == Send.Status.SENT
    assert [str(m["Subject"]) for m in smtp.to(lead.email)].count("(광고) 환영합니다") == 1


def test_a_step_too_late_is_skipped_not_sent(client, smtp, nurture_clock, sequence, commit):
    lead = confirmed_lead(commit, client, smtp)
    nurture_clock.advance(days=1, hours=1)  # the scheduler was down for a day: day 0 is 25 h late
    commit(actions.tick)
    send = Send.objects.get(lead=lead, step__delay_days=0)
    assert send.status == Send.Status.SKIPPED and send.reason == "late"
    assert len(smtp.to(lead.email)) == 1  # the confirmation only
    nurture_clock.advance(days=1)
    commit(actions.tick)  # the sequence goes on with the next step, on time
    assert [str(m["Subject"]) for m in smtp.to(lead.email)][-1] == "(광고) 두 번째 이야기"


def test_transient_smtp_error_retries_and_permanent_error_is_recorded(client, smtp, nurture_clock, sequence, commit):
    lead = confirmed_lead(commit, client, smtp)
    smtp.refuse = ["451 4.3.0 try again later"]
    commit(actions.tick)
    send = Send.objects.get(lead=lead)
    assert send.status == Send.Status.PENDING and send.retry_at is not None and send.attempts == 1
    nurture_clock.advance(minutes=2)
    commit(actions.tick)
    send.refresh_from_db()
    assert send.status == Send.Status.SENT and send.attempts == 2
    assert len(smtp.to(lead.email)) == 2

    other = confirmed_lead(commit, client, smtp, email="rain@example.com")
    smtp.refuse = ["550 5.1.1 no such user"]
    commit(actions.tick)
    failed = Send.objects.get(lead=other)
    assert failed.status == Send.Status.FAILED and "550" in failed.reason
    assert actions.retry_failed(failed)
    commit(actions.tick)
    failed.refresh_from_db()
    assert failed.status == Send.Status.SENT


def test_interrupted_send_is_flagged_not_resent(client, smtp, nurture_clock, sequence, commit):
    """A worker killed between claiming and recording: nobody knows if SMTP took it, so no second copy."""
    lead = confirmed_lead(commit, client, smtp)
    enrollment = lead.enrollments.get()
    # A worker claimed day 0's row and died: the row says SENDING and nobody will finish it.
    send = Send.objects.create(enrollment=enrollment, step=sequence.steps.first(), lead=lead,
                               due_at=enrollment.enrolled_at, status=Send.Status.SENDING,
                               claimed_at=nurture_clock.now(), attempts=1)
    nurture_clock.advance(minutes=11)
    result = actions.tick()
    send.refresh_from_db()
    assert result.recovered == 1 and send.status == Send.Status.FAILED and "interrupted" in send.reason
    assert len(smtp.to(lead.email)) == 1  # the confirmation only


def test_hard_bounce_suppresses(client, smtp, nurture_clock, sequence, commit):
    from anymail.signals import AnymailTrackingEvent, tracking

    lead = confirmed_lead(commit, client, smtp)
    tracking.send(sender=object, event=AnymailTrackingEvent(event_type="bounced", recipient="SKY@example.com"),
                  esp_name="test")
    lead.refresh_from_db()
    assert lead.suppressed_at is not None and "bounced" in lead.suppression_reason
    commit(actions.tick)
    assert len(smtp.to(lead.email)) == 1
    assert Enrollment.objects.get(lead=lead).status == Enrollment.Status.STOPPED


def test_second_submission_updates_the_same_lead(client, smtp, nurture_clock, sequence, commit):
    lead = confirmed_lead(commit, client, smtp)
    commit(sign_up, client, email="SKY@Example.com", name="김하늘2")
    assert Lead.objects.count() == 1
    lead.refresh_from_db()
    assert lead.name == "김하늘2" and lead.consents.count() == 2
    assert not any("/nurture/confirm/" in m.get_body(preferencelist=("plain",)).get_content()
                   for m in smtp.to("sky@example.com")[1:]), "an already confirmed lead is not asked to confirm again"


def test_without_consent_nothing_is_stored_or_sent(client, smtp, sequence, commit):
    commit(sign_up, client, consent=False)
    assert not Lead.objects.exists() and not Consent.objects.exists()
    assert smtp.messages == []
