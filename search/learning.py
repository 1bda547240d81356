"""What search learns from its logs: synonym proposals from reformulations.

A visitor who searches, clicks nothing, and within minutes searches again and clicks, has told us
the first words meant the second. When enough different sessions say the same, an editor sees a
proposal; only an approved synonym changes results.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import ClickLog, QueryLog, Synonym

REFORMULATION_WINDOW = timedelta(minutes=10)


def reformulations(days: int = 30) -> dict[tuple[str, str], set[str]]:
    """(abandoned query, clicked query) → the sessions that went from one to the other."""
    since = timezone.now() - timedelta(days=days)
    clicked_logs = set(ClickLog.objects.filter(created_at__gte=since, query_log__isnull=False)
                       .values_list("query_log_id", flat=True))
    by_session: dict[str, list[tuple]] = defaultdict(list)
    for pk, session, query, created_at in (
        QueryLog.objects.filter(created_at__gte=since, staff=False).exclude(session="")
        .order_by("session", "created_at").values_list("pk", "session", "query", "created_at").iterator()
    ):
        by_session[session].append((pk, query, created_at))
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for session, rows in by_session.items():
        for i, (pk, query, at) in enumerate(rows):
            if pk in clicked_logs:
                continue
            for later_pk, later_query, later_at in rows[i + 1:]:
                if later_at - at > REFORMULATION_WINDOW:
                    break
                if later_query == query:
                    continue
                if later_pk in clicked_logs:
                    if query not in later_query and later_query not in query:  # a narrowing is not a synonym
                        pairs[(query, later_query)].add(session)
                    break
    return pairs


def propose_synonyms(min_sessions: int | None = None, days: int = 30) -> list[Synonym]:
    """Create or update proposals; decided rows (approved or rejected) are left alone."""
    min_sessions = min_sessions or getattr(settings, "SEARCH_SYNONYM_MIN_SESSIONS", 3)
    proposed = []
    best: dict[str, tuple[str, int]] = {}
    for (query, better), sessions in reformulations(days).items():
        if len(sessions) >= min_sessions and len(sessions) > best.get(query, ("", 0))[1]:
            best[query] = (better, len(sessions))
    for query, (better, count) in best.items():
        row, created = Synonym.objects.get_or_create(
            term=query, defaults={"synonyms": [better], "evidence": count, "status": Synonym.Status.PROPOSED}
        )
        if not created and row.status == Synonym.Status.PROPOSED:
            row.synonyms = sorted({*row.synonyms, better})
            row.evidence = max(row.evidence, count)
            row.save(update_fields=["synonyms", "evidence"])
        if row.status == Synonym.Status.PROPOSED:
            proposed.append(row)
    return proposed
