"""The community's comments are gathered into the inbox once, with their mood; a comment on an
internal post is staff-only there, never shown to an admin user who is not staff."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from community.models import Comment, Thread
from listening.actions import collect_community
from listening.models import Mention
from tests import factories

pytestmark = pytest.mark.django_db


def test_shown_comments_become_mentions_once_and_internal_ones_stay_with_staff(person, tree):
    mina = person("mina")
    public = factories.ArticlePageFactory(parent=tree.articles, slug="open", title="공개 글")
    public.save_revision().publish()
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="기밀 보고", visibility="internal")
    internal.save_revision().publish()
    said = ((public, "정말 유익한 글이에요, 감사합니다"), (internal, "이번 분기 불량률이 너무 높아 걱정입니다"))
    for page, text in said:
        thread, _made = Thread.objects.get_or_create(page=page)
        Comment.objects.create(thread=thread, author=mina.member, body=text, html=text)
    held = Comment.objects.create(thread=Thread.objects.get(page=public), author=mina.member, body="보류",
                                  html="보류", status=Comment.Status.PENDING)
    assert collect_community() == 2 and collect_community() == 0  # once
    open_one, secret = Mention.objects.get(staff_only=False), Mention.objects.get(staff_only=True)
    assert open_one.sentiment == "positive" and secret.sentiment == "negative"
    assert open_one.author == "mina" and open_one.channel == "comment" and "#comment-" in open_one.url
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.APPROVED)
    assert collect_community() == 1  # approved later: gathered then

    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw-12345-long")
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_mention"]))
    client = Client()
    client.force_login(editor)
    inbox = client.get("/admin/snippets/listening/mention/").content.decode()
    assert "유익한 글" in inbox and "불량률" not in inbox  # not staff: the internal post's comment is not there
    assert client.get(f"/admin/snippets/listening/mention/inspect/{secret.pk}/").status_code in (302, 403, 404)
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")
    client.force_login(boss)
    assert "불량률" in client.get("/admin/snippets/listening/mention/").content.decode()
