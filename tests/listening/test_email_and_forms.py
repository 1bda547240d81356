"""Inbound email (anymail's Mailgun webhook, signed as Mailgun signs it) and the site's own forms (the
wizard's contact requests, landing pages' messages) reach the inbox once, with their mood; a case's
reply to them goes back by email, through a real SMTP server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import LandingFormField, LandingFormSubmission
from listening.actions import collect_site_forms, open_case, reply
from listening.actions.email import what_they_wrote
from listening.models import CaseReply, Mention, Source
from shop_wizard.models import ContactRequest
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/anymail/mailgun/inbound_mime/"


def _mime(sender: str, body: str, *, message_id: str = "<m1@mail.example.com>", **headers) -> str:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "hello@example.com", "배송 문의"
    message["Message-ID"], message["Date"] = message_id, "Fri, 04 Dec 2026 10:15:00 +0900"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_string()


def _post(client, mime: str, *, key: str | None = None, auth: str = "inbound:test-secret"):
    key = key or settings.ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"]
    token, timestamp = "a" * 50, str(int(time.time()))
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return client.post(URL, {"body-mime": mime, "token": token, "timestamp": timestamp, "signature": signature,
                             "recipient": "hello@example.com", "sender": "x@example.com"},
                       HTTP_AUTHORIZATION="Basic " + base64.b64encode(auth.encode()).decode())


def test_a_signed_inbound_email_becomes_one_mention_without_the_quoted_history(client):
    body = ("주문한 지 열흘이 지났는데 아직도 배송이 안 됐어요. 너무 실망입니다.\n\n"
            "2026년 12월 1일 (화) 오전 9:00, 소통마케팅 <hello@example.com>님이 작성:\n"
            "> 주문해 주셔서 감사합니다. 곧 보내 드립니다.\n")
    assert _post(client, _mime("김고객 <kim@example.net>", body)).status_code == 200
    mention = Mention.objects.get()
    assert mention.source.kind == Source.Kind.EMAIL and mention.channel == "email"
    assert mention.text.startswith("주문한 지 열흘") and "감사합니다" not in mention.text
    assert mention.sentiment == "negative" and mention.author == "kim@example.net"
    assert mention.raw["email"] == "kim@example.net" and mention.raw["subject"] == "배송 문의"
    assert mention.posted_at.isoformat().startswith("2026-12-04T01:15")  # the Date header, in UTC
    assert _post(client, _mime("김고객 <kim@example.net>", body)).status_code == 200  # the provider retried
    assert Mention.objects.count() == 1


def test_a_wrong_signature_or_missing_basic_auth_is_refused_and_stores_nothing(client):
    mime = _mime("kim@example.net", "환불해 주세요")
    assert _post(client, mime, key="someone-elses-key").status_code == 400
    assert _post(client, mime, auth="inbound:wrong").status_code == 400
    assert not Mention.objects.exists()


def test_auto_replies_and_our_own_mail_are_not_mentions(client):
    assert _post(client, _mime("kim@example.net", "부재중입니다.", Auto_Submitted="auto-replied")).status_code == 200
    assert _post(client, _mime("소통마케팅 <hello@example.com>", "보낸 편지가 돌아왔습니다",
                               message_id="<m2@x>")).status_code == 200
    assert not Mention.objects.exists()


@pytest.mark.parametrize(("body", "kept"), [
    ("Thanks, it works now!\n\nOn Tue, Dec 1, 2026 at 9:00 AM Support <s@example.com> wrote:\n> Try again",
     "Thanks, it works now!"),
    ("좋아요\n-----Original Message-----\nFrom: s@example.com\n이전 내용", "좋아요"),
    ("> 인용만\n그리고 제 답입니다", "그리고 제 답입니다"),
])
def test_what_they_wrote_stops_at_the_quoted_message(body, kept):
    assert what_they_wrote(body) == kept


def test_a_case_from_an_email_is_answered_by_email_over_smtp(client, smtp):
    _post(client, _mime("김고객 <kim@example.net>", "배송이 너무 늦어요, 화가 납니다"))
    staff = get_user_model().objects.create_superuser("care", "care@example.com", "pw-12345-long")
    case = open_case(Mention.objects.get(), user=staff)
    made = reply(case, staff, "늦어서 죄송합니다. 오늘 출발했습니다.")
    assert made.channel == CaseReply.Channel.EMAIL
    sent = smtp.to("kim@example.net")
    assert len(sent) == 1 and "오늘 출발했습니다" in sent[0].get_content()


def test_wizard_contacts_and_landing_messages_are_gathered_once(tree, smtp):
    ContactRequest.objects.create(name="이하나", email="Hana@Example.com", message="맞는 제품이 없어서 실망했어요")
    page = factories.LandingPageFactory(parent=tree.home, slug="ask")
    LandingFormField.objects.create(page=page, label="문의 내용", field_type="multiline", sort_order=2,
                                    field_key="message")
    quiet = factories.LandingPageFactory(parent=tree.home, slug="quiet")  # name and email only: nothing said
    email = LandingFormField.objects.get(page=page, field_type="email").clean_name  # from the Korean label
    LandingFormSubmission.objects.create(page=page, form_data={"name": "박", email: "park@example.com",
                                                               "message": "설명이 정말 친절하고 좋았어요"})
    LandingFormSubmission.objects.create(page=page, form_data={"name": "최", email: "choi@example.com",
                                                               "message": "  "})
    LandingFormSubmission.objects.create(page=quiet, form_data={"name": "정", email: "jung@example.com"})
    assert collect_site_forms() == 0  # not yet: a form is taken once it has settled (half a minute)
    later = timezone.now() + timedelta(minutes=1)
    assert collect_site_forms(later) == 2 and collect_site_forms(later) == 0
    wizard = Mention.objects.get(channel="wizard")
    landing = Mention.objects.get(channel="landing")
    assert wizard.source.kind == Source.Kind.SITE and wizard.sentiment == "negative"
    assert wizard.raw["email"] == "Hana@Example.com" and wizard.author == "hana@example.com"
    assert landing.sentiment == "positive" and landing.raw["email"] == "park@example.com"
    assert landing.raw["page"] == page.pk and landing.url.endswith("/ask/")
    ContactRequest.objects.create(email="new@example.com", message="언제 입고되나요?")
    assert collect_site_forms(later + timedelta(minutes=1)) == 1  # a later one: gathered by the next run

    staff = get_user_model().objects.create_superuser("care", "care@example.com", "pw-12345-long")
    reply(open_case(wizard, user=staff), staff, "맞는 제품을 찾아 드릴게요.")
    assert len(smtp.to("Hana@Example.com")) == 1
