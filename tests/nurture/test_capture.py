"""Bad input gets a clear message in the person's language and stores nothing; links cannot be forged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nurture.models import Consent, Lead
from tests.nurture.conftest import link_in

pytestmark = pytest.mark.django_db


def post_lead(client, **payload):
    body = {"email": "sky@example.com", "consent": True, "consent_text": "동의합니다", "consent_version": "v1"}
    body.update(payload)
    return client.post("/api/nurture/leads/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ko")


@pytest.mark.parametrize(("payload", "field"), [
    ({"email": "not-an-address"}, "email"),
    ({"email": "a" * 250 + "@example.com"}, "email"),
    ({"name": "가" * 121}, "name"),
    ({"consent": False}, "consent"),
    ({"language": "xx"}, "language"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"page_id": 987654}, "page_id"),
])
def test_bad_input_is_refused_with_a_message_and_stores_nothing(client, tree, payload, field):
    response = post_lead(client, **payload)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and errors[0]["message"]
    assert any(e.get("field") in (field, f"body.payload.{field}", None) for e in errors)
    assert not Lead.objects.exists() and not Consent.objects.exists()


def test_missing_consent_message_is_korean(client, tree):
    message = post_lead(client, consent=False).json()["errors"][0]["message"]
    assert "동의" in message


def test_api_capture_sends_confirmation_and_honeypot_stores_nothing(client, tree, smtp,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_lead(client, website="http://spam.example").status_code == 202
    assert not Lead.objects.exists() and smtp.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        response = post_lead(client, utm={"utm_source": "newsletter"})
    assert response.status_code == 202
    lead = Lead.objects.get()
    assert lead.utm == {"utm_source": "newsletter"} and lead.consents.get().form == "api"
    assert "/nurture/confirm/" in link_in(smtp.messages[0], "/nurture/confirm/")


def test_rate_limit_per_address(client, tree):
    codes = [post_lead(client, email=f"p{i}@example.com", website="x").status_code for i in range(12)]
    assert codes[:10] == [202] * 10 and codes[10:] == [429, 429]


def test_forged_or_expired_tokens_change_nothing(client, tree, smtp, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_lead(client)
    real = link_in(smtp.messages[0], "/nurture/confirm/").split("http://testserver", 1)[1]
    forged = real[:-3] + ("AAA" if not real.endswith("AAA/") else "BBB") + "/"
    assert client.post(forged.rstrip("/") + "x/").status_code == 400
    assert client.post("/nurture/confirm/abc/").status_code == 400
    assert client.post("/nurture/u/not-a-token/").status_code == 404
    assert client.get("/nurture/preferences/not-a-token/").status_code == 404
    settings.NURTURE_CONFIRM_DAYS = 0
    expired = client.post(real)
    assert expired.status_code == 400 and "만료" in expired.content.decode()
    assert Lead.objects.get().confirmed_at is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=st.text(max_size=300), name=st.text(max_size=300))
def test_any_input_gets_202_or_a_clear_400(client, tree, email, name):
    response = post_lead(client, email=email, name=name, website="")
    assert response.status_code in (202, 400, 429)
    if response.status_code == 400:
        assert response.json()["errors"][0]["message"]


def test_preferences_export_and_erase(client, tree, smtp, django_capture_on_commit_callbacks):
    from cms.models import Topic

    Topic.objects.create(name="검색", slug="search", name_en="Search")
    with django_capture_on_commit_callbacks(execute=True):
        post_lead(client)
    lead = Lead.objects.get()
    page = client.get(f"/nurture/preferences/{lead.token}/")
    assert page.status_code == 200 and "sky@example.com" in page.content.decode()
    client.post(f"/nurture/preferences/{lead.token}/",
                {"action": "save", "language": "en", "topics": ["search", "nope"], "weekly_only": "on"})
    lead.refresh_from_db()
    assert lead.language == "en" and lead.topics == ["search"] and lead.weekly_only
    exported = client.get(f"/nurture/preferences/{lead.token}/", {"export": 1}).json()
    assert exported["email"] == "sky@example.com" and exported["consents"][0]["text"] == "동의합니다"
    client.post(f"/nurture/preferences/{lead.token}/", {"action": "erase"})
    lead.refresh_from_db()
    assert lead.erased_at and "sky" not in lead.email and lead.name == ""
    assert lead.consents.get().ip_address is None
    assert client.get(f"/nurture/preferences/{lead.token}/").status_code == 404


def test_inline_signup_block_in_an_article(client, tree, smtp, django_capture_on_commit_callbacks):
    from tests import factories

    article = factories.ArticlePageFactory(parent=tree.articles, slug="with-signup", title="구독 블록", body=[
        ("paragraph", "<p>본문</p>"),
        ("signup", {"title": "새 글 받기", "text": "", "consent_text": "이메일 수신에 동의합니다.",
                    "button_label": "구독"})])
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert 'action="/nurture/signup/"' in html and 'name="consent"' in html
    checkbox = html.split('name="consent"', 1)[1].split(">", 1)[0]
    assert "checked" not in checkbox  # never pre-ticked

    refused = client.post("/nurture/signup/", {"email": "sky@example.com", "page": article.pk,
                                               "consent_text": "이메일 수신에 동의합니다."})
    assert refused.status_code == 400 and "동의" in refused.content.decode()
    client.post("/nurture/signup/", {"email": "bot@example.com", "consent": "on", "website": "x", "page": article.pk})
    assert not Lead.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/nurture/signup/", {"email": "sky@example.com", "consent": "on", "page": article.pk,
                                                "consent_text": "이메일 수신에 동의합니다."})
    assert done.status_code == 200
    consent = Lead.objects.get().consents.get()
    assert consent.form == f"block:{article.pk}" and consent.text == "이메일 수신에 동의합니다."
    assert "/nurture/confirm/" in link_in(smtp.messages[-1], "/nurture/confirm/")
