"""The staff API: the inbox filtered, a label, a case made, replied to and resolved, the summary; not
for anyone who is not staff (so a mention about internal content never reaches them)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from listening.actions import Incoming, ingest, source_named
from listening.models import Source

pytestmark = pytest.mark.django_db


def test_staff_work_the_inbox_through_the_api_and_others_are_refused(person):
    boss, mina = person("boss", staff=True), person("mina")
    source = source_named("X 보관함", Source.Kind.FILE)
    now = timezone.now()
    said = [("택배가 파손되어 왔어요 최악", "x"), ("정말 좋아요", "x"), ("내부 불량 보고", "kakao")]
    ingest(source, [Incoming(text=t, posted_at=now, channel=c, author=str(i), staff_only=(i == 2))
                    for i, (t, c) in enumerate(said)])
    assert mina.get("/api/listening/inbox/").status_code == 403
    assert mina.get("/api/listening/summary/").status_code == 403
    listed = boss.get("/api/listening/inbox/", {"sentiment": "negative", "channel": "x"}).json()
    assert listed["count"] == 1 and listed["items"][0]["complaint_type"] == "delivery"
    complaint = listed["items"][0]["id"]
    bad = boss.post(f"/api/listening/inbox/{complaint}/label/", {"sentiment": "angry"},
                    content_type="application/json")
    assert bad.status_code == 422
    labelled = boss.post(f"/api/listening/inbox/{complaint}/label/", {"sentiment": "negative"},
                         content_type="application/json").json()
    assert labelled["sentiment_by"] == "staff"
    case = boss.post(f"/api/listening/inbox/{complaint}/case/", {}, content_type="application/json").json()
    assert case["type"] == "delivery" and case["status"] == "new"
    unknown = boss.post(f"/api/listening/inbox/{complaint}/case/", {"type": "nope"}, content_type="application/json")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "type"
    replied = boss.post(f"/api/listening/cases/{case['id']}/reply/", {"text": "교환해 드릴게요"},
                        content_type="application/json").json()
    assert replied["status"] == "answered" and replied["first_response_at"]
    done = boss.post(f"/api/listening/cases/{case['id']}/resolve/", {"text": "교환 완료"},
                     content_type="application/json").json()
    assert done["status"] == "resolved"
    figures = boss.get("/api/listening/summary/", {"days": 7}).json()
    assert figures["mentions"] == 3 and figures["by_sentiment"]["negative"] >= 1 and figures["within_sla"] == 1.0
    assert boss.get("/api/listening/inbox/999999/label/").status_code == 405
