"""The staff API: the inbox filtered, a label, a case made, replied to and resolved, the summary; not
for anyone who is not staff (so a mention about internal content never reaches them)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cms.models import Team
from listening.actions import Incoming, ingest, source_named
from listening.models import ComplaintType, Mention, Source

pytestmark = pytest.mark.django_db


def test_staff_work_the_inbox_through_the_api_and_others_are_refused(person):
    boss, mina = person("boss", staff=True), person("mina")
    source = source_named("X 보관함", Source.Kind.FILE)
    now = timezone.now()
    said = [("택배가 파손되어 왔어요 최악", "x"), ("정말 좋아요", "x"), ("내부 불량 보고", "kakao")]
    ingest(source, [Incoming(text=t, posted_at=now, channel=c, author=str(i), staff_only=(i == 2))
                    for i, (t, c) in enumerate(said)])
    assert mina.get("/api/listening/inbox/").status_code == 403
    assert boss.get("/api/listening/inbox/", {"channel": "x\x00"}).status_code == 422
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
    ComplaintType.objects.filter(slug="delivery").update(team=Team.objects.create(name="물류팀", slug="logistics"))
    case = boss.post(f"/api/listening/inbox/{complaint}/case/", {}, content_type="application/json").json()
    assert case["type"] == "delivery" and case["status"] == "new"
    for wanted, found in [({"status": "new"}, [complaint]), ({"status": "none", "channel": "x"}, ["정말 좋아요"]),
                          ({"type": "delivery"}, [complaint]), ({"team": "logistics"}, [complaint]),
                          ({"team": "logistics", "status": "resolved"}, []), ({"language": "en"}, [])]:
        items = boss.get("/api/listening/inbox/", wanted).json()["items"]
        assert [m["id"] if isinstance(found[0] if found else 0, int) else m["text"] for m in items] == found, wanted
    unknown = boss.post(f"/api/listening/inbox/{complaint}/case/", {"type": "nope"}, content_type="application/json")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "type"
    replied = boss.post(f"/api/listening/cases/{case['id']}/reply/", {"text": "교환해 드릴게요"},
                        content_type="application/json").json()
    assert replied["status"] == "answered" and replied["first_response_at"]
    done = boss.post(f"/api/listening/cases/{case['id']}/resolve/", {"text": "교환 완료"},
                     content_type="application/json").json()
    assert done["status"] == "resolved"
    from listening.actions.nps import answer
    from listening.models import NpsSurvey

    for i, score in enumerate((10, 9, 4)):
        answer(NpsSurvey.objects.create(email=f"n{i}@example.com", trigger="site", key="k"), score)
    figures = boss.get("/api/listening/summary/", {"days": 7}).json()
    assert figures["mentions"] == 3 and figures["by_sentiment"]["negative"] >= 1 and figures["within_sla"] == 1.0
    assert (figures["nps"], figures["nps_answers"], figures["advocates"]) == (33, 3, 0)
    assert boss.get("/api/listening/inbox/999999/label/").status_code == 405


def test_the_inbox_counts_up_to_a_cap_and_says_there_are_more(person, monkeypatch):
    from listening.actions import inbox_filter as inbox_rules

    boss = person("boss", staff=True)
    source = source_named("후기", Source.Kind.FILE)
    ingest(source, [Incoming(text=f"배송 문의 {n}", posted_at=timezone.now(), channel="x", author=str(n))
                    for n in range(4)])
    assert boss.get("/api/listening/inbox/").json() | {"items": []} == {"count": 4, "more": False, "items": []}
    monkeypatch.setattr(inbox_rules, "COUNT_CAP", 2)
    listed = boss.get("/api/listening/inbox/").json()
    assert (listed["count"], listed["more"], len(listed["items"])) == (2, True, 4)
    # The admin inbox counts up to the same cap: its pages end there (the rest is reached by filtering).
    from django.contrib.auth import get_user_model
    from django.test import Client

    from listening.wagtail_hooks import CappedPaginator

    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    page = admin.get("/admin/snippets/listening/mention/")
    assert page.status_code == 200 and page.context["paginator"].count == 2
    assert CappedPaginator(Mention.objects.all(), 1).num_pages == 2
