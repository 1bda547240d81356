"""In Chromium, through the shipped nginx front serving page files, with the project's WSGI application
behind it (the beacon answered ahead of Django's handler): a reader arrives from a share link's utm_*
on a cached page, signs up, and the sign-up is credited to that channel, on the dashboard's rollups and
on their timeline; a reader sent by a search engine's referrer who opts in is credited to it; before
anyone signs up, nothing names them."""

from __future__ import annotations

import shutil
import time

import pytest
from django.test import Client

from insights.models import Conversion, DailyConversions, PageView
from tests.front import nginx_front

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-pass-phrase-1"


def _wait(check, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    return check()


@pytest.fixture
def project_app(live_server):
    """The live server answers with the project's WSGI application (cms.wsgi, with the beacon answered
    in front of Django's handler), as gunicorn and runserver do, not with a bare Django handler."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    from cms.wsgi import application

    server = live_server.thread.httpd
    bare = server.get_app()
    server.set_app(StaticFilesHandler(application))
    yield live_server
    server.set_app(bare)


def test_a_share_link_on_a_cached_file_then_a_sign_up_is_credited_to_its_channel(
        browser, project_app, live_server, tmp_path, settings, tree, admin_user):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_DIR = str(tmp_path / "pages")
    from cms.cache import activate_file_generation, generation

    activate_file_generation(generation())
    article = tree.articles
    shutil.copytree(settings.STATICFILES_DIRS[0], tmp_path / "static")  # what collectstatic would put there
    with nginx_front(f"127.0.0.1:{live_server.thread.port}", tmp_path, tmp_path / "pages") as front:
        context = browser.new_context(base_url=front, locale="ko-KR")
        context.set_default_timeout(10_000)
        warm = context.new_page()
        warm.goto(article.url, wait_until="networkidle")  # Django writes the page file
        assert _wait(lambda: PageView.objects.exists()), "the beacon goes through nginx to Django"
        context.clear_cookies()
        page = context.new_page()
        shared = page.goto(f"{article.url}?utm_source=kakao&utm_medium=social&utm_campaign=dec-meetup",
                           wait_until="networkidle")
        assert shared.headers.get("x-cache") == "FILE", "nginx served the page file, Django never saw the page"
        assert _wait(lambda: PageView.objects.filter(channel="kakao").exists())
        assert not PageView.objects.filter(lead_id__isnull=False).exists(), "nobody is named before signing up"
        page.goto("/accounts/signup/", wait_until="networkidle")
        page.fill("input[name=email]", "reader@example.com")
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.locator("form[action*='signup'] [type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        conversion = _wait(lambda: Conversion.objects.filter(kind="member").first())
        context.route("**/*", lambda route: route.abort())
        context.close()
    assert conversion is not None
    credits = {c.model: (c.channel, c.campaign) for c in conversion.credits.all()}
    assert credits == {"first": ("kakao", "dec-meetup"), "last": ("kakao", "dec-meetup"),
                       "linear": ("kakao", "dec-meetup")}
    assert _wait(lambda: DailyConversions.objects.filter(kind="member", channel="kakao").exists()), \
        "the dashboard's rollup has it within a minute"
    staff = Client()
    staff.force_login(admin_user)
    dashboard = staff.get("/admin/insights/dashboard/?days=7").context["channels"]["rows"]
    kakao = next(r for r in dashboard if r["key"] == "kakao")
    member_step = [k["kind"] for k in staff.get("/admin/insights/dashboard/?days=7").context["channels"]["kinds"]
                   ].index("member")
    assert kakao["steps"][member_step] == 1
    timeline = staff.get(f"/admin/insights/people/member-{conversion.member_id}/").content.decode()
    attribution = timeline[timeline.index('data-table="attribution"'):]
    assert 'data-conversion="member"' in attribution and "카카오톡" in attribution and "dec-meetup" in attribution


def test_a_reader_from_a_search_engine_who_opts_in_is_credited_to_it(page, project_app, tree):
    from nurture.models import Lead
    from tests import factories

    landing = factories.LandingPageFactory(parent=tree.home, slug="guide-browser")
    page.goto(landing.url, wait_until="networkidle", referer="https://search.naver.com/search.naver?query=소통")
    assert _wait(lambda: PageView.objects.filter(channel="naver").exists())
    page.get_by_label("이름").fill("하늘")
    page.locator("form.lead-form input[type=email]").fill("opt-in@example.com")
    page.locator("input[name=marketing_consent]").check()
    page.locator("form.lead-form [type=submit]").click()
    page.wait_for_load_state("networkidle")
    lead = _wait(lambda: Lead.objects.filter(email_key="opt-in@example.com").first())
    assert lead is not None
    conversion = Conversion.objects.get(kind="lead", lead_id=lead.pk)
    assert {c.model: c.channel for c in conversion.credits.all()} == {"first": "naver", "last": "naver",
                                                                     "linear": "naver"}
    assert page.problems == []
