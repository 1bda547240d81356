"""The Elasticsearch backend's requests, checked without a cluster (there is none on these machines).

tests/search/test_elastic_live.py runs the same behaviour against a real cluster when
ELASTICSEARCH_URL is set.
"""

from datetime import UTC, datetime

import pytest

from search.backends import SearchQuery, _make
from search.backends import elastic as es
from search.models import Synonym

pytestmark = pytest.mark.django_db


def test_backend_is_chosen_by_settings(settings):
    assert _make("elasticsearch", "sqlite").name == "elasticsearch"
    assert _make("embedded", "sqlite").name == "embedded-sqlite"
    assert _make("embedded", "postgresql").name == "embedded-postgresql"
    with pytest.raises(ValueError):
        _make("solr", "sqlite")


def test_korean_analysis_chain(settings):
    settings.SEARCH_USER_WORDS = ["소통마케팅", "위저드"]
    analysis = es.index_body("cms-pages-1")["settings"]["analysis"]
    nori = analysis["tokenizer"]["ko_nori"]
    assert nori == {"type": "nori_tokenizer", "decompound_mode": "mixed", "discard_punctuation": True,
                    "user_dictionary_rules": ["소통마케팅", "위저드"]}
    korean = analysis["analyzer"]["korean"]
    assert korean["tokenizer"] == "ko_nori" and korean["filter"] == ["ko_pos", "nori_readingform", "lowercase"]
    assert {"J", "E", "XSV"} <= set(analysis["filter"]["ko_pos"]["stoptags"])
    search_side = analysis["analyzer"]["korean_search"]["filter"]
    assert search_side[-1] == "site_synonyms"
    assert analysis["filter"]["site_synonyms"] == {"type": "synonym_graph", "synonyms_set": "cms-synonyms",
                                                   "updateable": True, "lenient": True}
    assert analysis["filter"]["english_stem"] == {"type": "stemmer", "language": "english"}


def test_mappings_boost_and_subfields():
    props = es.index_body()["mappings"]["properties"]
    assert props["title"]["analyzer"] == "korean" and props["title"]["search_analyzer"] == "korean_search"
    assert props["title"]["fields"]["en"]["analyzer"] == "site_english"
    assert props["title"]["fields"]["suggest"]["type"] == "search_as_you_type"
    assert props["body"]["fields"]["en"]["search_analyzer"] == "site_english_search"
    for keyword in ("language", "page_type", "post_kind", "topics"):
        assert props[keyword]["type"] == "keyword"
    assert props["internal"]["type"] == "boolean" and props["date"]["type"] == "date"
    assert "title^10" in es.FIELDS and "summary^4" in es.FIELDS and "body" in es.FIELDS


def test_index_name_has_the_prefix(settings):
    settings.SEARCH_INDEX_PREFIX = "acme"
    assert es.alias_name() == "acme-pages" and es.synonyms_set_name() == "acme-synonyms"


def test_anonymous_query_filters_internal_and_applies_filters():
    body = es.search_body(SearchQuery(
        groups=[["마케팅"]], text="마케팅을", page_type="post", topic="community", language="ko",
        date_from=datetime(2026, 1, 1, tzinfo=UTC), date_to=datetime(2026, 2, 1, tzinfo=UTC), prefer_language="en",
    ))
    query = body["query"]["bool"]
    assert query["must"][0]["multi_match"]["query"] == "마케팅을"
    assert query["must"][0]["multi_match"]["operator"] == "and"
    assert {"term": {"internal": False}} in query["filter"]
    assert {"term": {"page_type": "post"}} in query["filter"] and {"term": {"topics": "community"}} in query["filter"]
    assert {"range": {"date": {"gte": "2026-01-01T00:00:00+00:00", "lt": "2026-02-01T00:00:00+00:00"}}} in \
        query["filter"]
    assert body["sort"][0]["_script"]["script"]["params"] == {"lang": "en"}
    assert set(body["aggs"]) == {"type", "kind", "language", "topic"}


def test_staff_query_includes_internal_posts():
    body = es.search_body(SearchQuery(groups=[["예산"]], text="예산", include_internal=True))
    assert {"term": {"internal": False}} not in body["query"]["bool"]["filter"]


def test_click_signal_is_a_bounded_function_score():
    body = es.search_body(SearchQuery(groups=[["로드맵"]], text="로드맵", click_signal={7: 1.0, 9: 0.2}))
    fs = body["query"]["bool"]["must"][0]["function_score"]
    weights = {f["filter"]["term"]["page_id"]: f["weight"] for f in fs["functions"]}
    assert weights == {7: 1.5, 9: 1.1}
    assert fs["boost_mode"] == "multiply" and max(weights.values()) <= 1 + es.CLICK_WEIGHT


def test_autocomplete_related_and_topic_bodies():
    complete = es.complete_body("커뮤", language="ko", include_internal=False, limit=5)
    assert complete["query"]["bool"]["must"][0]["multi_match"]["type"] == "bool_prefix"
    assert {"term": {"internal": False}} in complete["query"]["bool"]["filter"]
    mlt = es.more_like_this_body("cms-pages", 12, language="ko", limit=4)
    assert mlt["query"]["bool"]["must"][0]["more_like_this"]["like"] == [{"_index": "cms-pages", "_id": "12"}]
    assert {"term": {"internal": False}} in mlt["query"]["bool"]["filter"]
    assert mlt["query"]["bool"]["must_not"] == [{"term": {"page_id": 12}}]
    sig = es.significant_text_body("커뮤니티 운영 회의")
    assert sig["aggs"]["sample"]["aggs"]["keywords"]["significant_text"]["field"] == "body"


def test_rebuild_swaps_the_alias_in_one_call():
    body = es.alias_swap_actions("cms-pages", "cms-pages-2", ["cms-pages-1"])
    assert body == {"actions": [{"remove": {"index": "cms-pages-1", "alias": "cms-pages"}},
                                {"add": {"index": "cms-pages-2", "alias": "cms-pages"}}]}


def test_approved_synonyms_become_rules():
    row = Synonym.objects.create(term="seo", synonyms=["검색엔진최적화"], status=Synonym.Status.APPROVED)
    assert es.synonym_rules([row]) == [{"id": f"s{row.pk}", "synonyms": "seo, 검색엔진최적화"}]


def test_documents_carry_text_not_terms():
    from search.backends import IndexedDocument

    doc = IndexedDocument(page_id=3, language="ko", page_type="post", post_kind="meeting_note", title="회의록",
                          summary="", body="커뮤니티를 키웠다", url="/posts/x/", date=None, internal=True,
                          topics=[{"slug": "community", "name": "커뮤니티", "name_en": "Community"}],
                          body_terms="커뮤니티 키우")
    source = es.document_source(doc)
    assert source["body"] == "커뮤니티를 키웠다" and source["internal"] is True
    assert source["topics"] == ["community"] and "Community" in source["topic_names"]
