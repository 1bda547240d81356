"""The admin works for every content type: editors can open each editor and list registrations."""

import pytest

from tests import factories
from tests.cms.test_pages import pages  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_every_page_editor_opens(admin_client, pages):  # noqa: F811
    for name, page in pages.items():
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, name


def test_every_page_type_can_be_added(admin_client, tree):
    targets = {
        "articlepage": tree.articles, "postpage": tree.posts, "eventpage": tree.events, "landingpage": tree.home,
    }
    for model, parent in targets.items():
        response = admin_client.get(f"/admin/pages/add/cms/{model}/{parent.pk}/")
        assert response.status_code == 200, model


def test_registrations_and_snippets_are_listed(admin_client, tree):
    from cms.actions import register_for_event

    event = factories.EventPageFactory(parent=tree.events, slug="e")
    register_for_event(event, "가나다", "abc@example.com")
    html = admin_client.get("/admin/snippets/cms/eventregistration/").content.decode()
    assert "abc@example.com" in html
    for model in ("topic", "team"):
        assert admin_client.get(f"/admin/snippets/cms/{model}/").status_code == 200


def test_landing_submissions_are_listed_with_consent(admin_client, tree, client):
    landing = factories.LandingPageFactory(parent=tree.home, slug="guide")
    from django.test import Client

    Client().post("/guide/", {"name": "가", "imeil": "a@example.com", "marketing_consent": "on"})
    html = admin_client.get(f"/admin/forms/submissions/{landing.pk}/").content.decode()
    assert "a@example.com" in html


def test_seo_report_lists_page_problems(admin_client, tree):
    from cms.images import demo_image

    long_title = "아주 긴 제목 " * 8
    factories.ArticlePageFactory(parent=tree.articles, slug="long", title=long_title)
    factories.ArticlePageFactory(parent=tree.articles, slug="dup1", title="같은 제목입니다 정말로")
    factories.ArticlePageFactory(parent=tree.articles, slug="dup2", title="같은 제목입니다 정말로")
    factories.ArticlePageFactory(parent=tree.articles, slug="hid", title="숨겨진 페이지 제목입니다", noindex=True)
    factories.PostPageFactory(parent=tree.posts, slug="nodesc", title="설명이 없는 포스트 제목", body="<p></p>")
    factories.PostPageFactory(parent=tree.posts, slug="hasbody", title="본문이 설명이 되는 포스트", body="<p>본문</p>")
    image = demo_image("x", "alt 없는 그림")
    image.description = ""
    image.save()
    html = admin_client.get("/admin/reports/seo/").content.decode()
    for issue in ("title_long", "title_duplicate", "noindex", "no_description", "orphan"):
        assert f'data-issue="{issue}"' in html, issue
    assert "alt 없는 그림" in html
    assert html.count('data-issue="title_duplicate"') == 2
    from cms.seo_report import page_rows

    no_description = {r.page.slug for r in page_rows() if r.issue == "no_description"}
    assert "nodesc" in no_description and "hasbody" not in no_description  # a body is a fallback


def test_seo_report_is_for_admin_users_only(client, tree):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="visitor"))
    assert client.get("/admin/reports/seo/").status_code in (302, 403)


def test_editor_shows_search_result_preview(admin_client, tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="prev", title="미리보기 제목")
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "data-seo-preview" in html and "cms/seo_preview.js" in html
