"""Taking mentions in: from any source, each judged for sentiment, each stored once.

A mention is the same one when its source gave it the same id, or when the same author said the same
text at the same minute (a post imported from an export and pulled again from a feed)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from ..models import Mention, Source
from ..sentiment.analyzer import language_of
from .cases import suggest_types
from .learning import classify

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
    created: list[Mention]
    duplicates: int


def fingerprint(text: str, author: str, posted_at: datetime) -> str:
    normal = SPACES.sub(" ", text).strip().lower()
    key = f"{normal}\x00{author.strip().lower()}\x00{posted_at:%Y-%m-%dT%H:%M}"
    return hashlib.sha256(key.encode()).hexdigest()


def source_named(name: str, kind: str, **defaults) -> Source:
    source, _made = Source.objects.get_or_create(name=name, defaults={"kind": kind, **defaults})
    return source


def ingest(source: Source, items: list[Incoming]) -> IngestResult:
    """Store what is new among ``items`` (checked and cleaned by the caller); the rest are duplicates."""
    rows, seen = [], set()
    for item in items:
        text = item.text.strip()[:MAX_TEXT]
        mark = fingerprint(text, item.author, item.posted_at)
        external = item.external_id.strip()[:200]
        if mark in seen or (external and ("id", external) in seen):
            continue
        seen.update({mark, ("id", external)} if external else {mark})
        language = item.language if item.language in ("ko", "en") else language_of(text)
        verdict, by = classify(text, language)
        rows.append(Mention(source=source, channel=item.channel[:30], external_id=external,
                            author=item.author.strip()[:200], text=text, language=language, url=item.url[:500],
                            posted_at=item.posted_at, raw=item.raw, fingerprint=mark, staff_only=item.staff_only,
                            sentiment=verdict.label, sentiment_score=verdict.score, sentiment_by=by))
    if not rows:
        return IngestResult([], len(items))
    known = Q(fingerprint__in=[r.fingerprint for r in rows])
    ids = [r.external_id for r in rows if r.external_id]
    if ids:
        known |= Q(source=source, external_id__in=ids)
    existing = Mention.objects.filter(known).values_list("fingerprint", "external_id")
    marks = {m for m, _e in existing}
    externals = {e for _m, e in existing if e}
    fresh = [r for r in rows if r.fingerprint not in marks and not (r.external_id and r.external_id in externals)]
    with transaction.atomic():
        Mention.objects.bulk_create(fresh, ignore_conflicts=True)  # a race with another import: kept once
    stored = list(Mention.objects.filter(fingerprint__in=[r.fingerprint for r in fresh]))
    suggest_types(stored)
    return IngestResult(stored, len(items) - len(stored))
