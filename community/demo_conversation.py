# ruff: noqa: E501 - a data table: one comment per entry reads better than wrapped Korean text
"""The demo's conversation: threads in both languages under several pages (a staff reply carries the
official mark), a comment on an internal post (staff only, like the post), one first comment held in
the moderation queue, a question in a group with an accepted answer, an English group discussion,
and the groups' hosted events and outputs. Runs after the members and groups exist; idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cms.models import ArticlePage, EventPage, PostPage
from cms.models.visibility import is_staff_user

from .models import Comment, CommunityGroup, GroupOutput, HostedEvent, Member, Ring, Thread
from .text import render

# page finder, [(author, body, replies [(author, body)])]
PAGE_THREADS = [
    (lambda: ArticlePage.objects.live().filter(locale__language_code="ko", is_pillar=True).first(), [
        ("family", "초보자에게 딱 맞는 안내였어요. 검색 설정도 **한 번** 다뤄 주실 수 있나요?", [
            ("jiwoo", "좋은 제안 고맙습니다! 다음 글에서 검색 설정을 따로 다룰게요. @family 님 의견 덕분입니다."),
            ("naru", "저희 공간 예약 페이지에도 적용해 보고 싶네요."),
        ]),
        ("ceo", "이 글을 신규 입사자 교육 자료로도 쓰려고 합니다.", []),
    ]),
    (lambda: ArticlePage.objects.live().filter(locale__language_code="en").order_by("-is_pillar", "pk").first(), [
        ("reader", "Clear and practical. Does the checklist work for English pages too?", [
            ("seoyeon", "Yes: every step applies to both languages. The search report shows each language separately."),
        ]),
    ]),
    (lambda: PostPage.objects.live().filter(locale__language_code="ko", visibility="public").order_by("pk").first(), [
        ("naru", "회의록을 공개해 주셔서 파트너로서 일정 맞추기가 쉬워졌습니다.", []),
    ]),
    (lambda: EventPage.objects.live().filter(locale__language_code="ko").order_by("-start").first(), [
        ("family", "아이와 함께 가도 되나요?", [("minjun", "네, 가족 참가 환영합니다. 신청서에 인원만 적어 주세요.")]),
    ]),
    (lambda: PostPage.objects.live().filter(slug="internal-q4-budget-meeting", locale__language_code="ko").first(), [
        ("haneul", "예산안 2안이 행사 일정과 더 잘 맞아 보입니다. (직원만 보는 댓글)", []),
    ]),
]
HELD = ("newbie", "새로 온 방문자", "처음 댓글 남겨요. 지난 행사 녹화본도 올라오나요?")
QUESTION = ("search-study", "family", "검색어 통계는 어디서 보나요?",
            "사람들이 무엇을 찾는지 보고 싶은데 관리 화면 어디에 있는지 모르겠어요.",
            [("haneul", "관리 화면의 보고서 → 검색 인사이트에 있습니다. 결과가 없는 검색어도 따로 보여요.", True),
             ("ceo", "저는 매주 월요일에 그 화면을 같이 봅니다.", False)])
DISCUSSION = ("search-study-en", "reader", "What did people search for this week?",
              "I noticed many searches for *event recordings*. Should we publish them?",
              [("jiwoo", "Good catch. We will post recordings with the next event report.")])
HOSTS = [("search-study", "search-study-1"), ("volunteers", "volunteer-library-day")]
OUTPUTS = [("search-study", "event_report")]


def _comment(thread: Thread, author: Member, body: str, *, parent: Comment | None = None, when=None,
             status: str = Comment.Status.APPROVED) -> Comment:
    comment = Comment.objects.create(
        thread=thread, parent=parent, reply_to=parent, author=author, body=body, html=render(body),
        status=status, held_reason=Comment.Held.FIRST if status == Comment.Status.PENDING else "",
        official=is_staff_user(author.user))
    if when is not None:
        Comment.objects.filter(pk=comment.pk).update(created_at=when)
    return comment


def _recount(thread: Thread) -> None:
    shown = thread.comments.filter(status=Comment.Status.APPROVED)
    if thread.opening_id:
        shown = shown.exclude(pk=thread.opening_id)
    Thread.objects.filter(pk=thread.pk).update(comment_count=shown.count())


def load() -> int:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from .actions import member_for
    from .demo import DEMO_PASSWORD

    members = {m.user.username: m for m in Member.objects.select_related("user")}
    created = 0
    start = timezone.now() - timedelta(days=6)
    for find, entries in PAGE_THREADS:
        page = find()
        if page is None or Thread.objects.filter(page=page).exists():
            continue
        thread = Thread.objects.create(page=page)
        for n, (author, body, replies) in enumerate(entries):
            top = _comment(thread, members[author], body, when=start + timedelta(hours=n * 5))
            for m, (reply_author, reply) in enumerate(replies):
                _comment(thread, members[reply_author], reply, parent=top, when=start + timedelta(hours=n * 5 + m + 1))
            created += 1 + len(replies)
        _recount(thread)
    username, name, body = HELD
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username, f"{username}@example.com", DEMO_PASSWORD)
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        newbie = member_for(user)
        newbie.display_name, newbie.ring = name, Ring.VISITOR
        newbie.save()
        first = PAGE_THREADS[0][0]()
        if first is not None:
            _comment(Thread.objects.get(page=first), newbie, body, status=Comment.Status.PENDING)
            created += 1
    for slug, asker, title, text, answers in [QUESTION]:
        group = CommunityGroup.objects.get(slug=slug)
        if Thread.objects.filter(group=group, title=title).exists():
            continue
        thread = Thread.objects.create(group=group, kind=Thread.Kind.QUESTION, title=title, author=members[asker])
        thread.opening = _comment(thread, members[asker], text, when=start)
        for n, (author, answer, accepted) in enumerate(answers):
            reply = _comment(thread, members[author], answer, when=start + timedelta(hours=n + 2))
            if accepted:
                thread.accepted = reply
        thread.save()
        _recount(thread)
        created += 1 + len(answers)
    slug, starter, title, text, replies = DISCUSSION
    group = CommunityGroup.objects.get(slug=slug)
    if not Thread.objects.filter(group=group, title=title).exists():
        thread = Thread.objects.create(group=group, title=title, author=members[starter])
        thread.opening = _comment(thread, members[starter], text, when=start)
        thread.save()
        for author, reply in replies:
            _comment(thread, members[author], reply, when=start + timedelta(hours=3))
        _recount(thread)
        created += 1 + len(replies)
    for slug, event_slug in HOSTS:
        event = EventPage.objects.filter(slug=event_slug, locale__language_code="ko").first()
        if event is not None and not HostedEvent.objects.filter(event=event).exists():
            HostedEvent.objects.create(group=CommunityGroup.objects.get(slug=slug), event=event)
            created += 1
    for slug, kind in OUTPUTS:
        post = PostPage.objects.live().filter(kind=kind, visibility="public", locale__language_code="ko").first()
        if post is not None:
            created += GroupOutput.objects.get_or_create(group=CommunityGroup.objects.get(slug=slug), post=post)[1]
    return created
