"""Against a real Elasticsearch (with the analysis-nori plugin), only when ELASTICSEARCH_URL is set."""

import os

import pytest

from search.service import SearchParams, search

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not ES_URL, reason="needs a live Elasticsearch: set ELASTICSEARCH_URL (none runs here)"),
]


@pytest.fixture(autouse=True)
def elasticsearch(settings):
    from search.backends import _make

    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.SEARCH_INDEX_PREFIX = "cms-test"
    _make.cache_clear()
    yield
    backend = _make("elasticsearch", "sqlite")
    backend.client.indices.delete(index="cms-test-pages-*", ignore_unavailable=True)
    _make.cache_clear()


def titles(q, staff=False):
    return [r.title for r in search(SearchParams(q=q), language="ko", staff=staff).results]


def test_particles_stems_and_privacy_live(corpus):
    assert "소통의 기술" in titles("마케팅")
    assert "모임 회의록" in titles("커뮤니티")
    assert titles("campaigns") == ["Launch notes"]
    assert "기밀 마케팅 예산" not in titles("예산")
    assert "기밀 마케팅 예산" in titles("예산", staff=True)


def test_synonym_set_applies_without_reindex_live(corpus):
    from search import actions

    assert titles("우주선") == []
    actions.add_synonym("우주선", ["커뮤니티"])
    assert "모임 회의록" in titles("우주선")
