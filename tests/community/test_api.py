"""The community API: reading as the page allows, writing as a signed-in member (session + CSRF or an
allauth headless session token), 201 when shown, 202 when held, refusals that store nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from community.models import Comment, CommunityGroup, GroupKind, Membership, Thread
from tests import factories

from .conftest import CommitClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="api-talk", title="API 글")
    page.save_revision().publish()
    return page


def send(client, url, data, method="post", **headers):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json", **headers)


def test_anonymous_writes_get_401_and_reads_are_public(article):
    url = f"/api/community/pages/{article.pk}/comments/"
    refused = send(Client(), url, {"body": "익명 댓글", "parent": None})
    assert refused.status_code == 401 and refused.json()["errors"][0]["message"]
    listing = Client().get(url)
    assert listing.status_code == 200 and listing.json() == {"count": 0, "comment_count": 0, "items": []}
    assert not Comment.objects.exists()


def test_session_writes_need_the_csrf_token(person, article):
    mina = person("mina")
    strict = CommitClient(enforce_csrf_checks=True)
    strict.force_login(mina.member.user)
    url = f"/api/community/pages/{article.pk}/comments/"
    assert send(strict, url, {"body": "토큰 없음"}).status_code in (401, 403)
    strict.get(article.url)  # a page with the comment form hands out the CSRF cookie
    token = strict.cookies["csrftoken"].value
    held = send(strict, url, {"body": "첫 댓글", "parent": None}, HTTP_X_CSRFTOKEN=token)
    assert held.status_code == 202 and held.json()["status"] == "pending"


def test_a_headless_app_signs_in_and_comments_and_replies(person, article):
    mina, _joon = person("mina"), person("joon")
    Comment.objects.create(thread=Thread.objects.create(page=article), author=mina.member, body="x", html="<p>x</p>")
    login = send(Client(), "/api/auth/app/v1/auth/login", {"email": "mina@example.com",
                                                           "password": "pw-12345-long"})
    assert login.status_code == 200, login.content
    token = login.json()["meta"]["session_token"]
    url = f"/api/community/pages/{article.pk}/comments/"
    shown = send(CommitClient(), url, {"body": "앱에서 쓴 **댓글**", "parent": None}, HTTP_X_SESSION_TOKEN=token)
    assert shown.status_code == 201, shown.content
    body = shown.json()
    assert body["html"] == "<p>앱에서 쓴 <strong>댓글</strong></p>" and body["author"] == "Mina"
    joon_login = send(Client(), "/api/auth/app/v1/auth/login", {"email": "joon@example.com",
                                                                "password": "pw-12345-long"})
    reply = send(CommitClient(), url, {"body": "답글", "parent": body["id"]},
                 HTTP_X_SESSION_TOKEN=joon_login.json()["meta"]["session_token"])
    assert reply.status_code == 202, "joon's first comment waits for a moderator"
    listing = Client().get(url).json()
    assert [c["id"] for c in listing["items"]][-1] == body["id"]
    assert listing["items"][-1]["replies"] == [], "a held reply shows to nobody but its author"
    mine = Client().get(url, HTTP_X_SESSION_TOKEN=joon_login.json()["meta"]["session_token"]).json()
    assert [r["status"] for r in mine["items"][-1]["replies"]] == ["pending"]


def test_bad_input_is_a_400_naming_the_field_in_the_callers_language(person, article):
    mina = person("mina")
    url = f"/api/community/pages/{article.pk}/comments/"
    empty = send(mina, url, {"body": "   ", "parent": None}, HTTP_ACCEPT_LANGUAGE="en")
    assert empty.status_code == 400
    assert empty.json()["errors"] == [{"field": "body", "message": "Write something first."}]
    korean = send(mina, url, {"body": "x" * 5001})
    assert korean.status_code == 400 and korean.json()["errors"][0]["message"] == "5000자 이내로 써 주세요."
    gone = send(mina, url, {"body": "답", "parent": 999999})
    assert gone.status_code == 400 and gone.json()["errors"][0]["field"] == "parent"
    wrong_type = send(mina, url, {"body": 5})
    assert wrong_type.status_code == 422
    assert not Comment.objects.exists()


def test_internal_posts_threads_are_staff_only_in_the_api(person, tree):
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="기밀", visibility="internal")
    internal.save_revision().publish()
    boss = person("boss", staff=True)
    url = f"/api/community/pages/{internal.pk}/comments/"
    assert send(boss, url, {"body": "내부 의견"}).status_code == 201
    assert Client().get(url).status_code == 404
    member = person("member")
    assert member.get(url).status_code == 404
    assert send(member, url, {"body": "몰래"}).status_code == 404
    staff_view = boss.get(url).json()
    assert staff_view["items"][0]["official"] is True and "내부 의견" in staff_view["items"][0]["html"]


def test_group_threads_questions_and_accepted_answers(person, tree):
    group = CommunityGroup.objects.create(name="질문방", slug="qna", kind=GroupKind.PUBLIC)
    asker, helper = person("asker"), person("helper")
    for client in (asker, helper):
        Membership.objects.create(group=group, member=client.member)
    outsider = person("outsider")
    refused = send(outsider, "/api/community/groups/qna/threads/", {"title": "질문", "body": "내용"})
    assert refused.status_code == 403
    for client in (asker, helper):  # each has an approved comment already: no first-comment hold
        page_thread = Thread.objects.create(page=factories.ArticlePageFactory(parent=tree.articles))
        Comment.objects.create(thread=page_thread, author=client.member, body="x", html="x")
    started = send(asker, "/api/community/groups/qna/threads/",
                   {"title": "검색이 느려요", "body": "어떻게 하나요?", "kind": "question"})
    assert started.status_code == 201, started.content
    thread_id = started.json()["id"]
    answer = send(helper, f"/api/community/threads/{thread_id}/comments/", {"body": "색인을 다시 만드세요"})
    assert answer.status_code == 201
    answer_id = answer.json()["id"]
    not_yours = send(helper, f"/api/community/threads/{thread_id}/accepted/", {"comment": answer_id}, "put")
    assert not_yours.status_code == 403
    accepted = send(asker, f"/api/community/threads/{thread_id}/accepted/", {"comment": answer_id}, "put")
    assert accepted.status_code == 200 and accepted.json()["accepted"] == answer_id
    listing = Client().get("/api/community/groups/qna/threads/").json()
    assert listing["items"][0]["title"] == "검색이 느려요" and listing["items"][0]["accepted"] == answer_id
    html = Client().get(f"/groups/qna/threads/{thread_id}/").content.decode()
    assert '"@type":"QAPage"' in html and '"acceptedAnswer"' in html and "색인을 다시 만드세요" in html


def test_a_closed_groups_threads_stay_inside(person):
    group = CommunityGroup.objects.create(name="비공개", slug="inner", kind=GroupKind.CLOSED)
    insider = person("insider")
    Membership.objects.create(group=group, member=insider.member)
    thread = Thread.objects.create(group=group, title="내부 이야기", author=insider.member)
    thread.opening = Comment.objects.create(thread=thread, author=insider.member, body="비밀", html="<p>비밀</p>")
    thread.save()
    assert Client().get("/api/community/groups/inner/threads/").status_code == 404
    assert Client().get(f"/api/community/threads/{thread.pk}/comments/").status_code == 404
    assert Client().get(f"/groups/inner/threads/{thread.pk}/").status_code == 404
    assert "내부 이야기" not in Client().get("/groups/inner/").content.decode()
    assert insider.get(f"/groups/inner/threads/{thread.pk}/").status_code == 200
