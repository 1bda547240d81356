"""Landing-page lead forms: consent stored with its text version, handed to nurture by a signal."""

import pytest

from cms.models import LandingFormSubmission
from cms.signals import landing_form_submitted
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def landing(tree):
    return factories.LandingPageFactory(parent=tree.home, slug="guide")


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    landing_form_submitted.connect(receiver, weak=False)
    yield calls
    landing_form_submitted.disconnect(receiver)


def test_consent_box_is_separate_and_unticked(client, landing):
    html = client.get("/guide/").content.decode()
    assert 'name="marketing_consent"' in html
    checkbox = html.split('name="marketing_consent"')[0].rsplit("<input", 1)[1] + html.split(
        'name="marketing_consent"')[1].split(">", 1)[0]
    assert "checked" not in checkbox
    assert "이메일 수신에 동의합니다." in html


def test_submission_stores_consent_with_text_version(client, landing, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/guide/", {"name": "김하늘", "imeil": "sky@example.com", "marketing_consent": "on"},
                               HTTP_USER_AGENT="pytest")
    assert response.status_code == 200
    submission = LandingFormSubmission.objects.get()
    assert submission.consent_given is True
    assert submission.consent_version.startswith("2026-11:")
    assert submission.consent_text == "이메일 수신에 동의합니다."
    assert submission.user_agent == "pytest"
    assert "marketing_consent" not in submission.form_data
    assert len(received) == 1
    assert received[0]["email"] == "sky@example.com"
    assert received[0]["consent"].given and received[0]["consent"].version == submission.consent_version


def test_changing_consent_text_changes_the_recorded_version(client, landing):
    client.post("/guide/", {"name": "가", "imeil": "a@example.com", "marketing_consent": "on"})
    landing.consent_text = "<p>새 동의 문구</p>"
    landing.save_revision().publish()
    client.post("/guide/", {"name": "나", "imeil": "b@example.com", "marketing_consent": "on"})
    versions = list(LandingFormSubmission.objects.order_by("pk").values_list("consent_version", flat=True))
    assert versions[0] != versions[1]


def test_submission_without_consent_records_no_consent(client, landing, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/guide/", {"name": "가", "imeil": "a@example.com"})
    assert LandingFormSubmission.objects.get().consent_given is False
    assert received[0]["consent"].given is False


def test_honeypot_submission_is_dropped(client, landing, received):
    response = client.post("/guide/", {"name": "bot", "imeil": "bot@example.com", "website": "http://spam"})
    assert response.status_code == 200
    assert not LandingFormSubmission.objects.exists()
    assert received == []


def test_invalid_submission_shows_errors_and_stores_nothing(client, landing):
    response = client.post("/guide/", {"name": "", "imeil": "not-email"})
    html = response.content.decode()
    assert "필수 작성 항목입니다" in html and "올바른 이메일 주소를 입력하세요" in html
    assert not LandingFormSubmission.objects.exists()


def test_korean_labels_get_readable_ascii_names(landing):
    names = dict(landing.form_fields.values_list("label", "clean_name"))
    assert names == {"이름": "name", "이메일": "imeil"}  # an explicit key wins; otherwise romanised
