"""Every kind of page, the admin and its live preview run in Chromium under the enforced Content Security
Policy with nothing blocked and no script error in the console."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.browser.conftest import sign_in
from tests.shop_wizard.conftest import catalogue, wizard  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def every_kind(tree, wizard, catalogue):  # noqa: F811 - the imported fixtures
    topic = factories.TopicFactory(slug="community", name="커뮤니티", name_en="Community")
    article = factories.ArticlePageFactory(parent=tree.articles, slug="talk", title="소통의 기술", body=[
        ("paragraph", "<p>마케팅은 대화입니다.</p><ul><li>듣기</li><li>답하기</li></ul>")])
    article.topics.add(topic)
    article.save_revision().publish()
    post = factories.PostPageFactory(parent=tree.posts, slug="notes", title="모임 회의록")
    post.save_revision().publish()
    upcoming = factories.EventPageFactory(parent=tree.events, slug="meetup", title="커뮤니티 밋업")
    upcoming.save_revision().publish()
    past_start = timezone.now() - datetime.timedelta(days=10)
    past = factories.EventPageFactory(parent=tree.events, slug="last-study", title="지난 스터디", start=past_start,
                                      end=past_start + datetime.timedelta(hours=2))
    past.outputs = [post]
    past.save_revision().publish()
    landing = factories.LandingPageFactory(parent=tree.home, slug="guide")
    landing.save_revision().publish()
    call_command("search_rebuild", verbosity=0)
    return {"article": article, "post": post, "upcoming": upcoming, "past": past, "landing": landing,
            "wizard": wizard, "product": catalogue["hall"], "tree": tree}


def public_urls(kinds) -> list[str]:
    return [
        "/", "/guides/", kinds["article"].url, "/posts/", kinds["post"].url, "/events/", kinds["upcoming"].url,
        kinds["past"].url, kinds["landing"].url, "/topics/", "/topics/community/", "/search/?q=마케팅",
        reverse("shop_wizard", args=["tools"]), reverse("shop_product", args=[kinds["product"].slug]),
        "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/en/accounts/login/",
        "/groups/", "/en/groups/", "/rewards/leaderboards/", "/en/rewards/leaderboards/?period=all", "/rewards/",
        "/rewards/missions/", "/en/rewards/missions/", "/no-such-page/",
    ]


def visit(page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    expected = 404 if "no-such" in url else 200
    assert response.status == expected, f"{url}: {response.status}"
    if response.status == 200:
        assert "Content-Security-Policy" in {k.title() for k in response.headers}, url


def test_public_pages_of_every_kind_run_with_nothing_blocked(page, every_kind):
    for url in public_urls(every_kind):
        visit(page, url)
    # Start the wizard and answer its first question: a form post and a redirect under the policy.
    page.goto(reverse("shop_wizard", args=["tools"]), wait_until="networkidle")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "/wizard/r/" in page.url
    # The one expected console line: the browser reports the 404 page's own status.
    assert [p for p in page.problems if "/no-such-page/: console error: Failed to load resource" not in p] == []


def test_the_admin_and_its_live_preview_run_with_nothing_blocked(page, context, live_server, every_kind):
    admin = get_user_model().objects.create_superuser("csp-admin", "csp@example.com", "pw")
    sign_in(context, live_server, admin)
    edits = [every_kind[name] for name in ("article", "post", "upcoming", "past", "landing")]
    urls = ["/admin/", "/admin/pages/", f"/admin/pages/{every_kind['tree'].articles.pk}/",
            f"/admin/pages/add/cms/articlepage/{every_kind['tree'].articles.pk}/",
            "/admin/images/", "/admin/documents/", "/admin/snippets/", "/admin/users/",
            reverse("cms_seo_report"), reverse("security_locked_sign_ins"), reverse("site_search_insights"),
            reverse("nurture_dashboard"), reverse("shop_wizard_analytics"),
            reverse("shop_wizard_matrix", args=[every_kind["wizard"].pk]), reverse("community_moderation"),
            reverse("rewards_checkin_codes"), reverse("rewards_partner_books"), "/admin/snippets/rewards/earningrule/",
            "/admin/snippets/rewards/reward/", "/admin/snippets/rewards/coupon/", "/admin/snippets/rewards/mission/",
            "/admin/snippets/rewards/mission/add/", "/admin/snippets/rewards/cardset/add/",
            reverse("listening_import"), reverse("listening_webhooks"), "/admin/snippets/listening/mention/",
            reverse("listening_label"), reverse("listening_model"), reverse("listening_cases_report"),
            reverse("listening_reports"), reverse("listening_health"), reverse("listening_advocates"),
            reverse("listening_sns"), "/admin/snippets/listening/staffaccount/", reverse("insights_channels"),
            "/admin/snippets/insights/trackedlink/", "/admin/snippets/insights/trackedlink/add/",
            reverse("insights_dashboard"), reverse("insights_conversions"), reverse("insights_people") + "?q=a",
            "/django-admin/"]
    for url in urls:
        visit(page, url)
    for edited in edits:
        visit(page, f"/admin/pages/{edited.pk}/edit/")
        page.locator("[data-side-panel-toggle='preview']").first.click()
        frame = page.frame_locator("iframe[data-w-preview-target='iframe'], .preview-panel iframe").first
        # Wagtail loads each preview into a zero-size iframe and swaps it in once loaded; on a busy CI machine
        # the form post and the render behind it can take longer than the default wait.
        frame.locator("main").first.wait_for(timeout=45_000)
        assert edited.title in frame.locator("h1").first.inner_text()
    # The signed-in editor's view of the site (the userbar) is under the same policy.
    for url in public_urls(every_kind)[:5]:
        visit(page, url)
    assert page.problems == []
