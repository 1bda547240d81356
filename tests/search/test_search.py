"""Search as visitors and staff meet it: Korean particles, English stems, filters, learning, privacy."""

import functools

import pytest

from search.service import SearchParams, search
from tests import factories
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


def titles(q, staff=False, **filters):
    return [r.title for r in search(SearchParams(q=q, **filters), language="ko", staff=staff).results]


def test_korean_particles_do_not_matter(corpus):
    assert "소통의 기술" in titles("마케팅")  # the page only says 마케팅을 and 마케팅은
    assert "소통의 기술" in titles("마케팅을")
    assert "모임 회의록" in titles("커뮤니티")  # the page only says 커뮤니티를


def test_english_stems(corpus):
    assert titles("campaigns") == ["Launch notes"]  # the page says "campaign"
    assert titles("planning") == ["Launch notes"]  # "planned"


def test_title_ranks_above_body(corpus):
    found = titles("커뮤니티")
    assert found.index("커뮤니티 밋업") < found.index("모임 회의록")


def test_internal_posts_only_for_staff(corpus, client, staff_user):
    from search.suggest import suggest

    assert "기밀 마케팅 예산" not in titles("마케팅")
    assert "기밀 마케팅 예산" not in titles("예산")
    assert "기밀 마케팅 예산" in titles("예산", staff=True)
    assert all("기밀" not in s["text"] for s in suggest("기밀", language="ko"))
    assert any("기밀" in s["text"] for s in suggest("기밀", language="ko", staff=True))
    api = client.get("/api/search/", {"q": "예산"}).json()
    assert api["total"] == 0 and api["results"] == []
    assert client.get("/api/search/suggest/", {"q": "기밀"}).json() == []
    assert "기밀" not in client.get("/search/", {"q": "마케팅"}).content.decode()
    client.force_login(staff_user)
    assert "기밀 마케팅 예산" in client.get("/search/", {"q": "예산"}).content.decode()


def test_filters_and_facets(corpus):
    response = search(SearchParams(q="커뮤니티"), language="ko")
    assert response.facets["type"] == {"post": 1, "event": 1}
    assert response.facets["topic"] == {"community": 2}
    assert titles("커뮤니티", page_type="event") == ["커뮤니티 밋업"]
    assert titles("마케팅", lang="en") == []
    assert titles("campaign", lang="en") == ["Launch notes"]


def test_visitor_language_first(corpus, tree):
    ko = factories.PostPageFactory(parent=tree.posts, slug="spring-ko", title="봄 campaign 정리")
    ko.save_revision().publish()
    reindex()
    ko_first = [r.language for r in search(SearchParams(q="campaign"), language="ko").results]
    en_first = [r.language for r in search(SearchParams(q="campaign"), language="en").results]
    assert ko_first == ["ko", "en"] and en_first == ["en", "ko"]


def test_snippets_highlight_and_escape(corpus, tree):
    page = factories.PostPageFactory(parent=tree.posts, slug="xss", title="스크립트",
                                     body="<p>&lt;script&gt;alert(1)&lt;/script&gt; 마케팅을 조심</p>")
    page.save_revision().publish()
    reindex()
    result = next(r for r in search(SearchParams(q="마케팅"), language="ko").results if r.title == "스크립트")
    assert "<mark>마케팅</mark>을" in result.snippet
    assert "<script>" not in result.snippet and "&lt;script&gt;" in result.snippet


def test_typo_gets_did_you_mean_and_results(corpus):
    response = search(SearchParams(q="커뮤니튀"), language="ko")
    assert response.did_you_mean == "커뮤니티"
    assert response.corrected_from == "커뮤니튀"
    assert "모임 회의록" in [r.title for r in response.results]
    english = search(SearchParams(q="campain"), language="ko")
    assert english.did_you_mean == "campaign" and [r.title for r in english.results] == ["Launch notes"]


def test_some_words_when_not_all_match(corpus):
    response = search(SearchParams(q="커뮤니티 우주선"), language="ko")
    assert response.partial and "모임 회의록" in [r.title for r in response.results]


def test_publishing_indexes_and_unpublishing_removes(tree, django_capture_on_commit_callbacks):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="fresh", title="새로운 로드맵",
                                        body=[("paragraph", "<p>로드맵을 공유합니다.</p>")])
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert titles("로드맵") == ["새로운 로드맵"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert titles("로드맵") == []
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert titles("로드맵") == []


def test_making_a_post_internal_hides_it(corpus, django_capture_on_commit_callbacks):
    post = corpus["community"]
    with django_capture_on_commit_callbacks(execute=True):
        post.visibility = "internal"
        post.save_revision().publish()
    assert "모임 회의록" not in titles("커뮤니티")
    assert "모임 회의록" in titles("커뮤니티", staff=True)


def test_noindex_pages_are_not_searchable(tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="hidden", title="숨은 안내", noindex=True)
    page.save_revision().publish()
    reindex()
    assert titles("안내") == []


def test_search_rebuild_reports_progress(corpus, capsys):
    from django.core.management import call_command

    call_command("search_rebuild")
    out = capsys.readouterr()
    assert "Indexed 5 pages" in out.out
    assert "100%" in out.err


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_rebuild_outside_a_transaction_compacts_the_index(capsys):
    """As run from a shell: on PostgreSQL it ends with VACUUM, which a transaction block refuses."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's; SQLite's merge runs the same inside a transaction (test above)")
    call_command("search_rebuild")
    assert "Indexed" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
                       "WHERE relname = 'site_search_searchdocument'")
        assert cursor.fetchone() == (True, True)


def test_very_common_words_rank_by_field_then_recency(tree, client, monkeypatch):
    """Above CAP matches bm25 (ts_rank on PostgreSQL) is skipped: a title match still leads, then the newest
    body matches."""
    from search.backends import embedded

    oldest_title = factories.PostPageFactory(parent=tree.posts, slug="guide", title="모임 안내", body="<p>안내</p>")
    body_only = [factories.PostPageFactory(parent=tree.posts, slug=f"note-{i}", title=f"회의록 {i}",
                                           body="<p>오늘 모임을 열었습니다.</p>") for i in range(4)]
    secret = factories.PostPageFactory(parent=tree.posts, slug="secret-note", title="모임 기밀", visibility="internal",
                                       body="<p>모임에서 나눈 예산</p>")
    for page in [oldest_title, *body_only, secret]:
        page.save_revision().publish()
    reindex()
    monkeypatch.setattr(embedded, "CAP", 2)

    response = search(SearchParams(q="모임"), language="ko")
    found = [r.title for r in response.results]
    assert found[0] == "모임 안내"  # older than every body match, but the word is in its title
    assert found[1:3] == ["회의록 3", "회의록 2"]  # then the newest body matches
    assert "모임 기밀" not in found
    assert response.total_exact is False and response.total == 2  # "more than 2"
    api = client.get("/api/search/", {"q": "모임"}).json()
    assert api["total_exact"] is False and api["results"][0]["title"] == "모임 안내"
    page = client.get("/search/", {"q": "모임"}).content.decode()
    assert "2건이 넘는 결과" in page

    monkeypatch.setattr(embedded, "CAP", 300)  # few matches: bm25 (ts_rank) over all of them, exact count
    exact = search(SearchParams(q="모임"), language="ko")
    assert exact.total_exact is True and exact.total == 5


def test_a_rare_word_beside_a_common_one_finds_only_pages_with_both(tree, monkeypatch):
    """bm25 scores the rare word alone (the common one is in every match anyway); the matches are still
    the pages holding both words, counted exactly, the title match first."""
    from django.db import connection

    from search.backends import embedded

    if connection.vendor != "sqlite":
        pytest.skip("the rare-word scoring is SQLite's: PostgreSQL's ts_rank has no IDF to skip")
    post = functools.partial(factories.PostPageFactory, parent=tree.posts)
    pages = [
        post(slug="budget-guide", title="모임 예산 안내", body="<p>모임 준비</p>"),
        post(slug="minutes", title="회의록", body="<p>모임에서 예산을 나눴다</p>"),
        post(slug="budget-only", title="분기 소식", body="<p>예산을 정했다</p>"),
        *[post(slug=f"meetup-{i}", title=f"소식 {i}", body="<p>모임을 열었다</p>") for i in range(3)],
    ]
    for page in pages:
        page.save_revision().publish()
    reindex()
    monkeypatch.setattr(embedded, "CAP", 3)  # 모임 is on 5 pages and 소식 on 4 (common), 예산 on 3 (rare)

    response = search(SearchParams(q="모임 예산"), language="ko")
    assert [r.title for r in response.results] == ["모임 예산 안내", "회의록"]
    assert response.total == 2 and response.total_exact is True

    # no rare word, yet only 3 pages hold both: ranked by field and recency, counted exactly
    response = search(SearchParams(q="모임 소식"), language="ko")
    assert [r.title for r in response.results] == ["소식 2", "소식 1", "소식 0"]
    assert response.total == 3 and response.total_exact is True


def test_did_you_mean_follows_the_index_after_the_cache_is_flushed(tree):
    """A process keeps its spelling lists for the index version it read; after the shared cache is
    flushed (Redis restarted) the next version must not repeat one a process has already seen."""
    from django.core.cache import cache

    factories.PostPageFactory(parent=tree.posts, slug="roadmap", title="Roadmap", body="<p>roadmap</p>")
    reindex()
    assert search(SearchParams(q="roadmop"), language="en").did_you_mean == "roadmap"
    cache.clear()
    factories.PostPageFactory(parent=tree.posts, slug="launch", title="Launch", body="<p>campaign</p>")
    reindex()
    assert search(SearchParams(q="campain"), language="en").did_you_mean == "campaign"
