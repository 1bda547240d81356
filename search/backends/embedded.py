"""The embedded backend: the database the site already runs on, no other service.

SQLite: an FTS5 table (``site_search_fts``, rowid = page id) over the analysed terms, ranked by
bm25 with column weights. PostgreSQL: a weighted ``tsvector`` column with a GIN index, ranked by
``ts_rank``. On both, a word found in very many pages is not ranked over all of them (see ``CAP``).
Both receive terms already analysed by Kiwi/Snowball, so the database's own
tokenizer only splits on the spaces we put in; every term is passed as a bound parameter or quoted
as an FTS5 string, so no query text is ever parsed as FTS syntax.

Filters never send a search through a filter index row by row: on SQLite they are terms in the MATCH
itself; on PostgreSQL the planner, given statistics, picks between the GIN index and a backward walk of
the primary key by how common the words are (``PostgresBackend._newest``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

from ..models import SearchDocument, SearchDocumentTopic
from .base import Candidate, IndexedDocument, SearchBackend, SearchHits, SearchQuery

TITLE_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0
DOC = SearchDocument._meta.db_table
TOPIC = SearchDocumentTopic._meta.db_table


def db_datetime(value):
    """Raw SQL hands SQLite datetimes back as text and PostgreSQL's as aware datetimes."""
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def store_rows(documents: list[IndexedDocument]) -> None:
    """The displayable part of each document (title, url, snippet text, filters) in the site database.

    Every backend keeps these: results are shown from them, and visibility is checked against them.
    """
    now = timezone.now()
    ids = [d.page_id for d in documents]
    SearchDocumentTopic.objects.filter(document_id__in=ids).delete()
    existing = set(SearchDocument.objects.filter(page_id__in=ids).values_list("page_id", flat=True))
    rows = [
        SearchDocument(page_id=d.page_id, language=d.language, page_type=d.page_type, post_kind=d.post_kind,
                       title=d.title[:255], summary=d.summary, body=d.body, url=d.url[:500], date=d.date,
                       internal=d.internal, topics=d.topics, indexed_at=now)
        for d in documents
    ]
    fields = ["language", "page_type", "post_kind", "title", "summary", "body", "url", "date", "internal", "topics",
              "indexed_at"]
    SearchDocument.objects.bulk_update([r for r in rows if r.page_id in existing], fields)
    SearchDocument.objects.bulk_create([r for r in rows if r.page_id not in existing])
    SearchDocumentTopic.objects.bulk_create(
        [SearchDocumentTopic(document_id=d.page_id, slug=t["slug"]) for d in documents for t in d.topics]
    )


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    # --- writing ---------------------------------------------------------------------------------

    def index(self, documents: list[IndexedDocument]) -> None:
        if not documents:
            return
        with transaction.atomic():
            store_rows(documents)
            self._write_terms(documents)

    def delete(self, page_ids: list[int]) -> None:
        if not page_ids:
            return
        with transaction.atomic():
            self._delete_terms(page_ids)
            SearchDocument.objects.filter(page_id__in=page_ids).delete()

    def clear(self) -> None:
        with transaction.atomic():
            self._delete_terms(None)
            SearchDocumentTopic.objects.all().delete()
            SearchDocument.objects.all().delete()

    # --- reading ---------------------------------------------------------------------------------

    def _filters(self, query: SearchQuery) -> tuple[str, list]:
        where, params = [], []
        if not query.include_internal:
            where.append("d.internal = %s")
            params.append(False)
        for column, value in (("language", query.language), ("page_type", query.page_type),
                              ("post_kind", query.post_kind)):
            if value:
                where.append(f"d.{column} = %s")
                params.append(value)
        if query.date_from:
            where.append("d.date >= %s")
            params.append(query.date_from)
        if query.date_to:
            where.append("d.date < %s")
            params.append(query.date_to)
        if query.topic:
            where.append(f"EXISTS (SELECT 1 FROM {TOPIC} t WHERE t.document_id = d.page_id AND t.slug = %s)")
            params.append(query.topic)
        return (" AND ".join(where) or "1=1"), params

    def _hits(self, rows: list[tuple], scores: dict[int, float], slugs: list[tuple], query: SearchQuery, *,
              capped: bool, filter_dates: bool) -> SearchHits:
        """Ranked candidates and facet counts from the matches' rows ``(id, language, type, kind, date, title)``.

        With ``capped`` there were more than ``CAP`` matches and ``rows`` hold the ranked part of them: the
        count says "at least CAP" and the facets cover those rows, as Elasticsearch's sampled aggregations do.
        """
        total = CAP if capped else len(rows)
        if filter_dates and (query.date_from or query.date_to):
            rows = [(pk, lang, ptype, kind, db_datetime(date), title) for pk, lang, ptype, kind, date, title in rows]
            rows = [r for r in rows if r[4] is not None and (not query.date_from or r[4] >= query.date_from)
                    and (not query.date_to or r[4] < query.date_to)]
            if not capped:
                total = len(rows)
        prefer = query.prefer_language
        rows.sort(key=lambda r: (prefer is not None and r[1] != prefer, -scores[r[0]], r[0]))
        candidates = [Candidate(r[0], float(scores[r[0]]), r[1], r[5]) for r in rows[: query.limit]]
        facets: dict[str, dict[str, int]] = {}
        if query.facets:
            for name, index in (("type", 2), ("kind", 3), ("language", 1)):
                counts: dict[str, int] = {}
                for r in rows:
                    if r[index]:
                        counts[r[index]] = counts.get(r[index], 0) + 1
                facets[name] = counts
            kept = {r[0] for r in rows}
            topic_counts: dict[str, int] = {}
            for document_id, slug in slugs:
                if document_id in kept:
                    topic_counts[slug] = topic_counts.get(slug, 0) + 1
            facets["topic"] = topic_counts
        return SearchHits(candidates, total, facets, facets_sampled=capped, total_exact=not capped)

    # --- per database ------------------------------------------------------------------------------

    def _write_terms(self, documents: list[IndexedDocument]) -> None:
        raise NotImplementedError

    def _delete_terms(self, page_ids: list[int] | None) -> None:
        raise NotImplementedError


FTS_TABLES = ("site_search_fts", "site_search_title_fts")  # every term table the SQLite backend writes
META = "zzm"  # prefix of the filter tokens in the FTS5 ``meta`` column; never a word anyone types
CAP = 300  # above this many matches, the newest CAP are ranked by field and recency, not bm25/ts_rank
TITLE_CAP = 200  # newest title matches added to them


def field_scores(window: list[int], summary_matches: Iterable[int], title_matches: Iterable[int]) \
        -> dict[int, float]:
    """The ranking above ``CAP`` matches, on both databases: title, summary and body weights plus up to
    half a point for recency. ``window`` is the newest matches, newest first; the title matches join it
    even when older."""
    n = len(window)
    scores = {pk: BODY_WEIGHT + 0.5 * (n - i) / n for i, pk in enumerate(window)}
    for pk in summary_matches:
        if pk in scores:
            scores[pk] += SUMMARY_WEIGHT - BODY_WEIGHT
    for pk in title_matches:
        scores[pk] = scores.get(pk, BODY_WEIGHT) + TITLE_WEIGHT - BODY_WEIGHT
    return scores


def _meta_token(kind: str, value: str) -> str:
    return f"{META}{kind}{value.encode().hex()}"


def meta_tokens(d: IndexedDocument) -> str:
    """Filter values as tokens, so FTS5 filters in its own index instead of a join per match."""
    tokens = [_meta_token("l", d.language), _meta_token("t", d.page_type)]
    if d.post_kind:
        tokens.append(_meta_token("k", d.post_kind))
    tokens.extend(_meta_token("c", t["slug"]) for t in d.topics)
    if d.internal:
        tokens.append(f"{META}internal")  # few documents: "NOT internal" is cheap, "AND public" was not
    return " ".join(tokens)


class SqliteBackend(EmbeddedBackend):
    """FTS5, with two tricks that keep a common word fast on a large index.

    Filters (internal, language, type, kind, topic) are tokens in an unweighted ``meta`` column and
    join the MATCH expression, so FTS5 intersects them in its index. And bm25 is used only when a
    query matches at most ``CAP`` documents: FTS5's bm25 first counts every document holding each
    query term (its IDF), which for a word in half of 100,000 documents costs more than the rest of
    the search. Above ``CAP`` matches, the newest ``CAP`` matches plus the newest ``TITLE_CAP`` title
    matches are ranked by the field they match in (title, then summary, then body) and then by
    recency; FTS5 finds those by walking its index newest first and stops early. The count is then
    "at least ``CAP``" (``total_exact`` False, as Elasticsearch's ``track_total_hits`` bound), and
    facet counts cover the ranked matches (``facets_sampled``).

    At most ``CAP`` matches can still hide the same cost, when a rare word is paired with a common
    one ("채희 성미": 259 and 66,798 documents): bm25 would walk the common word's postings for an IDF
    near zero. So the words (OR-groups) of such a query are counted up to ``CAP + 1`` each (cheap:
    FTS5 stops there), and bm25 scores the rare ones only, as Elasticsearch's ``cutoff_frequency``
    leaves common terms out of scoring; every match holds the common words anyway, since words are
    ANDed. A query with no rare word ranks by field and recency as above, however few its matches.
    """

    name = "embedded-sqlite"
    _score = f"-bm25(site_search_fts, {TITLE_WEIGHT}, {SUMMARY_WEIGHT}, {BODY_WEIGHT}, 0.0)"

    def _expression(self, groups, prefix_last=False) -> str:
        parts = []
        for i, group in enumerate(groups):
            last = prefix_last and i == len(groups) - 1
            alternatives = [_fts_string(term) + ("*" if last else "") for term in group if term]
            if alternatives:
                parts.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(parts) or '""'

    def _filtered(self, expression: str, query: SearchQuery) -> str:
        """The text expression with the query's filters joined in as meta-column terms."""
        tokens = [_meta_token(kind, value) for kind, value in (
            ("l", query.language), ("t", query.page_type), ("k", query.post_kind), ("c", query.topic)) if value]
        if tokens:
            quoted = " AND ".join(f'"{t}"' for t in tokens)
            expression = f"({expression}) AND meta : ({quoted})"
        if not query.include_internal:
            expression = f"({expression}) NOT meta : \"{META}internal\""
        return expression

    def search(self, query: SearchQuery) -> SearchHits:
        groups = [group for group in query.groups if any(group)]
        if not groups:
            return SearchHits([], 0, {})
        text = self._expression(groups)
        full = self._filtered(text, query)
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s "
                           "ORDER BY rowid DESC LIMIT %s", [full, CAP + 1])
            ids = [row[0] for row in cursor.fetchall()]
            capped = len(ids) > CAP  # "1,000+ results": counting every match would cost more than the search
            rare = self._rare_groups(cursor, groups) if ids and not capped and len(groups) > 1 else groups
            if not ids:
                scores = {}
            elif capped or not rare:
                scores = self._field_scores(cursor, ids[:CAP], text, query)
            elif len(rare) == len(groups):  # every word is rare: bm25 over every match
                cursor.execute(f"SELECT rowid, {self._score} FROM site_search_fts WHERE site_search_fts MATCH %s",
                               [full])
                scores = dict(cursor.fetchall())
            else:  # bm25 on the rare words, for the matches of the whole query
                cursor.execute(f"SELECT rowid, {self._score} FROM site_search_fts WHERE site_search_fts MATCH %s",
                               [self._expression(rare)])
                found = dict(cursor.fetchall())
                scores = {pk: found.get(pk, 0.0) for pk in ids}
            if not scores:
                return SearchHits([], 0, {})
            ids = json.dumps(list(scores))  # one parameter: json_each beats thousands of placeholders
            cursor.execute(f"SELECT page_id, language, page_type, post_kind, date, title FROM {DOC} "
                           f"WHERE page_id IN (SELECT value FROM json_each(%s))", [ids])
            rows = cursor.fetchall()  # dates stay raw unless a date filter needs them
            slugs = []
            if query.facets:
                cursor.execute(f"SELECT document_id, slug FROM {TOPIC} WHERE document_id IN "
                               f"(SELECT value FROM json_each(%s))", [ids])
                slugs = cursor.fetchall()
        return self._hits(rows, scores, slugs, query, capped=capped, filter_dates=True)

    def _rare_groups(self, cursor, groups) -> list[list[str]]:
        """The query's words (OR-groups) found in at most ``CAP`` documents, counted in one statement."""
        expressions = [self._expression([group]) for group in groups]
        count = "(SELECT COUNT(*) FROM (SELECT 1 FROM site_search_fts WHERE site_search_fts MATCH %s LIMIT %s))"
        cursor.execute("SELECT " + ", ".join([count] * len(expressions)),
                       [value for e in expressions for value in (e, CAP + 1)])
        counts = cursor.fetchone()
        return [group for group, n in zip(groups, counts, strict=True) if n <= CAP]

    def _field_scores(self, cursor, ids: list[int], text: str, query: SearchQuery) -> dict[int, float]:
        """``field_scores`` for the newest matches ``ids``.

        Summary matches are looked up inside the window only (FTS5 seeks to the rowid range). Title
        matches come from the title-only table: in the main one, the title matches of two common
        words meant walking every posting of both, in every column (2.7 ms against 0.6 at 100k).
        """
        cursor.execute("SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s AND rowid >= %s",
                       [self._filtered(f"summary : ({text})", query), ids[-1]])
        summary = [pk for (pk,) in cursor.fetchall()]
        cursor.execute("SELECT rowid FROM site_search_title_fts WHERE site_search_title_fts MATCH %s "
                       "ORDER BY rowid DESC LIMIT %s", [self._filtered(f"title : ({text})", query), TITLE_CAP])
        return field_scores(ids, summary, [pk for (pk,) in cursor.fetchall()])

    def complete(self, prefix_terms, *, language, include_internal, limit=8):
        if not prefix_terms:
            return []
        text = "title : (" + self._expression([[t] for t in prefix_terms], prefix_last=True) + ")"
        scope = SearchQuery(groups=[], language=language, include_internal=include_internal)
        expression = self._filtered(text, scope)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id FROM (SELECT rowid AS page_id, {self._score} AS score FROM site_search_fts "
                f"WHERE site_search_fts MATCH %s ORDER BY rowid DESC LIMIT {CAP}) "
                f"ORDER BY score DESC, page_id LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def _write_terms(self, documents):
        self._delete_terms([d.page_id for d in documents])
        rows = [(d, meta_tokens(d)) for d in documents]
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO site_search_fts (rowid, title, summary, body, meta) VALUES (%s, %s, %s, %s, %s)",
                [[d.page_id, d.title_terms, d.summary_terms, d.body_terms, meta] for d, meta in rows],
            )
            cursor.executemany("INSERT INTO site_search_title_fts (rowid, title, meta) VALUES (%s, %s, %s)",
                               [[d.page_id, d.title_terms, meta] for d, meta in rows])

    def _delete_terms(self, page_ids):
        with connection.cursor() as cursor:
            for table in FTS_TABLES:
                if page_ids is None:
                    cursor.execute(f"DELETE FROM {table}")
                else:
                    cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [[pk] for pk in page_ids])

    def optimize(self) -> None:
        """Merge each full-text table into one segment: a rebuild in batches leaves a dozen, and every
        lookup reads them all (measured at 100k: p95 3.0 ms before, 2.6 after; under a second to merge)."""
        with connection.cursor() as cursor:
            for table in FTS_TABLES:
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def vocabulary(self, language=None):
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, doc FROM site_search_fts_vocab WHERE term NOT LIKE %s", [f"{META}%"])
            return dict(cursor.fetchall())


class PostgresBackend(EmbeddedBackend):
    """A weighted ``tsvector`` column with a GIN index, capped as the SQLite backend is.

    The GIN index finds the matches, but every match is then a heap row to visit, and ``ts_rank``
    reads each match's whole vector: ranking a word in half of 100,000 documents, three times over
    for the results and the facets, took 68 ms at p95 (bench/search --database postgresql). So the
    newest ``CAP + 1`` matches are taken first (only their filter columns leave the heap); at most
    ``CAP`` are ranked with ``ts_rank``, and above that the newest ``CAP`` plus the newest
    ``TITLE_CAP`` title matches are ranked by the field they match in and by recency, with the count
    and facets bounded, as on SQLite.
    """

    name = "embedded-postgresql"
    _rank = "ts_rank('{0.1, 0.25, 0.4, 1.0}', d.search_vector, q.q)"
    _columns = "d.page_id, d.language, d.page_type, d.post_kind, d.date, d.title"

    def _tsquery(self, groups, prefix_last=False) -> tuple[str, list]:
        """``(SELECT <tsquery> AS q)`` for the groups, every term a bound parameter."""
        query_parts, params = [], []
        for i, group in enumerate(groups):
            last = prefix_last and i == len(groups) - 1
            alternatives = []
            for term in group:
                if not term:
                    continue
                if last:
                    # a prefix query: the term quoted as one lexeme, then :* (quotes doubled inside)
                    alternatives.append("to_tsquery('simple', %s)")
                    params.append("'" + term.replace("\\", "").replace("'", "''") + "':*")
                else:
                    alternatives.append("plainto_tsquery('simple', %s)")
                    params.append(term)
            if alternatives:
                query_parts.append("(" + " || ".join(alternatives) + ")")
        return "(SELECT " + (" && ".join(query_parts) or "plainto_tsquery('simple', '')") + " AS q)", params

    def _newest(self, cursor, vector: str, tsquery: str, params: list, where: str, where_params: list,
                limit: int, columns: str | None = None) -> list[tuple]:
        """The newest matches. With statistics (``optimize``, then autovacuum), the planner walks the
        primary key backwards for a common word, stopping at ``limit`` matches, and takes the GIN index
        for a rare one. Forcing the GIN path (sorting every match) cost this lookup p95 8.3 ms against
        3.4 at 100k. The price: a word the statistics wrongly call common walks the whole table (about
        45 ms at 100k), as a forced GIN path does for a truly common word."""
        cursor.execute(f"SELECT {columns or self._columns} FROM {DOC} d, {tsquery} q WHERE d.{vector} @@ q.q "
                       f"AND {where} "
                       f"ORDER BY d.page_id DESC LIMIT %s", [*params, *where_params, limit])
        return cursor.fetchall()

    def search(self, query: SearchQuery) -> SearchHits:
        groups = [group for group in query.groups if any(group)]
        if not groups:
            return SearchHits([], 0, {})
        tsquery, params = self._tsquery(groups)
        where, where_params = self._filters(query)
        with connection.cursor() as cursor:
            rows = self._newest(cursor, "search_vector", tsquery, params, where, where_params, CAP + 1)
            if not rows:
                return SearchHits([], 0, {})
            capped = len(rows) > CAP
            rows = rows[:CAP]
            ids = [r[0] for r in rows]
            if capped:
                cursor.execute(f"SELECT d.page_id FROM {DOC} d, {tsquery} q WHERE d.page_id = ANY(%s) "
                               "AND ts_filter(d.search_vector, '{b}') @@ q.q", [*params, ids])
                summary = [pk for (pk,) in cursor.fetchall()]
                titles = self._newest(cursor, "search_title", tsquery, params, where, where_params, TITLE_CAP)
                scores = field_scores(ids, summary, [r[0] for r in titles])
                window = set(ids)
                rows += [r for r in titles if r[0] not in window]
                ids = [r[0] for r in rows]
            else:
                cursor.execute(f"SELECT d.page_id, {self._rank} FROM {DOC} d, {tsquery} q WHERE d.page_id = ANY(%s)",
                               [*params, ids])
                scores = dict(cursor.fetchall())
            slugs = []
            if query.facets:
                cursor.execute(f"SELECT document_id, slug FROM {TOPIC} WHERE document_id = ANY(%s)", [ids])
                slugs = cursor.fetchall()
        return self._hits(rows, scores, slugs, query, capped=capped, filter_dates=False)

    def complete(self, prefix_terms, *, language, include_internal, limit=8):
        if not prefix_terms:
            return []
        tsquery, params = self._tsquery([[t] for t in prefix_terms], prefix_last=True)
        where, where_params = self._filters(SearchQuery(groups=[], language=language,
                                                        include_internal=include_internal))
        with connection.cursor() as cursor:
            ids = [r[0] for r in self._newest(cursor, "search_title", tsquery, params, where, where_params, CAP,
                                              columns="d.page_id")]
            if not ids:
                return []
            cursor.execute(f"SELECT d.page_id FROM {DOC} d, {tsquery} q WHERE d.page_id = ANY(%s) "
                           "ORDER BY ts_rank(d.search_title, q.q) DESC, d.page_id LIMIT %s", [*params, ids, limit])
            return [row[0] for row in cursor.fetchall()]

    def optimize(self) -> None:
        """Statistics for the planner (see ``_newest``) and, outside a transaction, the dead row versions
        the rebuild's updates left. Without statistics the planner also scanned the ``internal`` index for
        every query and sorted all of a common word's matches (bench/search at 100k: p50 9.2 ms, p95 34;
        with them, p50 2.8, p95 9.3)."""
        with connection.cursor() as cursor:
            cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM (ANALYZE)'} {DOC}")

    def _write_terms(self, documents):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {DOC} SET search_title = to_tsvector('simple', %s), search_vector = "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                "|| setweight(to_tsvector('simple', %s), 'D') WHERE page_id = %s",
                [[d.title_terms, d.title_terms, d.summary_terms, d.body_terms, d.page_id] for d in documents],
            )

    def _delete_terms(self, page_ids):
        return None  # the columns go with their rows

    def vocabulary(self, language=None):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM {DOC}')")
            return dict(cursor.fetchall())
