"""SNS analysis: per channel and per direction of the watched communities (our own channels, the same
industry, other industries, customer groups) — volume, mood, the terms people use most and the terms
rising, over time — and the staff's own SNS activity (posts, shares of our pages, replies, cases
answered) for the internal training programme.

Terms are Kiwi's nouns (English words for English text) with the search app's stop words, counted once
per mention (one person repeating a word is not a trend), from the newest mentions of each period
(a sample of SAMPLE), so the report stays fast at a million mentions."""

from __future__ import annotations

import math
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.charts import chart, series
from search.analysis import ENGLISH_STOPWORDS, STOP_STEMS

from .models import CaseReply, Source, StaffAccount
from .reports import week_of, weeks_back
from .sentiment.analyzer import morphemes

SAMPLE = 3000
NOUNS = frozenset({"NNG", "NNP"})


def _mood_rows(counted, key: str, labels: dict) -> list[dict]:
    rows: dict[str, dict] = {}
    for row in counted:
        one = rows.setdefault(row[key], {"key": row[key], "label": str(labels.get(row[key], row[key])),
                                         "positive": 0, "neutral": 0, "negative": 0, "pending": 0})
        one[row["sentiment"] or "pending"] += row["n"]
    for one in rows.values():
        judged = one["positive"] + one["neutral"] + one["negative"]
        one["volume"] = judged + one["pending"]
        one["net"] = round((one["positive"] - one["negative"]) * 100 / judged) if judged else None
    return sorted(rows.values(), key=lambda r: (-r["volume"], r["label"]))


def by_direction(mentions: QuerySet, days: int) -> list[dict]:
    since = timezone.now() - timedelta(days=days)
    counted = (mentions.filter(posted_at__gte=since).values("source__direction", "sentiment")
               .annotate(n=Count("pk")))
    return _mood_rows(counted, "source__direction", dict(Source.Direction.choices))


def by_channel(mentions: QuerySet, days: int) -> list[dict]:
    since = timezone.now() - timedelta(days=days)
    counted = mentions.filter(posted_at__gte=since).values("channel", "sentiment").annotate(n=Count("pk"))
    return _mood_rows(counted, "channel", {})


def weekly_chart(mentions: QuerySet, weeks: int = 8) -> dict:
    """Mentions per week by direction."""
    mondays, since = weeks_back(weeks)
    table = {d: dict.fromkeys(mondays, 0) for d, _label in Source.Direction.choices}
    for row in (mentions.filter(posted_at__gte=since).annotate(week=TruncWeek("posted_at"))
                .values("week", "source__direction").annotate(n=Count("pk"))):
        week = week_of(row["week"])
        if week in table.get(row["source__direction"], {}):
            table[row["source__direction"]][week] += row["n"]
    return chart("sns-weekly", _("Mentions per week by direction"), [m.isoformat() for m in mondays],
                 [series(label, list(table[d].values()), kind="line") for d, label in Source.Direction.choices],
                 axis_label=_("Week of"), height=260)


def terms_of(text: str) -> set[str]:
    """The mention's terms: Kiwi's nouns (two letters or more), English words of three letters or more."""
    found = set()
    for form, tag in morphemes(text):
        tag = tag.split("-")[0]
        if tag in NOUNS and len(form) > 1 and form not in STOP_STEMS:
            found.add(form)
        elif tag == "SL" and len(form) > 2 and form.lower() not in ENGLISH_STOPWORDS:
            found.add(form.lower())
    return found


def _document_counts(mentions: QuerySet) -> tuple[Counter, int]:
    texts = list(mentions.order_by("-posted_at").values_list("text", flat=True)[:SAMPLE])
    counts: Counter = Counter()
    for text in texts:
        counts.update(terms_of(text))
    return counts, len(texts)


def terms(mentions: QuerySet, *, days: int = 28, recent_days: int = 7, top: int = 15) -> dict:
    """The most used terms of the period, and the terms rising: their share of the last ``recent_days``
    days' mentions against their share before (smoothed, so a word seen once is no trend), seen in at
    least three recent mentions."""
    now = timezone.now()
    recent_since, since = now - timedelta(days=recent_days), now - timedelta(days=days)
    recent, recent_n = _document_counts(mentions.filter(posted_at__gte=recent_since))
    before, before_n = _document_counts(mentions.filter(posted_at__gte=since, posted_at__lt=recent_since))
    every = recent + before
    rising = []
    for term, r in recent.items():
        if r < 3:
            continue
        b = before.get(term, 0)
        lift = ((r + 1) / (recent_n + 2)) / ((b + 1) / (before_n + 2))
        if lift > 1.5:
            rising.append({"term": term, "recent": r, "before": b, "lift": round(lift, 1)})
    rising.sort(key=lambda row: (-row["lift"] * math.log1p(row["recent"]), row["term"]))
    return {"top": [{"term": t, "mentions": n} for t, n in sorted(every.items(), key=lambda i: (-i[1], i[0]))[:top]],
            "rising": rising[:top], "read": recent_n + before_n}


def _our_host() -> str:
    return (urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "").lower()


def staff_activity(mentions: QuerySet, days: int) -> list[dict]:
    """Per staff SNS account: posts in the channel, shares of our pages among them, replies among them,
    and the cases its staff member answered about that channel's mentions."""
    since = timezone.now() - timedelta(days=days)
    host = _our_host()
    rows = []
    for account in StaffAccount.objects.select_related("user").order_by("channel", "handle"):
        posts = list(mentions.filter(channel=account.channel, author__iexact=account.handle, posted_at__gte=since)
                     .values("text", "url", "parent_id", "raw"))
        shares = sum(1 for p in posts if host and (host in p["text"].lower() or host in (p["url"] or "").lower()))
        replies = sum(1 for p in posts if p["parent_id"] or (p["raw"] or {}).get("reply_to")
                      or (p["raw"] or {}).get("official"))
        answered = (CaseReply.objects.filter(author=account.user, at__gte=since,
                                             case__mention__channel=account.channel)
                    .values("case").distinct().count())
        rows.append({"account": account, "user": account.user.get_full_name() or account.user.get_username(),
                     "posts": len(posts), "shares": shares, "replies": replies, "cases": answered})
    return rows

