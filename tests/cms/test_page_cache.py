"""The anonymous full-page cache serves repeat visits without queries and forgets on publish."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="cached", title="처음 제목")
    page.save_revision().publish()
    return page


def test_second_anonymous_visit_is_a_hit_without_queries(client, article):
    first = client.get("/guides/cached/")
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/guides/cached/")
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.content == first.content


def test_publish_invalidates_cached_pages(client, article, tree):
    client.get("/guides/cached/")
    client.get("/guides/")
    article.title = "고친 제목"
    article.save_revision().publish()
    assert "고친 제목" in client.get("/guides/cached/").content.decode()
    assert "고친 제목" in client.get("/guides/").content.decode()  # listings elsewhere too


def test_unpublish_and_move_invalidate(client, article, tree):
    client.get("/guides/cached/")
    article.unpublish()
    assert client.get("/guides/cached/").status_code == 404
    other = factories.ArticlePageFactory(parent=tree.articles, slug="mover", title="옮길 글")
    other.save_revision().publish()
    client.get("/guides/")
    other.move(tree.articles, pos="first-child")  # a move, even within the same parent, retires pages
    assert client.get("/guides/")["X-Cache"] == "MISS"


def test_logged_in_users_and_forms_bypass_the_cache(client, article, tree, staff_user):
    event = factories.EventPageFactory(parent=tree.events, slug="form")
    client.get(event.url)
    assert "X-Cache" not in client.get(event.url)  # a page with a CSRF token is never stored
    client.force_login(staff_user)
    response = client.get("/guides/cached/")
    assert "X-Cache" not in response


def test_internal_posts_are_never_cached(client, tree, staff_user):
    post = factories.PostPageFactory(parent=tree.posts, slug="secret", visibility="internal", title="기밀")
    post.save_revision().publish()
    client.force_login(staff_user)
    client.get("/posts/secret/")
    client.logout()
    assert client.get("/posts/secret/").status_code == 302


def test_protecting_a_page_takes_effect_at_once(client, article):
    """Restrictions are read from the shared site structure; adding one must not wait for a publish."""
    from wagtail.models import PageViewRestriction

    from cms.models.visibility import staff_group

    assert client.get("/guides/cached/").status_code == 200
    assert client.get("/guides/cached/")["X-Cache"] == "HIT"
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(staff_group())
    response = client.get("/guides/cached/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert "처음 제목" not in client.get("/guides/").content.decode()


@pytest.fixture
def page_files(settings, tmp_path):
    settings.PAGE_CACHE_DIR = str(tmp_path / "pages")
    return tmp_path / "pages"


def test_cached_pages_are_written_for_the_front_server(client, article, page_files):
    html = client.get("/guides/cached/", HTTP_HOST="Example.COM:8000").content
    saved = page_files / "current" / "example.com" / "guides" / "cached" / "index.html"
    assert saved.read_bytes() == html
    client.get("/guides/cached/?utm_source=x", HTTP_HOST="example.com")
    client.get("/guides/", HTTP_HOST="example.com", HTTP_COOKIE="sessionid=abc")
    assert sorted(p.relative_to(page_files / "current").as_posix()
                  for p in (page_files / "current").rglob("*.html")) == ["example.com/guides/cached/index.html"]


def test_publish_retires_the_files(client, article, page_files):
    client.get("/guides/cached/", HTTP_HOST="example.com")
    old_tree = (page_files / "current").resolve()
    article.title = "새 제목"
    article.save_revision().publish()
    assert not old_tree.exists()
    assert list((page_files / "current").rglob("*.html")) == []
    assert "새 제목" in (client.get("/guides/cached/", HTTP_HOST="example.com").content.decode())
    saved = page_files / "current" / "example.com" / "guides" / "cached" / "index.html"
    assert "새 제목" in saved.read_text()


def test_private_pages_and_forms_never_become_files(client, tree, page_files):
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="기밀", visibility="internal")
    internal.save_revision().publish()
    landing = factories.LandingPageFactory(parent=tree.home, slug="guide")
    client.get("/posts/secret/", HTTP_HOST="example.com")
    client.get(landing.url, HTTP_HOST="example.com")
    assert list(page_files.rglob("*.html")) == []


def test_old_files_expire(client, article, page_files):
    import os

    from cms.cache import expire_page_files

    client.get("/guides/cached/", HTTP_HOST="example.com")
    saved = page_files / "current" / "example.com" / "guides" / "cached" / "index.html"
    assert expire_page_files(max_age=300) == 0
    os.utime(saved, (0, 0))
    assert expire_page_files(max_age=300) == 1 and not saved.exists()
