"""What a person clicks, in Chromium: the search box's suggestions by keyboard, sharing and copying a
link, the wizard to its results, signing up and confirming, the read-page beacon, unsubscribing, and
the topic suggestions in the admin's filing panel. Every page ends with no console or CSP problem."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from cms.models import PostPage, Topic
from nurture import actions
from nurture.models import Lead, LeadEvent
from tests import factories
from tests.browser.conftest import sign_in
from tests.nurture.conftest import landing, link_in, sequence  # noqa: F401 - fixtures
from tests.shop_wizard.conftest import catalogue, wizard  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def eventually(check, timeout: float = 10.0):
    """The beacon and the eager tasks finish on the live server's thread: wait for what they write."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


@pytest.fixture
def article(tree):
    page = factories.ArticlePageFactory(
        parent=tree.articles, slug="listening", title="고객의 목소리 듣기",
        body=[("paragraph", "<p>커뮤니티 매니저가 고객의 목소리를 듣고 답하는 방법을 정리했습니다.</p>")])
    page.save_revision().publish()
    call_command("search_rebuild", verbosity=0)
    return page


def test_search_suggestions_work_by_keyboard_with_combobox_roles(page, article):
    page.goto("/")
    box = page.locator("#q")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("고객", delay=40)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    count = options.count()
    box.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    box.press("ArrowUp")  # wraps to the last
    expect(options.nth(count - 1)).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("고객")  # closing the list keeps what was typed
    box.press("ArrowDown")  # opens the same list again
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    chosen = options.nth(0).text_content()
    with page.expect_navigation():
        box.press("Enter")
    # A page suggestion opens the page; a query suggestion searches for it.
    assert urlsplit(page.url).path == article.url or parse_qs(urlsplit(page.url).query).get("q") == [chosen]
    if urlsplit(page.url).path == article.url:
        expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    assert page.problems == []


def test_share_buttons_and_copy_link(page, context, live_server, article):
    page.add_init_script("window.__shared = []; navigator.share = function (data) {"
                         " window.__shared.push(data); return Promise.resolve(); };")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(article.url)
    share = page.locator("section.share")
    links = share.locator("a.share-btn")
    assert links.count() >= 2
    for i in range(links.count()):  # every network's link is this page's own tracked link
        href = unquote(links.nth(i).get_attribute("href"))
        assert "/l/" in href, href
    native = share.locator("[data-share-native]")
    assert native.count() == 1  # the phone's share sheet (KakaoTalk among them) gets the page's title and link
    native.first.click()
    shared = page.evaluate("window.__shared")
    assert shared and shared[0]["title"] == article.title and "/l/" in shared[0]["url"]
    copy = share.get_by_role("button")
    copy.click()
    expect(share.get_by_role("status")).to_have_text("링크를 복사했습니다.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == copy.get_attribute("data-copy")
    assert urlsplit(copied).path.startswith("/l/")  # on the site's own host (the Site's, not the test port)
    page.goto(urlsplit(copied).path)  # followed, it lands on the page with its channel's utm_* and the link's code
    assert "/listening" in page.url and "utm_source=" in page.url and "utm_id=" in page.url
    assert page.problems == []


def test_the_wizard_from_its_start_to_the_results(page, wizard, catalogue):  # noqa: F811 - fixtures
    page.goto(f"/shop/wizard/{wizard.slug}/")
    page.locator("form button[type=submit]").click()
    answered = 0
    while page.locator("input[name=option]").count():
        page.locator("input[name=option]").first.check()
        page.locator("form button[type=submit]").click()
        answered += 1
        assert answered <= wizard.questions.count()
    assert answered == wizard.questions.count()
    if "/results/" not in page.url:  # a page of content to read before choosing, then the results
        page.locator("a.button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("추천 결과")
    picks = page.locator("section[aria-labelledby=full-h] a, section[aria-labelledby=partial-h] a")
    expect(picks.first).to_be_visible()
    assert page.problems == []


def test_sign_up_confirm_the_beacon_and_unsubscribe(page, smtp, sequence, article):  # noqa: F811 - fixtures
    page.goto("/guide/")
    page.fill("[name=name]", "김하늘")
    page.fill("[name=imeil]", "sky@example.com")
    page.check("[name=marketing_consent]")
    page.locator("form.lead-form button[type=submit]").click()
    page.wait_for_load_state()
    confirm = eventually(lambda: smtp.to("sky@example.com"))
    assert confirm, "the confirmation email arrives"
    lead = Lead.objects.get(email_key="sky@example.com")
    assert lead.confirmed_at is None
    page.goto(path_of(link_in(confirm[-1], "/nurture/confirm/")))
    assert Lead.objects.get(pk=lead.pk).confirmed_at is None, "opening the link alone (a mail scanner) confirms nothing"
    page.get_by_role("button").filter(has_text="구독").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("확인")
    assert Lead.objects.get(pk=lead.pk).confirmed_at is not None

    page.goto(article.url)  # this browser is now known: reading a page tells nurture which one
    assert eventually(lambda: LeadEvent.objects.filter(lead=lead, page=article).exists()), "the beacon arrived"
    page.wait_for_load_state("networkidle")  # the server is done with the page before the tick writes

    actions.tick()
    email = eventually(lambda: [m for m in smtp.to("sky@example.com") if "(광고)" in str(m["Subject"])])
    page.goto(path_of(link_in(email[-1], "/nurture/u/")))
    assert Lead.objects.get(pk=lead.pk).unsubscribed_at is None
    page.get_by_role("button").filter(has_text="수신").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert Lead.objects.get(pk=lead.pk).unsubscribed_at is not None
    assert page.problems == []


def test_filing_panel_suggests_topics_as_staff_type(page, context, live_server, tree):
    Topic.objects.create(name="커뮤니티", slug="community", name_en="Community")
    staff = get_user_model().objects.create_superuser("filer", "filer@example.com", "pw")
    sign_in(context, live_server, staff)
    page.goto("/admin/")
    form = page.locator("form[data-topic-suggest]")
    form.locator("[name=title]").fill("커뮤니티 모임 회의록")
    form.locator("[name=body]").press_sequentially("이번 커뮤니티 모임에서 회원 인터뷰 계획을 정했습니다.", delay=5)
    suggestion = form.locator("[aria-live=polite] button").filter(has_text="커뮤니티")
    expect(suggestion).to_be_visible(timeout=20_000)  # the first analysis loads the Korean model
    suggestion.click()
    expect(form.locator("[name=topics]")).to_have_value("커뮤니티")
    expect(suggestion).to_have_count(0)  # taken: no longer offered
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    post = PostPage.objects.get(title="커뮤니티 모임 회의록")
    assert urlsplit(page.url).path == f"/admin/pages/{post.pk}/edit/"
    assert list(post.topics.values_list("name", flat=True)) == ["커뮤니티"]
    assert page.problems == []


def test_a_visitor_signs_up_verifies_from_the_email_and_edits_their_profile(page, smtp, tree):
    password = "correct-horse-battery-9"
    page.goto("/")
    page.locator("header .account a:last-child").click()
    page.locator("main a[href='/accounts/signup/']").click()
    page.fill("[name=email]", "new@example.com")
    page.fill("[name=password1]", password)
    page.fill("[name=password2]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    mail = eventually(lambda: smtp.to("new@example.com"))
    assert mail, "the verification email arrives"
    text = mail[-1].get_body(preferencelist=("plain",)).get_content()
    page.goto(re.search(r"/accounts/confirm-email/[A-Za-z0-9:_\-]+/", text).group(0))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto("/")
    if urlsplit(page.locator("header .account a:last-child").get_attribute("href")).path == "/accounts/login/":
        page.goto("/accounts/login/")
        page.fill("[name=login]", "new@example.com")
        page.fill("[name=password]", password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    page.locator("header .account a:last-child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("내 프로필")
    page.fill("[name=display_name]", "새 회원")
    with page.expect_navigation():
        page.get_by_role("button", name="저장", exact=True).click()  # the profile also has its points section's
    expect(page.get_by_role("status")).to_contain_text("프로필을 저장했습니다")
    assert page.problems == []
