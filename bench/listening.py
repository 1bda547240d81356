# ruff: noqa: S608, E501 - bulk SQL built from integers the bench made itself, kept unwrapped
"""bench/listening: how fast mentions are judged, imported and listed, and how well they are judged.

- classify: 100,000 generated mentions (Korean and English) through the classifier the import uses
  (the trained model, sentiment and complaint type), in batches as the import sends them; mentions per
  second and the process's peak memory; beside the lexicon alone in the same run.
- ingest: a 100,000-row CSV through the importer (parse, check, dedupe, store): rows per second; then
  the background judging of what it stored (sentiment and type, written back), as the worker runs it.
- inbox: 1,000,000 mentions on PostgreSQL, the staff inbox's filtered list (channel, sentiment, type,
  status, team, language, in combinations) through the API as staff call it: p50/p95 over 300 reads;
  the list itself counted up to the inbox's cap, beside the same list counted exactly, in the same run.
- quality: the shipped model (trained from listening/data/seed.tsv only) on listening/data/eval.tsv,
  a labelled set written apart from the seed and from the lexicon: 3-class accuracy and macro-F1,
  beside a majority-class baseline and the lexicon alone.

The generated mentions follow a Zipf law over a long tail of nouns (bench/corpus), and most carry a
word made up on the spot (a name, a typo, new slang), so Kiwi meets new words all through the run as
it would in real text; the share of words Kiwi had to read is printed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_listening .venv/bin/python bench/listening.py

The database named in DATABASE_URL is dropped and re-created.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import reset, setup  # noqa: E402 - after the path is set

KO_PREDICATES = {
    "positive": ["좋아요", "좋았어요", "만족해요", "최고예요", "친절했어요", "빨랐어요", "추천해요", "감사합니다", "유익했어요",
                 "깔끔했어요", "편리하네요", "괜찮았어요", "마음에 들어요", "재밌었어요"],
    "negative": ["별로예요", "실망했어요", "늦어요", "불편해요", "불친절했어요", "비싸요", "오류가 나요", "고장났어요",
                 "환불해 주세요", "최악이에요", "답답하네요", "아쉬워요", "좋지 않아요", "안 와요"],
    "neutral": ["언제 오나요", "어디서 신청하나요", "있나요", "확인 부탁드려요", "알려 주세요", "궁금해요", "몇 시인가요",
                "바뀌었나요"],
}
EN_PREDICATES = {
    "positive": ["was great", "works well", "is really helpful", "made my day", "was worth it", "I love it"],
    "negative": ["is broken", "was late again", "keeps crashing", "is too expensive", "was disappointing",
                 "never arrived"],
    "neutral": ["when is it", "where do I sign up", "is it available", "what time does it start"],
}
ADVERBS = ["정말", "너무", "진짜", "좀", "오늘", "다시", "또", "벌써", "아직", "그냥"]
CHANNELS = ["x", "facebook", "kakao", "blog", "email", "community"]


def generate(n: int, seed: int = 17) -> list[tuple[str, str]]:
    """(text, language) pairs: nouns from a long Zipf tail with their particles, then an opinion."""
    from bench.corpus import SYLLABLES, Zipf, vocabulary, with_particle

    nouns, words = vocabulary(seed)
    rnd = random.Random(seed)
    zk, ze = Zipf(len(nouns)), Zipf(len(words))
    out = []
    for _ in range(n):
        mood = rnd.choice(list(KO_PREDICATES))
        if rnd.random() < 0.25:
            picked = " ".join(words[ze.pick(rnd)] for _ in range(rnd.randint(3, 8)))
            out.append((f"The {picked} {rnd.choice(EN_PREDICATES[mood])}", "en"))
            continue
        parts = [with_particle(nouns[zk.pick(rnd)], rnd) for _ in range(rnd.randint(2, 6))]
        if rnd.random() < 0.6:  # a word nobody used before: a name, a typo, new slang
            made_up = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4)))
            parts.insert(rnd.randrange(len(parts) + 1), with_particle(made_up, rnd))
        if rnd.random() < 0.5:
            parts.insert(rnd.randrange(len(parts)), rnd.choice(ADVERBS))
        parts.append(rnd.choice(KO_PREDICATES[mood]))
        if rnd.random() < 0.2:
            parts.append(rnd.choice(["ㅠㅠ", "ㅎㅎ", "!!", "^^"]))
        out.append((" ".join(parts), "ko"))
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ship_model():
    """The shipped model: trained from the project's seed labels alone, made the one in use."""
    from listening.actions import learning

    made = learning.train()
    if made is None or not made.active:
        raise SystemExit(f"the seed model did not go into use: {made and made.accuracy} "
                         f"vs lexicon {made and made.lexicon_accuracy}")
    learning.forget()
    return made


def classify(mentions: list[tuple[str, str]], batch: int) -> None:
    from listening.actions.cases import suggest_type
    from listening.actions.learning import classify_many
    from listening.models import ComplaintType
    from listening.sentiment import analyzer

    types = list(ComplaintType.objects.order_by("order", "pk"))
    analyzer.forget()
    before = peak_mb()
    read_before = analyzer.read_count["words"]
    total_words = sum(len(t.split()) for t, _l in mentions)
    started = time.perf_counter()
    for start in range(0, len(mentions), batch):
        chunk = mentions[start:start + batch]
        for (text, _lang), (verdict, _by) in zip(chunk, classify_many([t for t, _l in chunk], [lg for _t, lg in chunk]), strict=True):
            if verdict.label == "negative":
                suggest_type(text, types)
    took = time.perf_counter() - started
    read = analyzer.read_count["words"] - read_before
    print(f"classify (model + type), {len(mentions):,} mentions in batches of {batch:,}: {len(mentions) / took:,.0f} mentions/s; "
          f"peak memory {peak_mb():,.0f} MB (before {before:,.0f} MB); Kiwi read {read / total_words:.1%} of {total_words:,} words")
    analyzer.forget()
    started = time.perf_counter()
    for start in range(0, len(mentions), batch):
        chunk = mentions[start:start + batch]
        analyzer.prepare([t for t, _l in chunk])
        for text, lang in chunk:
            analyzer.judge(text, lang)
    took = time.perf_counter() - started
    print(f"  the lexicon alone, same mentions: {len(mentions) / took:,.0f} mentions/s")


def ingest(mentions: list[tuple[str, str]]) -> None:
    from listening.actions import import_csv, source_named
    from listening.models import Mention, Source

    rnd = random.Random(5)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "author", "text", "posted_at", "url"])
    for i, (text, _lang) in enumerate(mentions):
        at = start + timedelta(minutes=i * 3 + rnd.randint(0, 2))
        writer.writerow([f"row-{i}", f"user{rnd.randint(1, 20000)}", text, at.strftime("%Y-%m-%d %H:%M"),
                         f"https://example.com/p/{i}"])
    text = buffer.getvalue()
    source = source_named("bench import", Source.Kind.FILE)
    mapping = {"text": "text", "posted_at": "posted_at", "author": "author", "id": "id", "url": "url"}
    started = time.perf_counter()
    report = import_csv(source, text, mapping, channel="csv")
    took = time.perf_counter() - started
    stored = Mention.objects.filter(source=source).count()
    print(f"ingest a {len(mentions):,}-row CSV ({len(text) / 1e6:.1f} MB): {report.rows / took:,.0f} rows/s "
          f"({report.created:,} stored, {report.duplicates:,} duplicates, {len(report.errors)} errors; {stored:,} in the table)")
    from listening.actions import judge_mentions

    started = time.perf_counter()
    judged = judge_mentions()
    judging = time.perf_counter() - started
    print(f"  judged in the background as the worker does (sentiment, type, stored): {judged / judging:,.0f} mentions/s; "
          f"from file to every row judged: {report.rows / (took + judging):,.0f} rows/s")
    started = time.perf_counter()
    again = import_csv(source, text, mapping, channel="csv")
    took = time.perf_counter() - started
    print(f"  the same file again (every row a duplicate): {again.rows / took:,.0f} rows/s, {again.created} stored")


def quality() -> None:
    from collections import Counter

    from sklearn.metrics import accuracy_score, f1_score

    from listening.actions import learning
    from listening.sentiment import judge

    evaluation = learning.read_labelled(learning.DATA / "eval.tsv")
    seed = learning.read_labelled(learning.DATA / "seed.tsv")
    overlap = {t for t, _y in evaluation} & {t for t, _y in seed}
    texts, truth = [t for t, _y in evaluation], [y for _t, y in evaluation]
    majority = Counter(y for _t, y in seed).most_common(1)[0][0]
    runs = {
        "majority class (" + majority + ")": [majority] * len(texts),
        "lexicon alone": [judge(t).label for t in texts],
        "shipped model": [j.label for j, _by in learning.classify_many(texts)],
    }
    print(f"\nquality on listening/data/eval.tsv: {len(texts)} labelled mentions "
          f"({dict(Counter(truth))}), {len(overlap)} shared with the {len(seed)} seed labels")
    print(f"{'judge':32} {'accuracy':>9} {'macro-F1':>9}")
    for name, predicted in runs.items():
        print(f"{name:32} {accuracy_score(truth, predicted):9.3f} "
              f"{f1_score(truth, predicted, labels=learning.LABELS, average='macro', zero_division=0):9.3f}")


INBOX_FILTERS = [{}, {"sentiment": "negative"}, {"channel": "x"}, {"channel": "kakao", "sentiment": "negative"},
                 {"type": "delivery"}, {"status": "new"}, {"team": "logistics"}, {"language": "en", "sentiment": "positive"},
                 {"status": "none", "sentiment": "negative"}, {"type": "bug", "status": "none"},
                 {"channel": "blog", "offset": 200}, {"team": "care", "status": "answered"}]


def fill_inbox(n: int) -> None:
    """``n`` mentions over two years in bulk SQL (channels, moods, languages, complaint types as
    judging leaves them), 20,000 of the complaints made cases in every status, three teams."""
    from django.db import connection

    from cms.models import Team
    from listening.models import ComplaintType, Mention, Source

    Mention.objects.all().delete()
    source = Source.objects.get_or_create(name="bench inbox", defaults={"kind": "file"})[0]
    teams = {slug: Team.objects.get_or_create(slug=slug, defaults={"name": slug})[0] for slug in ("logistics", "care", "dev")}
    for slug, team in {"delivery": "logistics", "quality": "logistics", "service": "care", "price": "care",
                       "bug": "dev", "event-safety": "care"}.items():
        ComplaintType.objects.filter(slug=slug).update(team=teams[team])
    types = list(ComplaintType.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.17)")
        cursor.execute(f"""
            INSERT INTO listening_mention (source_id, channel, external_id, author, text, language, url, posted_at, raw,
                fingerprint, staff_only, sentiment, sentiment_score, sentiment_by, received_at, complaint_type_id,
                type_suggested, case_status)
            SELECT {source.pk}, (ARRAY['x','facebook','kakao','blog','email','community'])[1 + floor(r.c * 6)::int],
                   '', 'user' || (i % 40000),
                   CASE WHEN r.l < 0.25 THEN 'mention ' || i ELSE '멘션 ' || i || ' 배송 문의' END,
                   CASE WHEN r.l < 0.25 THEN 'en' ELSE 'ko' END, '', now() - make_interval(secs => i * 63), '{{}}',
                   md5(i::text) || md5((i + 7)::text), i % 50 = 0,
                   (ARRAY['negative','neutral','positive'])[1 + floor(r.s * 3)::int], 0, 'lexicon', now(),
                   CASE WHEN r.s < 1.0 / 3 AND r.t < 0.8 THEN (ARRAY{types})[1 + floor(r.t * 1.25 * {len(types)})::int] END,
                   r.s < 1.0 / 3 AND r.t < 0.8, ''
            FROM generate_series(1, {n}) AS i,
                 LATERAL (SELECT random() + i * 0 AS c, random() + i * 0 AS l, random() + i * 0 AS s,
                                 random() + i * 0 AS t) AS r""")
        cursor.execute("""
            INSERT INTO listening_case (mention_id, type_id, team_id, priority, status, opened_at, first_response_due,
                resolution_due, first_response_at, resolved_at)
            SELECT m.id, m.complaint_type_id, t.team_id, 'normal',
                   (ARRAY['new','in_progress','answered','resolved'])[1 + m.id % 4], m.posted_at,
                   m.posted_at + interval '24 hours', m.posted_at + interval '72 hours',
                   CASE WHEN m.id % 4 >= 2 THEN m.posted_at + interval '3 hours' END,
                   CASE WHEN m.id % 4 = 3 THEN m.posted_at + interval '30 hours' END
            FROM listening_mention m JOIN listening_complainttype t ON t.id = m.complaint_type_id
            WHERE m.id % 7 = 0 LIMIT 20000""")
        cursor.execute("UPDATE listening_mention m SET case_status = c.status, team_id = c.team_id "
                       "FROM listening_case c WHERE c.mention_id = m.id")  # as the case actions keep them
        cursor.execute("VACUUM ANALYZE listening_mention")
        cursor.execute("VACUUM ANALYZE listening_case")
    print(f"\ninbox: {Mention.objects.count():,} mentions and {20000:,} cases written in {time.perf_counter() - started:.0f} s")


def timed(fn, n: int) -> tuple[float, float]:
    fn()
    times = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(n * 0.95) - 1]


def inbox(reads: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from listening.actions import InboxFilter, capped_count
    from listening.actions import inbox as listed
    from listening.actions.inbox_filter import COUNT_CAP

    staff = get_user_model().objects.filter(username="bench-staff").first() or \
        get_user_model().objects.create_superuser("bench-staff", "bench@example.com", "bench-pass-12345")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)

    def api(i=0):
        wanted = INBOX_FILTERS[i % len(INBOX_FILTERS)]
        response = client.get("/api/listening/inbox/", {**wanted, "limit": 50})
        assert response.status_code == 200, response.content[:300]

    def rules(count):
        def read(i=0):
            wanted = dict(INBOX_FILTERS[i % len(INBOX_FILTERS)])
            wanted.pop("offset", 0)
            count(listed(InboxFilter(**wanted)))
        return read

    p50, p95 = timed(api, reads)
    c50, c95 = timed(rules(capped_count), reads)
    e50, e95 = timed(rules(lambda m: m.count()), reads)
    print(f"the staff inbox API, {len(INBOX_FILTERS)} filters in turn, 50 a page, {reads} reads: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"  its count, up to {COUNT_CAP:,}: p50 {c50:.1f} ms, p95 {c95:.1f} ms; the same filters counted exactly: "
          f"p50 {e50:.1f} ms, p95 {e95:.1f} ms ({e95 / c95:.1f}× the capped p95)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--inbox", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--reads", type=int, default=300)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--inbox-again", action="store_true")
    parser.add_argument("--ingest-only", action="store_true")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        print("bench/listening needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_listening")
        return 2
    if args.inbox_again:  # measure the inbox again on the data an earlier run left
        setup()
        inbox(args.reads)
        return 0
    reset(database)
    setup()
    made = ship_model()
    print(f"shipped model v{made.version}: {made.labels} seed labels; held out {made.held_out}: "
          f"accuracy {made.accuracy:.3f} (lexicon {made.lexicon_accuracy:.3f})")
    quality()
    if args.quality_only:
        return 0
    mentions = generate(args.mentions)
    if args.ingest_only:
        ingest(mentions)
        return 0
    classify(mentions, args.batch)
    ingest(mentions)
    fill_inbox(args.inbox)
    inbox(args.reads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
