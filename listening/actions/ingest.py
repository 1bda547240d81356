"""Taking mentions in: from any source, each stored once, then judged for sentiment.

A mention is the same one when its source gave it the same id, or when the same author said the same
text at the same minute (a post imported from an export and pulled again from a feed)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Mention, Source
from ..sentiment.analyzer import language_of
from .judging import inline_limit, judge_later, judge_mentions

MAX_TEXT = 10_000
SPACES = re.compile(r"\s+")


@dataclass
class Incoming:
    """One mention as a source gives it."""

    text: str
    posted_at: datetime
    channel: str
    author: str = ""
    external_id: str = ""
    url: str = ""
    language: str = ""
    staff_only: bool = False
    raw: dict = field(default_factory=dict)


@dataclass
class IngestResult:
    created: list[Mention]  # what was stored (empty when the caller asked only for the count)
    duplicates: int
    stored: int = 0


def fingerprint(text: str, author: str, posted_at: datetime) -> str:
    normal = SPACES.sub(" ", text).strip().lower()
    key = f"{normal}\x00{author.strip().lower()}\x00{posted_at:%Y-%m-%dT%H:%M}"
    return hashlib.sha256(key.encode()).hexdigest()


def source_named(name: str, kind: str, **defaults) -> Source:
    source, _made = Source.objects.get_or_create(name=name, defaults={"kind": kind, **defaults})
    return source


CHUNK = 1_000  # mentions stored together: one insert (and on SQLite one dedupe query) per chunk
COPY_CHUNK = 5_000  # on PostgreSQL (no query parameters to count): fewer round trips and commits
COLUMNS = ("source_id", "channel", "external_id", "author", "text", "language", "url", "posted_at", "raw",
           "fingerprint", "staff_only", "sentiment", "sentiment_score", "sentiment_by", "received_at",
           "type_suggested", "case_status")


def ingest(source: Source, items: list[Incoming], *, keep: bool = True) -> IngestResult:
    """Store what is new among ``items`` (checked and cleaned by the caller); the rest are duplicates.
    A few are judged at once; many are judged in the background (see judging). With ``keep`` off
    only the counts come back (an import of many thousand rows needs no objects)."""
    seen: set = set()
    ids: list[int] = []
    postgres = connection.vendor == "postgresql"
    store, size = (_store_postgres, COPY_CHUNK) if postgres else (_store_other, CHUNK)
    for start in range(0, len(items), size):
        rows = _rows(source, items[start:start + size], seen)
        if rows:
            with transaction.atomic():
                ids.extend(store(source, rows))
    if len(ids) <= inline_limit():
        judge_mentions(ids)
    else:
        judge_later()
    created = list(Mention.objects.filter(pk__in=ids).order_by("pk")) if keep else []
    return IngestResult(created, len(items) - len(ids), len(ids))


def _rows(source: Source, chunk: list[Incoming], seen: set) -> list[tuple]:
    """The chunk's mentions as rows in COLUMNS' order, less those already seen in this batch."""
    now = timezone.now()
    rows = []
    for item in chunk:
        text = _no_nul(item.text).strip()[:MAX_TEXT]
        author = _no_nul(item.author).strip()[:200]
        mark = fingerprint(text, author, item.posted_at)
        external = _no_nul(item.external_id).strip()[:200]
        if mark in seen or (external and ("id", external) in seen):
            continue
        seen.update({mark, ("id", external)} if external else {mark})
        language = item.language if item.language in ("ko", "en") else language_of(text)
        rows.append((source.pk, _no_nul(item.channel)[:30], external, author, text, language,
                     _no_nul(item.url)[:500], item.posted_at, item.raw, mark, item.staff_only, "", 0.0,
                     Mention.By.PENDING.value, now, False, ""))
    return rows


# What differs from row to row goes through COPY; what every new row shares is written by the INSERT.
VARYING = ("channel", "external_id", "author", "text", "language", "url", "posted_at", "raw", "fingerprint",
           "staff_only")
SHARED = {"sentiment": "''", "sentiment_score": "0", "sentiment_by": f"'{Mention.By.PENDING.value}'",
          "received_at": "now()", "type_suggested": "false", "case_status": "''"}


def _no_nul(value: str) -> str:
    """PostgreSQL text cannot hold NUL (a pasted export sometimes does): it is dropped, everywhere alike."""
    return value.replace("\x00", "") if "\x00" in value else value


def _no_nul_in(value):
    """The same for what the source sent, at any depth (jsonb refuses \\u0000 too)."""
    if isinstance(value, str):
        return _no_nul(value)
    if isinstance(value, dict):
        return {_no_nul(str(k)): _no_nul_in(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nul_in(v) for v in value]
    return value


def _store_postgres(source: Source, rows: list[tuple]) -> list[int]:
    """COPY into a scratch table, then one INSERT … ON CONFLICT DO NOTHING: a row whose id at the
    source or fingerprint is already stored (by an earlier import, or another one running now) is
    skipped by the database itself, and RETURNING says exactly which went in."""
    table, varying = Mention._meta.db_table, ", ".join(VARYING)
    picks = [COLUMNS.index(name) for name in VARYING]
    raw = VARYING.index("raw")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS listening_incoming ON COMMIT DELETE ROWS AS "  # noqa: S608
                       f"SELECT {varying} FROM {table} WITH NO DATA")  # (names from the model, not from input)
        cursor.execute("TRUNCATE listening_incoming")
        with cursor.cursor.copy(f"COPY listening_incoming ({varying}) FROM STDIN") as copy:
            for row in rows:
                values = [row[i] for i in picks]
                values[raw] = json.dumps(_no_nul_in(values[raw]), ensure_ascii=False)
                copy.write_row(values)
        cursor.execute(f"INSERT INTO {table} (source_id, {varying}, {', '.join(SHARED)}) "  # noqa: S608
                       f"SELECT %s, {varying}, {', '.join(SHARED.values())} FROM listening_incoming "
                       f"ON CONFLICT DO NOTHING RETURNING id", [source.pk])
        return [found for (found,) in cursor.fetchall()]


def _store_other(source: Source, rows: list[tuple]) -> list[int]:
    """Elsewhere (SQLite in development): leave out what is stored, insert the rest, read back their ids."""
    mark, external = COLUMNS.index("fingerprint"), COLUMNS.index("external_id")
    fingerprints = [r[mark] for r in rows]
    externals = [r[external] for r in rows if r[external]]
    known = Q(fingerprint__in=fingerprints)
    if externals:
        known |= Q(source=source, external_id__in=externals)
    existing = Mention.objects.filter(known).values_list("fingerprint", "external_id")
    marks = {m for m, _e in existing}
    taken = {e for _m, e in existing if e}
    fresh = [Mention(**dict(zip(COLUMNS, row, strict=True))) for row in rows
             if row[mark] not in marks and not (row[external] and row[external] in taken)]
    Mention.objects.bulk_create(fresh, ignore_conflicts=True)
    return list(Mention.objects.filter(fingerprint__in=[m.fingerprint for m in fresh], source=source)
                .values_list("pk", flat=True))
