"""Judging stored mentions: sentiment (the model in use, or the lexicon) and, for a complaint, the
suggested type. An import stores its rows first and judges them here: at once when they are few (the
person importing sees the result), in the background when they are many (a request should not wait
half a minute for a hundred thousand rows), a thousand at a time.

Idempotent: only mentions still waiting are judged, and a staff label given meanwhile is never
overwritten (each chunk locks its rows; a label waits for the chunk, then wins)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

from ..models import ComplaintType, Mention
from .cases import suggest_type
from .learning import classify_many

CHUNK = 1_000


def inline_limit() -> int:
    """Up to this many new mentions are judged in the request that brought them."""
    return settings.LISTENING_JUDGE_INLINE


def judge_mentions(ids: list[int] | None = None, *, limit: int | None = None) -> int:
    """Judge the waiting mentions among ``ids`` (all waiting ones when None); returns how many."""
    types = list(ComplaintType.objects.order_by("order", "pk"))
    judged = 0
    while limit is None or judged < limit:
        with transaction.atomic():
            waiting = Mention.objects.filter(sentiment_by=Mention.By.PENDING)
            if ids is not None:
                waiting = waiting.filter(pk__in=ids[:CHUNK])
                ids = ids[CHUNK:]
            chunk = list(waiting.select_for_update(skip_locked=True).order_by("pk")
                         .only("pk", "text", "language")[:CHUNK])
            if chunk:
                _judge(chunk, types)
                judged += len(chunk)
        if not chunk and not ids:
            break
    return judged


def _judge(chunk: list[Mention], types: list[ComplaintType]) -> None:
    verdicts = classify_many([m.text for m in chunk], [m.language for m in chunk])
    rows = []
    for mention, (verdict, by) in zip(chunk, verdicts, strict=True):
        found = suggest_type(mention.text, types) if verdict.label == "negative" else None
        rows.append((mention.pk, verdict.label, verdict.score, str(by), found.pk if found else None, found is not None))
    if connection.vendor == "postgresql":
        _write_postgres(rows)
        return
    for mention, (_pk, sentiment, score, by, type_id, suggested) in zip(chunk, rows, strict=True):
        mention.sentiment, mention.sentiment_score, mention.sentiment_by = sentiment, score, by
        mention.complaint_type_id, mention.type_suggested = type_id, suggested
    Mention.objects.bulk_update(chunk, ["sentiment", "sentiment_score", "sentiment_by", "complaint_type",
                                        "type_suggested"], batch_size=100)  # CASE … WHEN grows as the square


def _write_postgres(rows: list[tuple]) -> None:
    """One UPDATE … FROM the chunk's verdicts (COPYed in): Django's bulk_update writes a CASE per field
    with a branch per row, which PostgreSQL walks for every row (a thousand rows: a second)."""
    table = Mention._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS listening_verdicts (id bigint, sentiment varchar(8), "
                       "score double precision, judged_by varchar(8), type_id bigint, suggested boolean) "
                       "ON COMMIT DELETE ROWS")
        cursor.execute("TRUNCATE listening_verdicts")
        with cursor.cursor.copy("COPY listening_verdicts FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"UPDATE {table} AS m SET sentiment = v.sentiment, sentiment_score = v.score, "  # noqa: S608
                       "sentiment_by = v.judged_by, complaint_type_id = v.type_id, type_suggested = v.suggested "
                       "FROM listening_verdicts AS v WHERE m.id = v.id AND m.sentiment_by = %s",
                       [Mention.By.PENDING.value])


def judge_later() -> None:
    """After the import commits, the worker judges what waits (the minutely sweep is the safety net)."""
    from ..tasks import judge_pending

    transaction.on_commit(lambda: judge_pending.delay())
