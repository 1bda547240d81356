"""The moderation queue in the admin: counts on the dashboard, bulk approve / remove / dismiss / ban,
and a log of every step."""

from __future__ import annotations

import pytest
from django.core import mail

from community.models import Comment, ModerationLog, Report, Thread
from tests import factories

from .conftest import CommitClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(person, tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="mod", title="검토할 글")
    page.save_revision().publish()
    thread = Thread.objects.create(page=page)
    people = [person(name) for name in ("one", "two", "three")]
    comments = [Comment.objects.create(thread=thread, author=p.member, body=f"댓글 {i}", html=f"<p>댓글 {i}</p>",
                                       status=Comment.Status.PENDING, held_reason=Comment.Held.FIRST)
                for i, p in enumerate(people)]
    return page, comments, people


@pytest.fixture
def moderator(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("mod", "mod@example.com", "pw")
    client = CommitClient()
    client.force_login(user)
    return client


def test_the_dashboard_counts_what_waits_and_links_to_the_queue(moderator, held):
    home = moderator.get("/admin/").content.decode()
    assert "3 보류 · 0 신고" in home and "/admin/community/moderation/" in home
    queue = moderator.get("/admin/community/moderation/").content.decode()
    assert all(f"댓글 {i}" in queue for i in range(3))


def test_bulk_approve_and_remove_with_a_note_in_the_log(moderator, held):
    page, comments, _people = held
    answer = moderator.post("/admin/community/moderation/", {"comment": [comments[0].pk, comments[1].pk],
                                                             "action": "approve", "note": "좋음"})
    assert answer.status_code == 302
    moderator.post("/admin/community/moderation/", {"comment": [comments[2].pk], "action": "hide"})
    statuses = [Comment.objects.get(pk=c.pk).status for c in comments]
    assert statuses == ["approved", "approved", "hidden"]
    assert ModerationLog.objects.filter(action="approve", note="좋음").count() == 2
    assert ModerationLog.objects.filter(action="hide", comment=comments[2]).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.com", "two@example.com"]
    html = CommitClient().get(page.url).content.decode()
    assert "댓글 0" in html and "댓글 1" in html and "댓글 2" not in html and "운영자가 삭제했습니다" in html


def test_ban_from_the_queue_and_lift_it(moderator, held):
    _page, comments, people = held
    moderator.post("/admin/community/moderation/", {"comment": [comments[0].pk], "action": "ban"})
    member = people[0].member
    member.refresh_from_db()
    assert member.banned_at and Comment.objects.get(pk=comments[0].pk).status == "hidden"
    moderator.post(f"/admin/community/members/{member.pk}/unban/")
    member.refresh_from_db()
    assert member.banned_at is None
    assert list(ModerationLog.objects.filter(member=member).values_list("action", flat=True).order_by("id")) == [
        "ban", "hide", "unban"]


def test_reported_comments_come_to_the_queue_and_can_be_dismissed(moderator, held, person):
    _page, comments, people = held
    shown = comments[0]
    Comment.objects.filter(pk=shown.pk).update(status="approved")
    Report.objects.create(comment=shown, reporter=people[1].member, reason="spam")
    assert "1 신고" in moderator.get("/admin/community/moderation/").content.decode()
    moderator.post("/admin/community/moderation/", {"comment": [shown.pk], "action": "dismiss"})
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert Comment.objects.get(pk=shown.pk).status == "approved"


def test_members_and_editors_without_staff_cannot_moderate(held, person):
    outsider = person("outsider")
    _page, comments, _people = held
    refused = outsider.post("/admin/community/moderation/", {"comment": [comments[0].pk], "action": "approve"})
    assert refused.status_code == 302 and "/admin/login" in refused["Location"]
    assert Comment.objects.get(pk=comments[0].pk).status == "pending"
    assert not ModerationLog.objects.exists()


def test_the_log_and_the_settings_are_in_the_admin_and_the_log_cannot_be_edited(moderator, held):
    _page, comments, _people = held
    moderator.post("/admin/community/moderation/", {"comment": [comments[0].pk], "action": "hide", "note": "광고"})
    log = moderator.get("/admin/snippets/community/moderationlog/")
    assert log.status_code == 200 and "광고" in log.content.decode()
    entry = ModerationLog.objects.get()
    assert moderator.get(f"/admin/snippets/community/moderationlog/inspect/{entry.pk}/").status_code == 200
    assert moderator.get("/admin/snippets/community/moderationlog/add/").status_code in (302, 403, 404)
    settings_page = moderator.get("/admin/snippets/community/pagetypepolicy/add/").content.decode()
    assert "post-moderation" in settings_page or "사후 검토" in settings_page
