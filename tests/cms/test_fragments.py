"""Uncached pages keep rendered pieces and routes per content generation: never stale, never shared
between staff and visitors, never used by a preview."""

import pytest
from django.contrib.auth.models import Group

from cms.models import ArticlePage
from cms.models.visibility import STAFF_GROUP
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="kept", title="남는 글",
                                        body=[("paragraph", "<p>첫 번째 본문</p>")])
    page.save_revision().publish()
    return page


def test_a_published_edit_shows_at_once(client, article):
    assert "첫 번째 본문" in client.get(article.url).content.decode()
    draft = article.get_latest_revision_as_object()
    draft.body = [("paragraph", "<p>고친 본문</p>")]
    draft.save_revision()  # a draft alone changes nothing for visitors
    assert "첫 번째 본문" in client.get(article.url).content.decode()
    draft.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "고친 본문" in html and "첫 번째 본문" not in html


def test_an_unpublished_or_moved_page_is_not_found_where_it_was(client, article, tree):
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get("/guides/kept/").status_code == 404
    article.save_revision().publish()
    assert client.get("/guides/kept/").status_code == 200
    ArticlePage.objects.get(pk=article.pk).move(tree.home, pos="last-child")
    moved = client.get("/guides/kept/")
    assert moved.status_code == 301 and moved["Location"] == "/kept/"  # Wagtail's redirect, not the old page
    assert client.get("/kept/").status_code == 200


def test_staff_and_visitors_never_share_a_piece(client, article, tree, staff_user):
    topic = factories.TopicFactory(slug="together", name="함께")
    article.topics.add(topic)
    article.save_revision().publish()
    internal = factories.PostPageFactory(parent=tree.posts, slug="inside", title="내부 회의록", visibility="internal")
    internal.topics.add(topic)
    internal.save_revision().publish()
    assert "내부 회의록" not in client.get(article.url).content.decode()  # the visitor's piece is kept first
    staff_user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    client.force_login(staff_user)
    assert "내부 회의록" in client.get(article.url).content.decode()
    client.logout()
    assert "내부 회의록" not in client.get(article.url).content.decode()


def test_a_preview_shows_the_unsaved_text_not_the_kept_piece(admin_client, client, article):
    client.get(article.url)  # kept for visitors
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/preview/", {
        "title": "남는 글", "slug": "kept", "summary": "요약", "body-count": "1", "body-0-type": "paragraph",
        "body-0-deleted": "", "body-0-order": "0", "body-0-value": '{"blocks":[{"key":"a","text":"미리 보는 본문",'
        '"type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'})
    assert response.status_code == 200
    preview = admin_client.get(f"/admin/pages/{article.pk}/edit/preview/").content.decode()
    assert "미리 보는 본문" in preview
    assert "미리 보는 본문" not in client.get(article.url).content.decode()
