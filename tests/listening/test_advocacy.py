"""Advocacy: an accepted answer by a member who is not staff, helpful marks they received, a positive
reply in a thread that started negative and a recommendation are each recorded once (an answer no
longer accepted is withdrawn); defending and recommending earn points by the rewards' advocacy rule;
the advocate list ranks people by it, and contributions on an internal post stay with staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from community.models import Comment, CommunityGroup, GroupKind, Reaction, Thread
from listening.actions import Incoming, collect_advocacy, collect_community, ingest, source_named
from listening.models import Contribution, Mention, Source
from rewards.actions.ledger import balance
from tests import factories

pytestmark = pytest.mark.django_db


def _say(thread, member, body, **extra):
    return Comment.objects.create(thread=thread, author=member, body=body, html=body, **extra)


@pytest.fixture
def talk(person, tree):
    mina, hana, jun, boss = person("mina"), person("hana"), person("jun"), person("boss", staff=True)
    article = factories.ArticlePageFactory(parent=tree.articles, slug="open", title="공개 글")
    article.save_revision().publish()
    group = CommunityGroup.objects.create(name="질문방", slug="qna", kind=GroupKind.PUBLIC)
    question = Thread.objects.create(group=group, kind=Thread.Kind.QUESTION, title="텀블러 세척은 어떻게 하나요?",
                                     author=mina.member)
    _say(question, mina.member, "텀블러 세척은 어떻게 하나요?")
    answer = _say(question, hana.member, "뚜껑을 분리해서 미지근한 물로 씻으면 됩니다")
    Thread.objects.filter(pk=question.pk).update(accepted=answer)
    Reaction.objects.create(comment=answer, member=mina.member)
    Reaction.objects.create(comment=answer, member=jun.member)
    thread, _made = Thread.objects.get_or_create(page=article)
    _say(thread, mina.member, "배송이 너무 늦어서 정말 실망했어요")
    _say(thread, jun.member, "저는 빨리 받았고 품질도 정말 좋아요, 강력 추천합니다")
    _say(thread, boss.member, "불편을 드려 죄송합니다. 정말 좋은 하루 되세요", official=True)
    return {"mina": mina, "hana": hana, "jun": jun, "boss": boss, "question": question, "answer": answer,
            "article": article}


def test_each_contribution_is_recorded_once_and_a_withdrawn_answer_goes(talk, django_capture_on_commit_callbacks):
    collect_community()
    with django_capture_on_commit_callbacks(execute=True):
        assert collect_advocacy() == 5
    assert collect_advocacy() == 0  # once
    found = sorted(Contribution.objects.values_list("author", "kind"))
    assert found == [("hana", "answer"), ("hana", "helpful"), ("hana", "helpful"), ("jun", "defence"),
                     ("jun", "recommendation")]  # nothing for staff's official reply, nothing for the asker
    # The rewards' advocacy rule paid jun for defending and recommending (answers earn by their own rule).
    assert balance(talk["jun"].member) >= 20 and balance(talk["hana"].member) == 0
    Thread.objects.filter(pk=talk["question"].pk).update(accepted=None)
    Reaction.objects.filter(member=talk["jun"].member).delete()
    collect_advocacy()
    assert sorted(Contribution.objects.values_list("author", "kind")) == [
        ("hana", "helpful"), ("jun", "defence"), ("jun", "recommendation")]


def test_an_outside_reply_defending_us_is_found_by_its_parent():
    source = source_named("X 보관함", Source.Kind.FILE)
    now = timezone.now()
    made = ingest(source, [Incoming(text="이 앱 로그인 오류 때문에 최악이에요", posted_at=now - timedelta(hours=2),
                                    channel="x", author="angry"),
                           Incoming(text="업데이트하니 잘 돼요, 정말 좋아요", posted_at=now, channel="x",
                                    author="fan")]).created
    Mention.objects.filter(pk=made[1].pk).update(parent=made[0])
    assert collect_advocacy() == 1
    defence = Contribution.objects.get()
    assert (defence.kind, defence.author, defence.member) == ("defence", "fan", None)


def test_the_advocate_list_ranks_people_and_keeps_internal_ones_with_staff(talk, tree, person):
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="기밀", visibility="internal")
    internal.save_revision().publish()
    thread, _made = Thread.objects.get_or_create(page=internal)
    _say(thread, talk["mina"].member, "이번 일정은 최악이에요")
    soo = person("soo")
    _say(thread, soo.member, "저는 정말 좋았어요 추천해요")
    collect_community()
    collect_advocacy()
    boss = Client()
    boss.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    html = boss.get("/admin/listening/advocates/").content.decode()
    assert html.index('data-advocate="hana"') < html.index('data-advocate="jun"')  # 3 + 1 + 1 before 2 + 2
    assert 'data-advocate="soo"' in html and "/admin/snippets/community/member/edit/" in html

    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw-12345-long")
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_mention"]))
    boss.force_login(editor)
    html = boss.get("/admin/listening/advocates/").content.decode()
    assert 'data-advocate="hana"' in html and 'data-advocate="soo"' not in html  # not staff
