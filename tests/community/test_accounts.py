"""Member accounts: sign-up with a verified email over real SMTP, in the visitor's language; the
headless API for other front ends; Kakao and Naver only when configured; a verified member and a
nurture lead with the same address are one person."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from community.models import Member, Ring
from nurture.models import Lead

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"


def verification_link(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"(/en)?/accounts/confirm-email/[A-Za-z0-9:_\-]+/", text).group(0)


def sign_up(client: Client, email: str, path: str = "/accounts/signup/"):
    return client.post(path, {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def test_sign_up_verify_then_sign_in_in_korean(client, smtp, tree):
    response = sign_up(client, "member@example.com")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="member@example.com")
    assert Member.objects.get(user=user).language == "ko"
    assert client.post("/accounts/login/", {"login": "member@example.com", "password": PASSWORD}).url \
        == "/accounts/confirm-email/", "no sign-in before the address is verified"
    [message] = smtp.to("member@example.com")
    assert re.search(r"[가-힣]", str(message["Subject"])), "the verification email is in Korean"
    link = verification_link(message)
    assert client.get(link).status_code == 200  # a page with a button (mail scanners open links)
    assert client.post(link).status_code == 302
    client.logout()
    signed_in = client.post("/accounts/login/", {"login": "member@example.com", "password": PASSWORD})
    assert signed_in.status_code == 302 and client.get("/accounts/email/").status_code == 200


def test_english_pages_sign_up_in_english(client, smtp, tree):
    page = client.get("/en/accounts/signup/").content.decode()
    assert '<html lang="en">' in page and "Sign Up" in page
    sign_up(client, "reader@example.com", "/en/accounts/signup/")
    [message] = smtp.to("reader@example.com")
    assert not re.search(r"[가-힣]", str(message["Subject"]))
    assert Member.objects.get(user__email="reader@example.com").language == "en"


def test_account_pages_use_the_site_layout_and_say_noindex(client, tree):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html and 'name="robots" content="noindex, follow"' in html


def test_a_verified_member_and_a_lead_with_the_same_address_are_one_person(client, smtp, tree):
    lead = Lead.objects.create(email="Same@Example.com", name="같은 사람")
    sign_up(client, "same@example.com")
    member = Member.objects.get(user__email="same@example.com")
    assert member.lead is None, "not before the address is verified"
    client.post(verification_link(smtp.to("same@example.com")[0]))
    member.refresh_from_db()
    assert member.lead_id == lead.pk
    assert not lead.consents.exists(), "linking gives no marketing consent"


def test_headless_api_signs_up_and_waits_for_verification(smtp, tree):
    api = Client(enforce_csrf_checks=False)
    response = api.post("/api/auth/app/v1/auth/signup", json.dumps({"email": "app@example.com",
                                                                  "password": PASSWORD}),
                        content_type="application/json")
    assert response.status_code == 401  # signed up, not yet signed in
    flows = {f["id"]: f for f in response.json()["data"]["flows"]}
    assert flows["verify_email"]["is_pending"]
    assert smtp.to("app@example.com")
    bad = api.post("/api/auth/app/v1/auth/signup", json.dumps({"email": "not-an-address", "password": PASSWORD}),
                   content_type="application/json", HTTP_ACCEPT_LANGUAGE="ko")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["param"] == "email"
    assert not get_user_model().objects.filter(email="not-an-address").exists()


def test_kakao_and_naver_are_off_until_configured(client, settings, tree):
    assert "kakao" not in client.get("/accounts/login/").content.decode().lower()
    settings.SOCIALACCOUNT_PROVIDERS = {"kakao": {"APPS": [{"client_id": "test-kakao", "secret": "s", "key": ""}]}}
    assert "kakao" in client.get("/accounts/login/").content.decode().lower()
    redirect = client.post("/accounts/kakao/login/")
    assert redirect.status_code == 302 and redirect.url.startswith("https://kauth.kakao.com/oauth/authorize")
    assert "client_id=test-kakao" in redirect.url  # the browser goes there; this test reaches nothing


def test_staff_users_are_members_too(staff_user):
    from community.actions import member_for

    assert member_for(staff_user).ring == Ring.STAFF


def test_staff_set_a_members_ring_in_the_admin(admin_client, smtp, tree):
    sign_up(Client(), "ring@example.com")
    member = Member.objects.get(user__email="ring@example.com")
    listing = admin_client.get("/admin/snippets/community/member/")
    assert listing.status_code == 200 and "ring" in listing.content.decode()
    response = admin_client.post(f"/admin/snippets/community/member/edit/{member.pk}/", {
        "display_name": "링 회원", "ring": "partner", "bio": "", "language": "ko"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ring == Ring.PARTNER and member.display_name == "링 회원"


def test_guessing_a_members_password_locks_the_sign_in(client, smtp, tree):
    sign_up(Client(), "guess@example.com")
    Client().post(verification_link(smtp.to("guess@example.com")[0]))
    for _ in range(6):
        client.post("/accounts/login/", {"login": "guess@example.com", "password": "wrong-guess-1"})
    right = client.post("/accounts/login/", {"login": "guess@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session, "even the right password is refused for now"
    assert right.status_code == 429 or "너무 많은 로그인 실패" in right.content.decode()  # axes or allauth's limit
