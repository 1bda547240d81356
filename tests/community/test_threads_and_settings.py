"""Group threads from the site's forms, answers that tell the asker, the member's email settings, and
the conversation on an English page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from community.models import Comment, CommunityGroup, GroupKind, Membership, Notification, Thread
from tests import factories

from .conftest import CommitClient

pytestmark = pytest.mark.django_db


def trusted(client, tree):
    thread = Thread.objects.create(page=factories.ArticlePageFactory(parent=tree.articles))
    Comment.objects.create(thread=thread, author=client.member, body="x", html="x")
    return client


@pytest.fixture
def group(db):
    return CommunityGroup.objects.create(name="질문방", slug="qna", kind=GroupKind.PUBLIC)


def test_members_start_a_question_on_the_site_and_the_asker_is_told_of_answers(person, group, tree):
    asker, helper, outsider = trusted(person("asker"), tree), trusted(person("helper"), tree), person("outsider")
    for client in (asker, helper):
        Membership.objects.create(group=group, member=client.member)
    refused = outsider.post("/groups/qna/threads/", {"title": "몰래", "body": "질문", "kind": "question"})
    assert refused.status_code == 403 and not Thread.objects.filter(group=group).exists()
    started = asker.post("/groups/qna/threads/", {"title": "환불은 어떻게 하나요?", "body": "주문을 취소하고 싶어요.",
                                                  "kind": "question"})
    thread = Thread.objects.get(group=group)
    assert started.status_code == 302 and started["Location"] == thread.get_absolute_url()
    assert "환불은 어떻게 하나요?" in Client().get("/groups/qna/").content.decode()
    helper.post(f"/community/threads/{thread.pk}/comments/", {"body": "주문 내역에서 취소를 누르세요."})
    answer = Comment.objects.get(thread=thread, author=helper.member)
    assert Notification.objects.filter(member=asker.member, kind="answer", comment=answer).exists()
    assert mail.outbox[-1].to == ["asker@example.com"] and "답했습니다" in mail.outbox[-1].subject
    asker.post(f"/community/threads/{thread.pk}/accepted/", {"comment": answer.pk})
    thread.refresh_from_db()
    assert thread.accepted_id == answer.pk
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "채택된 답변" in page and '"acceptedAnswer"' in page


def test_a_member_who_turns_off_reply_emails_is_listed_but_not_emailed(person, tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="quiet", title="조용한 글")
    page.save_revision().publish()
    mina, joon = trusted(person("mina"), tree), trusted(person("joon"), tree)
    answer = mina.post("/accounts/profile/", {"display_name": "Mina", "handle": "@Mina_K", "bio": "",
                                              "language": "ko", "notify_answer": "on", "notify_mention": "on",
                                              "notify_approved": "on"})
    assert answer.status_code == 302
    mina.member.refresh_from_db()
    assert mina.member.handle == "mina_k" and mina.member.notify_reply is False
    mina.post(f"/community/pages/{page.pk}/comments/", {"body": "의견입니다"})
    top = Comment.objects.get(author=mina.member, thread__page=page)
    mail.outbox.clear()
    joon.post(f"/community/pages/{page.pk}/comments/", {"body": "동의해요 @mina_k", "parent": top.pk})
    assert Notification.objects.filter(member=mina.member, kind="reply").exists()
    assert not mail.outbox, "reply emails are off (and a mention in a reply is one notification, not two)"
    listing = mina.get("/accounts/notifications/").content.decode()
    assert "Joon" in listing and "답글을 남겼습니다" in listing


def test_handles_are_unique(person):
    _mina, joon = person("mina"), person("joon")
    taken = joon.post("/accounts/profile/", {"display_name": "Joon", "handle": "mina", "language": "ko"})
    assert taken.status_code == 400 and "이미 다른 사람이" in taken.content.decode()


def test_an_english_page_has_its_conversation_in_english(tree, person):
    page = factories.ArticlePageFactory(parent=tree.home_en, slug="talk-en", title="Talk",
                                        locale=tree.home_en.locale)
    page.save_revision().publish()
    html = CommitClient().get(page.url).content.decode()
    assert "Sign in to join the conversation" in html and "No comments yet" in html
    reader = person("reader", language="en")
    reader.post(f"/community/pages/{page.pk}/comments/", {"body": "Hello there"})
    shown = reader.get(page.url).content.decode()
    assert "Hello there" in shown and "Waiting for a moderator" in shown
