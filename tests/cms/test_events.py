"""Event registration with a waitlist, promotion on cancel, and the .ics download."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cms.actions import RegistrationError, cancel_registration, register_for_event
from cms.models import EventRegistration
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(tree):
    return factories.EventPageFactory(parent=tree.events, slug="study", title="검색 스터디", capacity=2)


def test_waitlist_fills_and_promotes_on_cancel(event):
    first = register_for_event(event, "가", "a@example.com")
    second = register_for_event(event, "나", "b@example.com")
    third = register_for_event(event, "다", "c@example.com")
    fourth = register_for_event(event, "라", "d@example.com")
    assert [r.status for r in (first, second, third, fourth)] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert event.seats_left == 0

    promoted = cancel_registration(second.pk)
    assert promoted.pk == third.pk  # the longest-waiting person, not the latest
    statuses = dict(EventRegistration.objects.values_list("email", "status"))
    assert statuses == {"a@example.com": "confirmed", "b@example.com": "cancelled",
                        "c@example.com": "confirmed", "d@example.com": "waitlisted"}
    assert cancel_registration(second.pk) is None  # cancelling twice changes nothing
    assert EventRegistration.objects.filter(status="confirmed").count() == 2


def test_cancelling_a_waitlisted_place_promotes_nobody(event):
    register_for_event(event, "가", "a@example.com")
    register_for_event(event, "나", "b@example.com")
    waiting = register_for_event(event, "다", "c@example.com")
    assert cancel_registration(waiting.pk) is None
    assert EventRegistration.objects.filter(status="confirmed").count() == 2


def test_emails_tell_people_where_they_stand(event, django_capture_on_commit_callbacks):
    def run(action, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args)

    run(register_for_event, event, "가", "a@example.com")
    second = run(register_for_event, event, "나", "b@example.com")
    run(register_for_event, event, "다", "c@example.com")
    run(cancel_registration, second.pk)
    subjects = [(m.to[0], m.subject) for m in mail.outbox]
    assert subjects[0] == ("a@example.com", "참가 신청 확정: 검색 스터디")
    assert subjects[2] == ("c@example.com", "대기자로 등록되었습니다: 검색 스터디")
    assert subjects[3] == ("c@example.com", "자리가 생겼습니다: 검색 스터디")
    assert f"/cancel/{second.token}/" in mail.outbox[1].body


def test_same_email_cannot_register_twice_but_can_after_cancelling(event):
    first = register_for_event(event, "가", "A@Example.com")
    with pytest.raises(RegistrationError):
        register_for_event(event, "가", "a@example.com")
    cancel_registration(first.pk)
    again = register_for_event(event, "가", "a@example.com")
    assert again.status == "confirmed"


def test_past_event_refuses_registration(tree):
    past = factories.EventPageFactory(
        parent=tree.events, slug="past", start=timezone.now() - datetime.timedelta(days=3),
        end=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    with pytest.raises(RegistrationError):
        register_for_event(past, "가", "a@example.com")


def test_register_through_the_page_form(client, event):
    response = client.post(f"{event.url}register/", {"name": "홍길동", "email": "hong@example.com"})
    assert response.status_code == 200
    assert "확정" in response.content.decode()
    bad = client.post(f"{event.url}register/", {"name": "", "email": "not-an-email"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "올바른 이메일 주소를 입력하세요" in html
    assert EventRegistration.objects.count() == 1


def test_cancel_link_cancels_and_promotes(client, event):
    register_for_event(event, "가", "a@example.com")
    second = register_for_event(event, "나", "b@example.com")
    waiting = register_for_event(event, "다", "c@example.com")
    url = f"{event.url}cancel/{second.token}/"
    assert client.get(url).status_code == 200  # GET only shows the page
    assert EventRegistration.objects.get(pk=second.pk).status == "confirmed"
    client.post(url)
    assert EventRegistration.objects.get(pk=waiting.pk).status == "confirmed"


def test_api_registration_and_cancel(client, event):
    url = f"/api/events/{event.pk}/registrations/"
    r1 = client.post(url, {"name": "가", "email": "a@example.com"}, content_type="application/json")
    client.post(url, {"name": "나", "email": "b@example.com"}, content_type="application/json")
    r3 = client.post(url, {"name": "다", "email": "c@example.com"}, content_type="application/json")
    assert r1.status_code == 201 and r3.json()["status"] == "waitlisted"
    dup = client.post(url, {"name": "가", "email": "a@example.com"}, content_type="application/json")
    assert dup.status_code == 409
    bad = client.post(url, {"name": "가", "email": "nope"}, content_type="application/json",
                      HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "email", "message": "Enter a valid email address."}]
    cancel = client.post(f"/api/registrations/{r1.json()['token']}/cancel/")
    assert cancel.json()["status"] == "cancelled"
    detail = client.get(f"/api/events/{event.pk}/").json()
    assert detail["seats_left"] == 0  # the waitlisted person took the freed seat
    assert EventRegistration.objects.get(email="c@example.com").status == "confirmed"


def test_ics_download(client, event):
    response = client.get(f"{event.url}ics/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:검색 스터디" in body
    assert "TZID=Asia/Seoul" in body


def test_event_index_splits_upcoming_and_past(client, tree, event):
    factories.EventPageFactory(
        parent=tree.events, slug="old", title="지난 모임",
        start=timezone.now() - datetime.timedelta(days=10), end=timezone.now() - datetime.timedelta(days=10, hours=-2),
    )
    context = client.get("/events/").context
    assert [e.title for e in context["upcoming"]] == ["검색 스터디"]
    assert [e.title for e in context["past"]] == ["지난 모임"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_racing_for_the_last_seat(tree):
    """On PostgreSQL, row locks make concurrent registrations take seats one at a time."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers anyway")
    event = factories.EventPageFactory(parent=tree.events, slug="race", capacity=1)
    barrier = threading.Barrier(4)
    results = []

    def attempt(n):
        from django.db import connections

        barrier.wait()
        try:
            results.append(register_for_event(event, f"p{n}", f"p{n}@example.com").status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["confirmed", "waitlisted", "waitlisted", "waitlisted"]


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        ('{"name": ', 400, "요청 본문이 올바른 JSON이 아닙니다."),
        ('{"email": "a@example.com"}', 422, "필수 작성 항목입니다"),
    ],
)
def test_api_bad_bodies_get_json_errors_in_korean(client, event, body, status, expected):
    response = client.post(f"/api/events/{event.pk}/registrations/", body, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == status
    assert response.json()["errors"][0]["message"] == expected
    assert not EventRegistration.objects.exists()


def test_api_unknown_event_and_token_are_json_404s(client, tree):
    missing = client.get("/api/events/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and missing.json() == {"errors": [{"field": None, "message": "Not found."}]}
    bad_token = client.post("/api/registrations/not-a-token/cancel/", HTTP_ACCEPT_LANGUAGE="en")
    assert bad_token.status_code == 404 and "token" in bad_token.json()["errors"][0]["message"]


def test_scheduler_closes_registration_through_a_revision(tree):
    from cms.tasks import close_past_events

    past = factories.EventPageFactory(
        parent=tree.events, slug="done", start=timezone.now() - datetime.timedelta(days=2),
        end=timezone.now() - datetime.timedelta(days=2, hours=-2), registration_open=True,
    )
    past.save_revision().publish()
    assert close_past_events() == 1
    assert close_past_events() == 0  # idempotent
    past.refresh_from_db()
    assert past.registration_open is False
    assert past.get_latest_revision_as_object().registration_open is False  # a later edit keeps it closed


def test_preview_of_an_event_with_outputs_shows_them(admin_client, tree):
    """The editor's live preview renders a revision, where chosen outputs are not saved rows yet."""
    past = timezone.now() - datetime.timedelta(days=3)
    event = factories.EventPageFactory(parent=tree.events, slug="past-study", title="지난 스터디", start=past,
                                       end=past + datetime.timedelta(hours=2))
    post = factories.PostPageFactory(parent=tree.posts, slug="output", title="스터디 결과 정리")
    post.save_revision().publish()
    event.outputs = [post]
    event.save_revision()
    draft = event.get_latest_revision_as_object()
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get(event.url)
    request.user = get_user_model().objects.get(username="editor")
    response = draft.serve_preview(request, draft.default_preview_mode)
    response.render()
    assert response.status_code == 200 and "스터디 결과 정리" in response.content.decode()
