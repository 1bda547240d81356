"""Comments under pages: held first comments, replies one level deep, edits, deletions, helpful
marks, sanitising, limits, and the emails they set off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from community.actions import moderation
from community.models import Comment, ModerationLog, ModerationMode, Notification, PageTypePolicy, Reaction
from tests import factories

from .conftest import CommitClient, committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="talk", title="이야기가 있는 글")
    page.save_revision().publish()
    return page


def post(client, page, body, **extra):
    return client.post(f"/community/pages/{page.pk}/comments/", {"body": body, "next": page.url, **extra})


def trusted(client, page):
    """A member whose earlier comment a moderator approved (their next ones show at once)."""
    post(client, page, "처음 인사드립니다")
    committed(moderation.approve, _moderator(), Comment.objects.filter(author=client.member, status="pending"))
    mail.outbox.clear()
    return client


def _moderator():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="moderator", defaults={"is_staff": True,
                                                                                      "is_superuser": True})
    return user


def test_a_first_comment_waits_for_a_moderator_then_shows_and_its_author_is_told(person, article):
    mina = person("mina", language="en")
    answer = post(mina, article, "좋은 글 감사합니다!")
    assert answer.status_code == 302 and answer["Location"].endswith(f"#comment-{Comment.objects.get().pk}")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.held_reason == Comment.Held.FIRST
    assert "좋은 글 감사합니다" in mina.get(article.url).content.decode(), "the author sees it, marked held"
    assert "좋은 글 감사합니다" not in CommitClient().get(article.url).content.decode()
    committed(moderation.approve, _moderator(), [comment])
    assert "좋은 글 감사합니다" in CommitClient().get(article.url).content.decode()
    assert ModerationLog.objects.filter(action="approve", comment=comment).exists()
    [email] = mail.outbox
    assert email.to == ["mina@example.com"] and email.subject == "Your comment is now shown"
    assert f"#comment-{comment.pk}" in email.body


def test_replies_stay_one_level_deep_and_tell_the_person_replied_to(person, article):
    mina, joon = trusted(person("mina"), article), trusted(person("joon"), article)
    post(mina, article, "질문이 있어요")
    top = Comment.objects.filter(author=mina.member).last()
    post(joon, article, "답글입니다", parent=top.pk)
    reply = Comment.objects.filter(author=joon.member).last()
    post(mina, article, "답글의 답글", parent=reply.pk)
    second = Comment.objects.filter(author=mina.member).last()
    assert reply.parent_id == top.pk and second.parent_id == top.pk, "a reply to a reply joins the same thread"
    assert Notification.objects.filter(member=mina.member, kind="reply", comment=reply).exists()
    assert [m.to for m in mail.outbox] == [["mina@example.com"], ["joon@example.com"]]
    assert mail.outbox[0].subject == "Joon님이 내 댓글에 답글을 남겼습니다"
    assert mail.outbox[1].subject == "Mina님이 내 댓글에 답글을 남겼습니다", "the person actually replied to"


def test_a_mention_tells_the_member_and_links_nothing_dangerous(person, article):
    mina, joon = trusted(person("mina"), article), person("joon")
    post(mina, article, "@joon 이거 보세요 <script>alert(1)</script> [여기](javascript:alert(1)) https://example.com/x")
    comment = Comment.objects.filter(author=mina.member).last()
    assert '<span class="mention">@joon</span>' in comment.html
    assert "<script>" not in comment.html and "&lt;script&gt;" in comment.html
    assert "javascript:" not in comment.html
    assert 'href="https://example.com/x" rel="nofollow ugc noopener"' in comment.html
    assert Notification.objects.filter(member=joon.member, kind="mention").exists()
    assert mail.outbox[-1].to == ["joon@example.com"]


def test_new_members_may_post_one_link_only(person, article):
    mina = person("mina")
    refused = post(mina, article, "https://a.example https://b.example")
    assert refused.status_code == 400 and "링크" in refused.content.decode()
    assert "https://a.example https://b.example" in refused.content.decode(), "what they wrote is kept"
    assert not Comment.objects.exists()


def test_edit_within_fifteen_minutes_only(person, article):
    mina = trusted(person("mina"), article)
    post(mina, article, "오타가 있는 댓글")
    comment = Comment.objects.filter(author=mina.member).last()
    assert mina.post(f"/community/comments/{comment.pk}/edit/", {"body": "고친 댓글"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "고친 댓글" and comment.edited_at
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    late = mina.post(f"/community/comments/{comment.pk}/edit/", {"body": "또 고침"})
    assert late.status_code == 400 and "15분" in late.content.decode()
    joon = person("joon")
    assert joon.post(f"/community/comments/{comment.pk}/edit/", {"body": "남의 글"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "고친 댓글"


def test_deleting_or_removing_leaves_a_line_not_a_hole(person, article):
    mina, joon = trusted(person("mina"), article), trusted(person("joon"), article)
    post(mina, article, "지울 댓글")
    mine = Comment.objects.filter(author=mina.member).last()
    post(joon, article, "답글", parent=mine.pk)
    assert joon.post(f"/community/comments/{mine.pk}/delete/").status_code == 403
    mina.post(f"/community/comments/{mine.pk}/delete/")
    html = CommitClient().get(article.url).content.decode()
    assert "지울 댓글" not in html and "작성자가 삭제했습니다" in html and "답글" in html
    reply = Comment.objects.get(parent=mine)
    committed(moderation.hide, _moderator(), [reply], note="spam")
    html = CommitClient().get(article.url).content.decode()
    assert "운영자가 삭제했습니다" in html and ">답글<" not in html
    assert ModerationLog.objects.filter(action="hide", comment=reply, note="spam").exists()


def test_helpful_once_per_member_and_never_your_own(person, article):
    mina, joon = trusted(person("mina"), article), trusted(person("joon"), article)
    post(mina, article, "도움이 될 댓글")
    comment = Comment.objects.filter(author=mina.member).last()
    joon.post(f"/community/comments/{comment.pk}/helpful/")
    joon.post(f"/community/comments/{comment.pk}/helpful/")
    own = mina.post(f"/community/comments/{comment.pk}/helpful/")
    comment.refresh_from_db()
    assert comment.helpful_count == 1 and Reaction.objects.count() == 1
    assert own.status_code == 400


def test_honeypot_and_rate_limits_store_nothing(person, article, settings):
    mina = trusted(person("mina"), article)
    before = Comment.objects.count()
    post(mina, article, "봇이 쓴 글", website="http://spam.example")
    assert Comment.objects.count() == before
    cache.clear()  # forget the comment trusted() posted
    settings.COMMUNITY_RATE_LIMITS = {"comment_member": [(2, 86_400)]}
    assert post(mina, article, "하나").status_code == 302
    assert post(mina, article, "둘").status_code == 302
    third = post(mina, article, "셋")
    assert third.status_code == 429 and "다시 시도" in third.content.decode()
    assert not Comment.objects.filter(body="셋").exists()


def test_editors_switch_comments_per_page_and_per_page_type(person, article):
    from django.contrib.contenttypes.models import ContentType

    mina = trusted(person("mina"), article)
    policy = PageTypePolicy.objects.create(content_type=ContentType.objects.get_for_model(type(article)),
                                           moderation=ModerationMode.PRE)
    post(mina, article, "사전 검토 대상")
    assert Comment.objects.get(body="사전 검토 대상").held_reason == Comment.Held.PRE
    policy.comments_enabled = False
    policy.save()
    assert post(mina, article, "닫힘").status_code == 403
    policy.delete()
    article.comments_open = False
    article.save_revision().publish()
    refused = post(mina, article, "닫힘")
    assert refused.status_code == 403 and not Comment.objects.filter(body="닫힘").exists()
    assert 'id="comment-body"' not in mina.get(article.url).content.decode()


def test_unverified_and_anonymous_people_cannot_post(person, article):
    ghost = person("ghost", verified=False)
    assert post(ghost, article, "확인 안 됨").status_code == 403
    anonymous = post(CommitClient(), article, "익명")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Comment.objects.exists()
    assert "로그인하고 대화에 참여하세요" in CommitClient().get(article.url).content.decode()


def test_reports_from_three_members_hold_a_comment(person, article):
    mina = trusted(person("mina"), article)
    post(mina, article, "논란의 댓글")
    comment = Comment.objects.filter(author=mina.member).last()
    for name in ("a1", "a2", "a3"):
        person(name).post(f"/community/comments/{comment.pk}/report/", {"reason": "spam"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.held_reason == Comment.Held.REPORTED
    assert comment in moderation.queue()


def test_a_banned_member_cannot_post_and_their_held_comments_go(person, article):
    spammer = person("spammer")
    post(spammer, article, "광고입니다")
    committed(moderation.ban, _moderator(), [spammer.member])
    assert Comment.objects.get(body="광고입니다").status == Comment.Status.HIDDEN
    assert post(spammer, article, "또 광고").status_code == 403
    assert ModerationLog.objects.filter(action="ban", member=spammer.member).exists()


def test_the_report_link_opens_a_form_that_files_the_report(person, article):
    mina, joon = trusted(person("mina"), article), person("joon")
    post(mina, article, "신고될 댓글")
    comment = Comment.objects.filter(author=mina.member).last()
    page = joon.get(article.url).content.decode()
    assert f'href="/community/comments/{comment.pk}/report/"' in page
    form = joon.get(f"/community/comments/{comment.pk}/report/").content.decode()
    assert "신고될 댓글" in form and 'value="spam"' in form
    joon.post(f"/community/comments/{comment.pk}/report/", {"reason": "abuse", "note": "욕설"})
    report = comment.reports.get()
    assert report.reason == "abuse" and report.note == "욕설" and report.reporter == joon.member
    assert CommitClient().get(f"/community/comments/{comment.pk}/report/").status_code == 302, "sign in first"
