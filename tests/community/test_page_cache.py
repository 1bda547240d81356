"""A new comment reaches anonymous readers at once, and retires no other page's cached copy."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from community.actions import moderation
from community.models import Comment
from tests import factories

from .conftest import CommitClient, committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, tmp_path, tree):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_DIR = str(tmp_path / "pages")
    cache.clear()
    pages = []
    for slug in ("talk", "quiet"):
        page = factories.ArticlePageFactory(parent=tree.articles, slug=slug, title=f"글 {slug}")
        page.save_revision().publish()
        pages.append(page)
    yield pages, tmp_path / "pages"
    cache.clear()


def test_an_approved_comment_shows_at_once_and_other_pages_stay_cached(person, cached):
    (talk, quiet), files = cached
    anonymous = CommitClient()
    assert anonymous.get(talk.url)["X-Cache"] == "MISS"
    assert anonymous.get(quiet.url)["X-Cache"] == "MISS"
    assert anonymous.get(talk.url)["X-Cache"] == "HIT"
    talk_file = next(files.glob("current/*/guides/talk/index.html"))
    quiet_file = next(files.glob("current/*/guides/quiet/index.html"))

    mina = person("mina")
    mina.post(f"/community/pages/{talk.pk}/comments/", {"body": "캐시를 뚫고 보이는 댓글"})
    assert anonymous.get(talk.url)["X-Cache"] == "HIT", "a held comment changes nothing readers see"
    committed(moderation.approve, _staff(), Comment.objects.filter(status="pending"))
    assert not talk_file.exists(), "the front server's copy of that page is gone"

    fresh = anonymous.get(talk.url)
    assert fresh["X-Cache"] == "MISS" and "캐시를 뚫고 보이는 댓글" in fresh.content.decode()
    assert "캐시를 뚫고 보이는 댓글" in talk_file.read_text(), "and written again with the comment"
    assert anonymous.get(quiet.url)["X-Cache"] == "HIT", "another page keeps its cached copy"
    assert quiet_file.exists()
    assert anonymous.get(f"{talk.url}?ref=feed")["X-Cache"] == "MISS"  # another query: its own copy, made anew
    assert anonymous.get(f"{talk.url}?utm_source=x")["X-Cache"] == "HIT"  # a share link's: the page's own copy
    assert '"commentCount":1' in anonymous.get(talk.url).content.decode()


def _staff():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("mod", "mod@example.com", "pw")
