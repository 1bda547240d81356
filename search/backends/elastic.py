"""The Elasticsearch backend (elasticsearch-dsl; ES 8/9 API), for teams that outgrow one machine.

Korean goes through nori: ``nori_tokenizer`` (decompound ``mixed``, a user dictionary for brand
terms) → ``nori_part_of_speech`` (drops particles, endings, suffixes) → ``nori_readingform`` →
``lowercase``. Every text field also has an ``.en`` subfield with English stemming. Search-time
analyzers add ``synonym_graph`` fed by a synonyms set, so approved synonyms apply without a
reindex. A rebuild writes a new index and swaps the alias in one atomic call.

Everything that talks to a cluster goes through ``self.client``; the request bodies are built
by pure functions below, which the tests check without a cluster.
"""

from __future__ import annotations

import time
from functools import cached_property

from django.conf import settings
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)

from .base import Candidate, IndexedDocument, SearchBackend, SearchHits, SearchQuery

CLICK_WEIGHT = 0.5  # the same bound as the embedded backend's re-ranking (search.service)


def prefix() -> str:
    return getattr(settings, "SEARCH_INDEX_PREFIX", "cms")


def alias_name() -> str:
    return f"{prefix()}-pages"


def synonyms_set_name() -> str:
    return f"{prefix()}-synonyms"


# --- analysis -------------------------------------------------------------------------------------


def analyzers() -> dict:
    nori = tokenizer(
        "ko_nori", type="nori_tokenizer", decompound_mode="mixed", discard_punctuation=True,
        user_dictionary_rules=list(getattr(settings, "SEARCH_USER_WORDS", [])),
    )
    pos = token_filter(
        "ko_pos", type="nori_part_of_speech",
        stoptags=["E", "IC", "J", "MAG", "MAJ", "MM", "SP", "SSC", "SSO", "SC", "SE", "XPN", "XSA", "XSN", "XSV",
                  "UNA", "NA", "VSV"],
    )
    synonyms = token_filter("site_synonyms", type="synonym_graph", synonyms_set=synonyms_set_name(), updateable=True,
                            lenient=True)
    english_stem = token_filter("english_stem", type="stemmer", language="english")
    possessive = token_filter("english_possessive", type="stemmer", language="possessive_english")
    english_stop = token_filter("english_stop", type="stop", stopwords="_english_")
    return {
        "korean": analyzer("korean", tokenizer=nori, filter=[pos, "nori_readingform", "lowercase"]),
        "korean_search": analyzer("korean_search", tokenizer=nori,
                                  filter=[pos, "nori_readingform", "lowercase", synonyms]),
        "english": analyzer("site_english", tokenizer="standard",
                            filter=[possessive, "lowercase", english_stop, english_stem]),
        "english_search": analyzer("site_english_search", tokenizer="standard",
                                   filter=[possessive, "lowercase", synonyms, english_stop, english_stem]),
    }


def _text(**extra) -> Text:
    a = analyzers()
    return Text(analyzer=a["korean"], search_analyzer=a["korean_search"],
                fields={"en": Text(analyzer=a["english"], search_analyzer=a["english_search"]), **extra})


class PageDocument(Document):
    page_id = Integer()
    title = _text(suggest=SearchAsYouType(analyzer=analyzers()["korean"]))
    summary = _text()
    body = _text()
    topic_names = _text()
    topics = Keyword()
    language = Keyword()
    page_type = Keyword()
    post_kind = Keyword()
    date = Date()
    internal = Boolean()
    url = Keyword(index=False)

    class Index:
        name = "pages"  # replaced per call: the real name carries the prefix and a timestamp


def index_definition(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, max_ngram_diff=2)
    index.document(PageDocument)
    for a in analyzers().values():
        index.analyzer(a)
    return index


def index_body(name: str = "x") -> dict:
    """Settings and mappings of a new index, as sent to the cluster."""
    return index_definition(name).to_dict()


def document_source(d: IndexedDocument) -> dict:
    return {
        "page_id": d.page_id, "title": d.title, "summary": d.summary, "body": d.body,
        "topic_names": " ".join(f"{t['name']} {t.get('name_en', '')}" for t in d.topics),
        "topics": [t["slug"] for t in d.topics], "language": d.language, "page_type": d.page_type,
        "post_kind": d.post_kind or None, "date": d.date.isoformat() if d.date else None, "internal": d.internal,
        "url": d.url,
    }


# --- queries ------------------------------------------------------------------------------------


FIELDS = ["title^10", "title.en^10", "summary^4", "summary.en^4", "topic_names^4", "topic_names.en^4", "body",
          "body.en"]


def filters(query: SearchQuery) -> list[dict]:
    out: list[dict] = []
    if not query.include_internal:
        out.append({"term": {"internal": False}})
    for field, value in (("language", query.language), ("page_type", query.page_type),
                         ("post_kind", query.post_kind), ("topics", query.topic)):
        if value:
            out.append({"term": {field: value}})
    if query.date_from or query.date_to:
        rng = {}
        if query.date_from:
            rng["gte"] = query.date_from.isoformat()
        if query.date_to:
            rng["lt"] = query.date_to.isoformat()
        out.append({"range": {"date": rng}})
    return out


def search_body(query: SearchQuery) -> dict:
    """One request: match (every word, synonyms by the analyzer), filters, click boosts, facets."""
    text = query.text or " ".join(group[0] for group in query.groups)
    match = {"multi_match": {"query": text, "fields": FIELDS, "type": "most_fields",
                             "operator": "or" if query.any_word else "and"}}
    scored: dict = match
    if query.click_signal:
        # a learned factor per clicked page, 1 … 1 + CLICK_WEIGHT: reorders, never takes over
        scored = {"function_score": {
            "query": match,
            "functions": [{"filter": {"term": {"page_id": pk}}, "weight": round(1 + CLICK_WEIGHT * min(1.0, s), 4)}
                          for pk, s in sorted(query.click_signal.items())],
            "score_mode": "max", "boost_mode": "multiply",
        }}
    body: dict = {
        "query": {"bool": {"must": [scored], "filter": filters(query)}},
        "size": query.limit,
        "track_total_hits": True,
        "_source": ["page_id", "language", "title"],
    }
    if query.prefer_language:
        body["sort"] = [
            {"_script": {"type": "number", "order": "asc", "script": {
                "source": "doc['language'].value == params.lang ? 0 : 1", "params": {"lang": query.prefer_language}}}},
            {"_score": "desc"}, {"page_id": "asc"},
        ]
        body["track_scores"] = True
    if query.facets:
        body["aggs"] = {name: {"terms": {"field": field, "size": 50}}
                        for name, field in (("type", "page_type"), ("kind", "post_kind"), ("language", "language"),
                                            ("topic", "topics"))}
    return body


def complete_body(prefix_text: str, *, language: str | None, include_internal: bool, limit: int) -> dict:
    flt = [] if include_internal else [{"term": {"internal": False}}]
    if language:
        flt.append({"term": {"language": language}})
    return {
        "query": {"bool": {
            "must": [{"multi_match": {"query": prefix_text, "type": "bool_prefix",
                                      "fields": ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"]}}],
            "filter": flt}},
        "size": limit, "_source": ["page_id"],
    }


def more_like_this_body(index: str, page_id: int, *, language: str, limit: int) -> dict:
    return {
        "query": {"bool": {
            "must": [{"more_like_this": {"fields": ["title", "summary", "body", "topic_names"],
                                         "like": [{"_index": index, "_id": str(page_id)}],
                                         "min_term_freq": 1, "min_doc_freq": 1, "max_query_terms": 25}}],
            "filter": [{"term": {"internal": False}}, {"term": {"language": language}}],
            "must_not": [{"term": {"page_id": page_id}}]}},
        "size": limit, "_source": ["page_id"],
    }


def significant_text_body(text: str, *, size: int = 10) -> dict:
    """Words that are unusually frequent in documents like this text (topic suggestions)."""
    return {
        "query": {"match": {"body": {"query": text[:5000]}}},
        "size": 0,
        "aggs": {"sample": {"sampler": {"shard_size": 200},
                            "aggs": {"keywords": {"significant_text": {"field": "body", "size": size,
                                                                       "filter_duplicate_text": True}}}}},
    }


def correction_body(text: str) -> dict:
    return {"suggest": {"text": text, "fix": {"phrase": {"field": "title", "size": 1, "gram_size": 1,
                                                         "direct_generator": [{"field": "title",
                                                                               "suggest_mode": "missing"}]}}},
            "size": 0}


def alias_swap_actions(alias: str, new_index: str, old_indices: list[str]) -> dict:
    """One atomic aliases call: searches never see no index or two."""
    actions = [{"remove": {"index": old, "alias": alias}} for old in old_indices]
    actions.append({"add": {"index": new_index, "alias": alias}})
    return {"actions": actions}


def synonym_rules(rows) -> list[dict]:
    """Approved synonyms as Solr-format equivalence rules for the synonyms set API."""
    return [{"id": f"s{row.pk}", "synonyms": ", ".join([row.term, *row.synonyms])} for row in rows if row.synonyms]


# --- the backend ----------------------------------------------------------------------------------


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    applies_click_signal = True

    @cached_property
    def client(self):
        from elasticsearch import Elasticsearch

        return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)

    @property
    def write_index(self) -> str:
        return getattr(self, "_rebuilding_into", None) or alias_name()

    def ensure_index(self) -> str:
        """Create the first index and its alias if the cluster has none yet."""
        alias = alias_name()
        if not self.client.indices.exists_alias(name=alias):
            self._ensure_synonyms_set()
            name = f"{alias}-{int(time.time() * 1000)}"
            self.client.indices.create(index=name, body=index_body(name))
            self.client.indices.update_aliases(body=alias_swap_actions(alias, name, []))
        return alias

    def _ensure_synonyms_set(self) -> None:
        from search.models import Synonym

        rules = synonym_rules(Synonym.objects.filter(status=Synonym.Status.APPROVED))
        self.client.synonyms.put_synonym(id=synonyms_set_name(), synonyms_set=rules)

    def push_synonyms(self, rows) -> None:
        self.client.synonyms.put_synonym(id=synonyms_set_name(), synonyms_set=synonym_rules(rows))

    def index(self, documents):
        if not documents:
            return
        from elasticsearch.helpers import bulk

        from .embedded import store_rows

        store_rows(documents)
        self.ensure_index()
        bulk(self.client, ({"_op_type": "index", "_index": self.write_index, "_id": str(d.page_id),
                            "_source": document_source(d)} for d in documents), refresh="wait_for")

    def delete(self, page_ids):
        if not page_ids:
            return
        from elasticsearch.helpers import bulk

        from search.models import SearchDocument

        SearchDocument.objects.filter(page_id__in=page_ids).delete()
        self.ensure_index()
        bulk(self.client, ({"_op_type": "delete", "_index": self.write_index, "_id": str(pk)} for pk in page_ids),
             raise_on_error=False, refresh="wait_for")

    def clear(self):
        from search.models import SearchDocument

        SearchDocument.objects.all().delete()
        alias = alias_name()
        if self.client.indices.exists_alias(name=alias):
            self.client.delete_by_query(index=alias, body={"query": {"match_all": {}}}, refresh=True)

    def rebuild(self, run) -> None:
        """Index everything into a new index, then point the alias at it and drop the old ones."""
        alias = self.ensure_index()
        old = list(self.client.indices.get_alias(name=alias).keys())
        new = f"{alias}-{int(time.time() * 1000)}"
        self.client.indices.create(index=new, body=index_body(new))
        self._rebuilding_into = new
        try:
            run()
        finally:
            self._rebuilding_into = None
        self.client.indices.refresh(index=new)
        self.client.indices.update_aliases(body=alias_swap_actions(alias, new, old))
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)

    def search(self, query: SearchQuery) -> SearchHits:
        self.ensure_index()
        response = self.client.search(index=alias_name(), body=search_body(query))
        hits = response["hits"]
        candidates = [Candidate(int(h["_source"]["page_id"]), float(h.get("_score") or 0.0), h["_source"]["language"],
                                h["_source"].get("title")) for h in hits["hits"]]
        facets = {name: {b["key"]: b["doc_count"] for b in agg["buckets"] if b["key"]}
                  for name, agg in response.get("aggregations", {}).items()}
        return SearchHits(candidates, hits["total"]["value"], facets,
                          total_exact=hits["total"].get("relation", "eq") == "eq")

    def complete(self, prefix_terms, *, language, include_internal, limit=8):
        self.ensure_index()
        body = complete_body(" ".join(prefix_terms), language=language, include_internal=include_internal,
                             limit=limit)
        return [int(h["_source"]["page_id"]) for h in self.client.search(index=alias_name(), body=body)["hits"]["hits"]]

    def vocabulary(self, language=None):
        return {}  # did-you-mean on Elasticsearch uses the phrase suggester (correct)

    def correct(self, text: str) -> str | None:
        self.ensure_index()
        options = self.client.search(index=alias_name(), body=correction_body(text))["suggest"]["fix"][0]["options"]
        return options[0]["text"] if options else None

    def related(self, page_id: int, *, language: str, limit: int = 4) -> list[int]:
        alias = self.ensure_index()
        body = more_like_this_body(alias, page_id, language=language, limit=limit)
        return [int(h["_source"]["page_id"]) for h in self.client.search(index=alias, body=body)["hits"]["hits"]]

    def significant_terms(self, text: str, size: int = 10) -> list[str]:
        response = self.client.search(index=self.ensure_index(), body=significant_text_body(text, size=size))
        return [b["key"] for b in response["aggregations"]["sample"]["keywords"]["buckets"]]
