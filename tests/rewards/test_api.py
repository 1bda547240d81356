"""/api/rewards/: a signed-in member's balances and ledger, in their language; nothing for anyone
else, and nothing of what earned the points (an internal post's comment stays internal)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db
SECRET = "분기예산초안"


def test_a_member_sees_their_points_arrive_and_the_rule_that_gave_them(person, article):
    mina = person("mina")
    assert Client().get("/api/rewards/me/").status_code == 401
    assert mina.get("/api/rewards/me/").json()["balances"] == [{"currency": "points", "name": "포인트", "balance": 0}]
    mina.post(f"/community/pages/{article.pk}/comments/", {"body": "첫 댓글"})  # held: a first comment
    assert mina.get("/api/rewards/me/").json()["balances"][0]["balance"] == 0
    boss = person("boss", staff=True)
    boss.post("/admin/community/moderation/", {"action": "approve", "comment": [
        c.pk for c in mina.member.comments.all()]})
    assert mina.get("/api/rewards/me/").json()["balances"][0]["balance"] == 5
    ledger = mina.get("/api/rewards/me/ledger/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert ledger["count"] == 1 and ledger["items"][0]["amount"] == 5
    assert ledger["items"][0]["what"] == "A comment is shown" and ledger["items"][0]["kind"] == "award"
    korean = mina.get("/api/rewards/me/ledger/", HTTP_ACCEPT_LANGUAGE="ko").json()
    assert korean["items"][0]["what"] == "댓글이 게시됨"


def test_bad_input_names_the_field_in_korean(person):
    mina = person("mina")
    wrong = mina.get("/api/rewards/me/ledger/", {"currency": "gold"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "currency" and "gold" in wrong.json()["errors"][0]["message"]
    assert mina.get("/api/rewards/me/ledger/", {"limit": 0}).status_code == 422


def test_points_for_a_comment_on_an_internal_post_never_show_what_it_was(person, tree):
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="내부 예산 회의",
                                         visibility="internal", body="<p>예산</p>")
    internal.save_revision().publish()
    staffer = person("staffer", staff=True)
    assert staffer.post(f"/community/pages/{internal.pk}/comments/", {"body": f"{SECRET} 공유"}).status_code == 302
    for response in (staffer.get("/api/rewards/me/"), staffer.get("/api/rewards/me/ledger/")):
        body = json.dumps(response.json(), ensure_ascii=False)
        assert SECRET not in body and "내부 예산 회의" not in body
    assert staffer.get("/api/rewards/me/ledger/").json()["count"] == 1  # the points are there, the post is not
    outsider = person("outsider")
    assert outsider.get("/api/rewards/me/ledger/").json()["count"] == 0
