"""A comment under an internal (기밀) post reaches staff only: every surface is walked as an anonymous
visitor and as a signed-in member who is not staff. And a public thread's words find its page."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from cms.listing import related_pages
from community.models import Notification
from search.suggest import suggest
from tests import factories

from .conftest import CommitClient

pytestmark = pytest.mark.django_db
SECRET = "삼각김밥예산안"  # a word that appears nowhere but in the internal comment


def text(response) -> str:
    """What a reader gets, with JSON's escaped characters read back."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.fixture
def internal_thread(person, tree):
    public = factories.ArticlePageFactory(parent=tree.articles, slug="open", title="공개 글",
                                          body=[("paragraph", "<p>예산 이야기</p>")])
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="내부 회의",
                                         visibility="internal", body="<p>예산 이야기</p>")
    for page in (public, internal):
        page.save_revision().publish()
    boss = person("boss", staff=True)
    member = person("member")
    answer = boss.post(f"/community/pages/{internal.pk}/comments/", {"body": f"{SECRET} 검토 부탁 @member"})
    assert answer.status_code == 302
    call_command("search_rebuild", verbosity=0)
    return public, internal, boss, member


def test_an_internal_comment_reaches_no_one_but_staff(internal_thread):
    public, internal, boss, member = internal_thread
    assert SECRET in boss.get(internal.url).content.decode()
    assert SECRET in text(boss.get(f"/api/community/pages/{internal.pk}/comments/"))
    assert SECRET in boss.get("/search/", {"q": SECRET}).content.decode(), "staff find it"
    for who, client in (("anonymous", Client()), ("member", member)):
        urls = [internal.url, f"/api/community/pages/{internal.pk}/comments/", "/search/?q=" + SECRET,
                "/api/search/?q=" + SECRET, "/api/search/suggest/?q=" + SECRET[:3], "/feeds/rss.xml",
                "/feeds/atom.xml",
                "/sitemap.xml", public.url, "/posts/", "/accounts/notifications/"]
        for url in urls:
            seen = text(client.get(url))
            if "search/?q=" in url:  # search repeats the query; what matters is what it found
                seen = seen.replace(f"“{SECRET}”", "").replace(f'value="{SECRET}"', "").replace(
                    f'"query": "{SECRET}"', "")
            assert SECRET not in seen and "posts/secret" not in seen, f"{who} saw it at {url}"
    assert all(SECRET not in s["text"] for s in suggest(SECRET[:3], language="ko"))
    assert internal.pk not in [p.pk for p in related_pages(public, None)]
    assert not Notification.objects.filter(member=member.member).exists(), "a mention does not leak it"
    assert not mail.outbox


def test_a_threads_words_find_its_page(person, tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="plain", title="평범한 글",
                                        body=[("paragraph", "<p>아무 이야기</p>")])
    page.save_revision().publish()
    boss = person("boss", staff=True)
    call_command("search_rebuild", verbosity=0)
    assert "평범한 글" not in Client().get("/search/", {"q": "돌하르방"}).content.decode()
    boss.post(f"/community/pages/{page.pk}/comments/", {"body": "제주 돌하르방 사진도 보고 싶어요"})
    found = CommitClient().get("/search/", {"q": "돌하르방"}).content.decode()
    assert "평범한 글" in found


def test_group_threads_are_found_by_who_may_read_them(person):
    from community.models import Comment, CommunityGroup, GroupKind, Membership, Thread

    open_group = CommunityGroup.objects.create(name="공개방", slug="open", kind=GroupKind.PUBLIC)
    closed = CommunityGroup.objects.create(name="비밀방", slug="closed", kind=GroupKind.CLOSED)
    insider = person("insider")
    Membership.objects.create(group=closed, member=insider.member)
    for group, title in ((open_group, "공개 스레드 고구마"), (closed, "비밀 스레드 고구마")):
        thread = Thread.objects.create(group=group, title=title, author=insider.member)
        thread.opening = Comment.objects.create(thread=thread, author=insider.member, body="고구마 이야기",
                                                html="<p>고구마 이야기</p>")
        thread.save()
    anonymous = Client().get("/search/", {"q": "고구마"}).content.decode()
    assert "공개 스레드 고구마" in anonymous and "비밀 스레드 고구마" not in anonymous
    assert "비밀 스레드 고구마" in insider.get("/search/", {"q": "고구마"}).content.decode()
