"""bench/search: the embedded search backend on generated Korean/English corpora, beside a floor and a peer.

For each corpus size (default 10k and 100k documents), on one scratch database (SQLite, or with
``--database postgresql`` a PostgreSQL database of its own, dropped and recreated):

- ours: search.analysis (Kiwi/Snowball) + the embedded backend (FTS5 or tsvector), indexed in batches, then
  queried through the whole service (search.service.search: analysis, synonyms, backend, click
  re-ranking, promotions, facets, snippets), without logging;
- floor: a raw FTS5 table (unicode61) over the same text, ``MATCH … ORDER BY rank LIMIT 10`` with the
  query as typed (particles and all, so it finds little); on PostgreSQL a weighted ``simple``
  tsvector with a GIN index, ``@@ plainto_tsquery … ORDER BY ts_rank LIMIT 10``;
- floor-terms: the same bare lookup (``ORDER BY rank`` or ``ts_rank``, ``LIMIT 10``) on our index with our
  analysed terms: the cost of the lookup alone, without the service around it;
- peer: Wagtail's own database search backend (modelsearch) over the same text, first 10 results.

It prints indexing docs/s, query p50/p95 over a mixed query set, and Korean particle recall: for
nouns that appear in the text only with particles attached, the share of their documents a search
for the noun (with a particle, as people type it) finds.

    .venv/bin/python bench/search.py [--sizes 10000 100000] [--queries 300] [--rounds 4]
        [--database sqlite|postgresql] [--postgres-url postgres://postgres@127.0.0.1:5432/bench_search]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.search_settings"
VAR = ROOT / "var" / "bench-search"
POSTGRES = False  # set by --database postgresql


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fresh_database() -> None:
    if "django.db" in sys.modules:  # a previous size left a connection open on the file about to go
        from django.db import connections

        connections.close_all()
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    if POSTGRES:
        recreate_postgres(os.environ["BENCH_DATABASE_URL"])
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if POSTGRES:
        from django.db import connection

        with connection.cursor() as cursor:  # documents stand alone: no Wagtail page behind each
            cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f' "
                           "AND conrelid = 'site_search_searchdocument'::regclass")
            for (name,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE site_search_searchdocument DROP CONSTRAINT "{name}"')
    serving_connection()


def recreate_postgres(url: str) -> None:
    """An empty database for the bench, made through the server's maintenance database."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    if name in ("", "postgres", "test", "template0", "template1"):
        raise SystemExit(f"--postgres-url must name a scratch database for the bench, not {name!r}")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def index_ours(docs) -> float:
    from search.analysis import analyze_many
    from search.backends import IndexedDocument, get_backend

    backend = get_backend()
    start = time.perf_counter()
    for i in range(0, len(docs), 500):
        chunk = docs[i:i + 500]
        terms = analyze_many([text for d in chunk for text in (d.title, d.summary, d.body)])  # as search_rebuild
        batch = []
        for n, d in enumerate(chunk):
            title, summary, body = terms[3 * n:3 * n + 3]
            batch.append(IndexedDocument(
                page_id=d.id, language=d.language, page_type="article" if d.id % 3 else "post",
                post_kind="" if d.id % 3 else "meeting_note", title=d.title, summary=d.summary, body=d.body,
                url=f"/d/{d.id}/", date=None, internal=False, topics=[],
                title_terms=" ".join(title), summary_terms=" ".join(summary), body_terms=" ".join(body),
            ))
        backend.index(batch)
    backend.optimize()  # as search_rebuild ends
    return len(docs) / (time.perf_counter() - start)


def index_floor(docs) -> float:
    from django.db import connection, transaction

    if POSTGRES:
        return index_floor_postgres(docs)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE VIRTUAL TABLE raw_fts USING fts5(title, summary, body)")
        cursor.executemany("INSERT INTO raw_fts (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                           [[d.id, d.title, d.summary, d.body] for d in docs])
        cursor.execute("INSERT INTO raw_fts (raw_fts) VALUES ('optimize')")  # merged too, as ours is
    return len(docs) / (time.perf_counter() - start)


def index_floor_postgres(docs) -> float:
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE raw_pg (id integer PRIMARY KEY, v tsvector)")
        cursor.executemany(
            "INSERT INTO raw_pg (id, v) VALUES (%s, setweight(to_tsvector('simple', %s), 'A') || "
            "setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'D'))",
            [[d.id, d.title, d.summary, d.body] for d in docs])
        cursor.execute("CREATE INDEX raw_pg_v ON raw_pg USING gin (v)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE raw_pg")  # as ours gets from search_rebuild
    return len(docs) / (time.perf_counter() - start)


def index_peer(docs) -> float:
    from django.db import transaction
    from wagtail.search.backends import get_search_backend

    from bench.peer.models import BenchDoc

    start = time.perf_counter()
    backend = get_search_backend()
    for i in range(0, len(docs), 1000):
        with transaction.atomic():
            objs = BenchDoc.objects.bulk_create([
                BenchDoc(id=d.id, title=d.title, summary=d.summary, body=d.body, language=d.language)
                for d in docs[i:i + 1000]
            ])
            backend.add_bulk(BenchDoc, objs)
    return len(docs) / (time.perf_counter() - start)


def serving_connection() -> None:
    """Queries run as a web worker runs them: on a new connection to the built index, not on the one
    that just wrote it. Closing the writer checkpoints the write-ahead log into the database file, so
    reads come from the mapped file instead of being looked up in the log (measured at 100k: ours p95
    4.3 ms on the writer's connection, 3.8 on a new one; the floor 2.0 on both)."""
    from django.db import connection, connections

    connections.close_all()
    if not POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")  # documents stand alone: no Wagtail page behind each


def fts_string(query: str) -> str:
    return " ".join('"' + w.replace('"', '""') + '"' for w in query.split())


def run_ours(query: str) -> int:
    from search.service import SearchParams, search

    return len(search(SearchParams(q=query), language="ko", log=False).results)


def run_floor(query: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SELECT id FROM raw_pg, plainto_tsquery('simple', %s) q WHERE v @@ q "
                           "ORDER BY ts_rank(v, q) DESC LIMIT 10", [query])
        else:
            cursor.execute("SELECT rowid FROM raw_fts WHERE raw_fts MATCH %s ORDER BY rank LIMIT 10",
                           [fts_string(query)])
        return len(cursor.fetchall())


def floor_matches(query: str) -> set[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SELECT id FROM raw_pg WHERE v @@ plainto_tsquery('simple', %s)", [query])
        else:
            cursor.execute("SELECT rowid FROM raw_fts WHERE raw_fts MATCH %s", [fts_string(query)])
        return {row[0] for row in cursor.fetchall()}


def run_floor_terms(query: str) -> int:
    """The same FTS5 lookup ours makes (analysed terms, our index), with nothing around it."""
    from django.db import connection

    from search.backends.embedded import PostgresBackend, SqliteBackend
    from search.service import normalize_query, query_groups

    groups = query_groups(normalize_query(query))
    if not groups:
        return 0
    with connection.cursor() as cursor:
        if POSTGRES:
            backend = PostgresBackend()
            tsquery, params = backend._tsquery(groups)
            cursor.execute(f"SELECT d.page_id FROM site_search_searchdocument d, {tsquery} q "  # noqa: S608
                           f"WHERE d.search_vector @@ q.q ORDER BY {backend._rank} DESC LIMIT 10", params)
            return len(cursor.fetchall())
        cursor.execute("SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s ORDER BY rank LIMIT 10",
                       [SqliteBackend()._expression(groups)])
        return len(cursor.fetchall())


def run_peer(query: str) -> int:
    from wagtail.search.backends import get_search_backend

    from bench.peer.models import BenchDoc

    return len(list(get_search_backend().search(query, BenchDoc)[:10]))


def timed(fn, queries: list[str], rounds: int = 2) -> list[float]:
    for q in queries[: max(20, len(queries) // 10)]:
        fn(q)  # warm caches (Kiwi, SQLite pages, vocabulary)
    times = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - start) * 1000)
    return times


def timed_in_turns(systems: dict, queries: list[str], rounds: int = 4) -> dict[str, list[float]]:
    """Each system warms up, then the systems take turns over the whole query set, round after round
    (ours, floor, floor-terms, ours, …). A round keeps its system's caches hot, and a slow spell of this
    shared machine falls on every system alike rather than on whichever ran during it."""
    for fn in systems.values():
        for q in queries[: max(20, len(queries) // 10)]:
            fn(q)
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(rounds):
        for name, fn in systems.items():
            for q in queries:
                start = time.perf_counter()
                fn(q)
                times[name].append((time.perf_counter() - start) * 1000)
    return times


def recall(docs, nouns: list[str], sample: int = 60) -> dict[str, float]:
    """Micro-averaged recall for bare Korean nouns searched with a particle attached."""
    from wagtail.search.backends import get_search_backend

    from bench.corpus import with_particle
    from bench.peer.models import BenchDoc
    from search.backends import SearchQuery, embedded, get_backend
    from search.service import normalize_query, query_groups

    truth: dict[str, set[int]] = {}
    for d in docs:
        if d.language == "ko":
            for w in d.words:
                truth.setdefault(w, set()).add(d.id)
    rnd = random.Random(5)
    candidates = [n for n in nouns[100:3000] if 2 <= len(truth.get(n, ())) <= 400]
    chosen = rnd.sample(candidates, min(sample, len(candidates)))
    found = {"ours": 0, "floor": 0, "peer": 0}
    expected = 0
    cap, embedded.CAP = embedded.CAP, 10**9  # recall asks which documents match, not how the newest CAP rank
    try:
        for noun in chosen:
            query = with_particle(noun, rnd)
            want = truth[noun]
            expected += len(want)
            hits = get_backend().search(SearchQuery(groups=query_groups(normalize_query(query)), limit=100_000,
                                                    facets=False, text=query))
            found["ours"] += len(want & {c.page_id for c in hits.candidates})
            found["floor"] += len(want & floor_matches(query))
            found["peer"] += len(want & {doc.pk for doc in get_search_backend().search(query, BenchDoc)})
    finally:
        embedded.CAP = cap  # left at 10**9, the next corpus size would be timed uncapped
    return {k: v / expected if expected else 0.0 for k, v in found.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=4, help="turns over the query set for ours and the floors")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/bench_search",
                        help="a scratch database: dropped and recreated for each corpus size")
    args = parser.parse_args()
    if args.database == "postgresql":
        global POSTGRES
        POSTGRES = True
        os.environ["BENCH_DATABASE_URL"] = args.postgres_url
    from bench.corpus import generate, query_set

    report = []
    for size in args.sizes:
        fresh_database()
        started = time.perf_counter()
        docs, nouns, words = generate(size)
        queries = query_set(docs, nouns, words, args.queries)
        print(f"[{size:,} docs] corpus generated in {time.perf_counter() - started:.0f}s; indexing…", flush=True)
        rates = {"ours": index_ours(docs), "floor": index_floor(docs), "peer": index_peer(docs)}
        serving_connection()
        print(f"[{size:,} docs] indexed; querying…", flush=True)
        latencies = timed_in_turns({"ours": run_ours, "floor": run_floor, "floor-terms": run_floor_terms}, queries,
                                   args.rounds)
        latencies["peer"] = timed(run_peer, queries[:100], rounds=1)  # the peer is slow: 100 queries, once
        recalls = recall(docs, nouns)
        report.append((size, rates, latencies, recalls))

    print()
    print(f"database: {args.database}; mixed query set: {args.queries} queries "
          "(Korean with particles, English inflected; 1-3 words), "
          f"{args.rounds} rounds in turns (the peer: 100 queries, once)")
    print(f"{'docs':>8} {'system':11} {'index docs/s':>13} {'p50 ms':>8} {'p95 ms':>8} {'particle recall':>16}")
    for size, rates, latencies, recalls in report:
        for name in ("ours", "floor", "floor-terms", "peer"):
            lat = latencies[name]
            rate = f"{rates[name]:13.0f}" if name in rates else f"{'(ours)':>13}"
            rec = f"{recalls[name]:16.1%}" if name in recalls else f"{'(= ours)':>16}"
            print(f"{size:>8,} {name:11} {rate} {statistics.median(lat):8.2f} {percentile(lat, 95):8.2f} {rec}")
        ours95, floor95 = percentile(latencies["ours"], 95), percentile(latencies["floor"], 95)
        print(f"{size:>8,} ours p95 ÷ floor p95 = {ours95 / floor95:.2f}; "
              f"÷ floor-terms p95 = {ours95 / percentile(latencies['floor-terms'], 95):.2f}; "
              f"÷ peer p95 = {ours95 / percentile(latencies['peer'], 95):.2f}")
    size, rates, latencies, recalls = report[-1]
    ours95 = percentile(latencies["ours"], 95)
    checks = {
        "p95 <= 15 ms": ours95 <= 15,
        "p95 <= 2x floor": ours95 <= 2 * percentile(latencies["floor"], 95),
        "p95 <= 2x floor-terms": ours95 <= 2 * percentile(latencies["floor-terms"], 95),
        "indexing >= 500 docs/s": rates["ours"] >= 500,
        "particle recall 100%": recalls["ours"] >= 0.9999,
    }
    print(f"targets at {size:,} docs: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in checks.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
