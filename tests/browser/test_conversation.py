"""The conversation in Chromium: a new visitor signs up and verifies from the email (real SMTP), comments
(held, as a first comment is), a moderator approves it in the admin queue, the visitor replies to
staff, staff reply back, and the visitor sees the reply in their notifications and their inbox."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from community.actions import member_for
from community.models import Comment, Thread
from tests import factories
from tests.browser.conftest import sign_in, watch
from tests.browser.test_flows import eventually

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_up_and_verify(page, smtp, address: str, password: str) -> None:
    page.goto("/accounts/signup/")
    page.fill("[name=email]", address)
    page.fill("[name=password1]", password)
    page.fill("[name=password2]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    mail = eventually(lambda: smtp.to(address))
    assert mail, "the verification email arrives"
    text = mail[-1].get_body(preferencelist=("plain",)).get_content()
    page.goto(re.search(r"/accounts/confirm-email/[A-Za-z0-9:_\-]+/", text).group(0))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto("/")
    if urlsplit(page.locator("header .account a:last-child").get_attribute("href")).path == "/accounts/login/":
        page.goto("/accounts/login/")
        page.fill("[name=login]", address)
        page.fill("[name=password]", password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()


@pytest.fixture
def staffed_article(tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="voices", title="고객의 목소리",
                                        body=[("paragraph", "<p>댓글로 의견을 남겨 주세요.</p>")])
    page.save_revision().publish()
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-boss-12345")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=boss, email=boss.email, verified=True, primary=True)
    member = member_for(boss)
    member.display_name = "운영팀 보스"
    member.save()
    thread = Thread.objects.create(page=page)
    Comment.objects.create(thread=thread, author=member, body="궁금한 점을 남겨 주세요.",
                           html="<p>궁금한 점을 남겨 주세요.</p>", official=True)
    Thread.objects.filter(pk=thread.pk).update(comment_count=1)
    return page, boss


def test_sign_up_comment_reply_and_see_the_reply_notification(page, context, browser, live_server, smtp,
                                                              staffed_article):
    article, boss = staffed_article
    sign_up_and_verify(page, smtp, "sky@example.com", "correct-horse-battery-9")
    page.goto(article.url)
    page.fill("#comment-body", "배송 조회는 어디서 하나요?")
    with page.expect_navigation():
        page.locator("form.comment-form button[type=submit]").click()
    expect(page.locator(".conversation .messages")).to_contain_text("운영자가 확인하면")
    expect(page.locator(".comment", has_text="배송 조회는")).to_contain_text("운영자 확인 대기 중")

    staff = browser.new_context(base_url=live_server.url, locale="ko-KR")
    sign_in(staff, live_server, boss)
    admin = staff.new_page()
    watch(admin)
    admin.goto("/admin/community/moderation/")
    admin.locator("tr", has_text="배송 조회는").locator("input[type=checkbox]").check()
    with admin.expect_navigation():
        admin.get_by_role("button", name="승인").click()
    approved = eventually(lambda: [m for m in smtp.to("sky@example.com") if "게시되었습니다" in str(m["Subject"])])
    assert approved, "the visitor is told their comment is shown"

    page.goto(article.url)
    official = page.locator(".comment.official", has_text="궁금한 점을")
    expect(official).to_contain_text("공식")
    official.locator("details.reply summary").click()
    official.locator("textarea").fill("@boss 답변 기다릴게요!")
    with page.expect_navigation():
        official.get_by_role("button", name="답글 올리기").click()
    expect(page.locator(".replies .comment", has_text="답변 기다릴게요")).to_be_visible()
    # The buttons under a comment submit the thread's one hidden form (with its CSRF token).
    with page.expect_navigation():
        page.locator(".comment.official", has_text="궁금한 점을").get_by_role("button", name="도움이 됐어요").click()
    pressed = page.locator(".comment.official", has_text="궁금한 점을").get_by_role("button", name="도움이 됐어요")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".comment.official", has_text="궁금한 점을")).to_contain_text("1명")
    assert eventually(lambda: smtp.to("boss@example.com")), "staff are told of the reply"

    admin.goto(article.url)
    mine = admin.locator("ol.comments > li", has_text="배송 조회는").locator(".comment").first
    mine.locator("details.reply summary").click()
    mine.locator("textarea").fill("주문 내역 페이지에서 볼 수 있어요.")
    with admin.expect_navigation():
        mine.get_by_role("button", name="답글 올리기").click()

    reply_mail = eventually(lambda: [m for m in smtp.to("sky@example.com") if "답글" in str(m["Subject"])])
    assert reply_mail and "운영팀 보스" in str(reply_mail[-1]["Subject"])
    page.goto("/")
    expect(page.locator("header .account")).to_contain_text("알림 2")  # approved, then the reply
    page.locator("header .account a", has_text="알림").click()
    expect(page.locator(".notifications li").first).to_contain_text("운영팀 보스")
    expect(page.locator(".notifications li").first).to_contain_text("답글을 남겼습니다")
    page.locator(".notifications li a").first.click()
    expect(page.locator(".replies .comment", has_text="주문 내역 페이지")).to_be_visible()
    assert page.problems == [] and admin.problems == []
    staff.close()
