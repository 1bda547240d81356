"""Internal (기밀) posts: invisible to the public everywhere, visible to staff."""

import pytest
from wagtail.models import PageViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(tree):
    topic = factories.TopicFactory(slug="budget", name="예산", name_en="Budget")
    public = factories.PostPageFactory(parent=tree.posts, title="공개 회의록", slug="open-notes")
    internal = factories.PostPageFactory(
        parent=tree.posts, title="기밀 예산 회의", slug="secret-budget", visibility="internal"
    )
    for post in (public, internal):
        post.topics.add(topic)
        post.save_revision().publish()
    return public, internal


def test_internal_post_gets_staff_only_restriction(posts):
    public, internal = posts
    assert PageViewRestriction.objects.filter(page=internal, groups__name="Staff").exists()
    assert not PageViewRestriction.objects.filter(page=public).exists()


def test_anonymous_cannot_open_internal_post(client, posts):
    response = client.get("/posts/secret-budget/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "_util/authenticate" in response["Location"]


def test_internal_post_absent_from_public_html(client, tree, posts):
    for url in ("/", "/posts/", "/posts/open-notes/", "/topics/", "/topics/budget/"):
        html = client.get(url).content.decode()
        assert "기밀 예산 회의" not in html, url
        assert "secret-budget" not in html, url
    assert "공개 회의록" in client.get("/posts/").content.decode()


def test_internal_post_absent_from_public_api(client, posts):
    public, internal = posts
    listing = client.get("/api/v3/pages/?type=cms.PostPage").json()
    ids = {item["id"] for item in listing["items"]}
    assert public.pk in ids and internal.pk not in ids
    assert client.get(f"/api/v3/pages/{internal.pk}/").status_code == 404
    ours = client.get("/api/posts/").json()
    assert [p["title"] for p in ours["items"]] == ["공개 회의록"]


def test_session_cookie_does_not_unlock_public_api(client, staff_user, posts):
    """The API's public tier ignores the session: only a token proves who is calling."""
    _public, internal = posts
    client.force_login(staff_user)
    assert client.get(f"/api/v3/pages/{internal.pk}/").status_code == 404


def test_staff_see_internal_post(client, staff_user, posts, api_token):
    _public, internal = posts
    client.force_login(staff_user)
    page = client.get("/posts/secret-budget/")
    assert page.status_code == 200
    assert "기밀 예산 회의" in page.content.decode()
    assert "기밀 예산 회의" in client.get("/posts/").content.decode()
    assert "기밀 예산 회의" in client.get("/posts/open-notes/").content.decode()  # related links
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token}"}
    titles = [p["title"] for p in client.get("/api/posts/", **auth).json()["items"]]
    assert "기밀 예산 회의" in titles


def test_making_a_post_public_lifts_the_restriction(posts):
    _public, internal = posts
    revision = internal.get_latest_revision_as_object()
    revision.visibility = "public"
    revision.save_revision().publish()
    assert not PageViewRestriction.objects.filter(page=internal).exists()


def test_unpublished_change_to_public_keeps_restriction(posts):
    """A draft that flips visibility must not expose the live internal version before approval."""
    _public, internal = posts
    draft = internal.get_latest_revision_as_object()
    draft.visibility = "public"
    draft.save_revision()
    assert PageViewRestriction.objects.filter(page=internal).exists()
