"""The webhook: a source's token made in the admin (shown once) lets an integration send mentions;
an item sent again is stored once; a bad item is a 422 naming it and nothing of the request is stored."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from listening.models import Mention

pytestmark = pytest.mark.django_db


def send(token, items):
    return Client(HTTP_X_LISTENING_TOKEN=token).post("/api/listening/mentions/", json.dumps({"items": items}),
                                                     content_type="application/json")


def test_an_integration_sends_mentions_with_its_token_once_each_and_whole_or_not_at_all():
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    made = admin.post("/admin/listening/webhooks/", {"name": "카카오 채널 연동"})
    token = made.context["shown"]
    assert token in made.content.decode() and token not in admin.get("/admin/listening/webhooks/").content.decode()
    items = [{"text": "상담원이 친절하게 해결해 줬어요", "posted_at": "2026-12-01T10:00:00+09:00", "author": "kakao:1",
              "id": "k-1", "channel": "kakao"},
             {"text": "The app keeps crashing", "posted_at": "2026-12-01T11:00:00+09:00", "id": "k-2"}]
    first = send(token, items)
    assert first.status_code == 200 and first.json() == {"created": 2, "duplicates": 0}
    assert send(token, items).json() == {"created": 0, "duplicates": 2}
    assert dict(Mention.objects.values_list("external_id", "sentiment")) == {"k-1": "positive", "k-2": "negative"}
    bad = send(token, [{"text": "괜찮아요", "posted_at": "2026-12-02T10:00:00+09:00", "id": "k-3"},
                       {"text": "", "posted_at": "어제", "id": "k-4"}])
    assert bad.status_code == 422 and any("items" in str(e["field"]) for e in bad.json()["errors"])
    assert not Mention.objects.filter(external_id__in=["k-3", "k-4"]).exists()  # whole or not at all
    assert send("wrong", items).status_code == 401
    admin.post("/admin/listening/webhooks/", {"name": "카카오 채널 연동"})  # a new token: the old one stops
    assert send(token, items).status_code == 401
