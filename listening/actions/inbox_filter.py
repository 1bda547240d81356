"""The inbox: every mention, filtered as staff ask (channel, sentiment, complaint type, case status,
team, language, words), newest first. Counted only up to a cap: at a million mentions an exact count
of a broad filter costs more than the page itself, and "1,000+" tells staff what they need."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from cms.models import Team

from ..models import ComplaintType, Mention

COUNT_CAP = 1_000
NO_CASE = "none"  # the status filter's value for mentions that are not a case


@dataclass
class InboxFilter:
    channel: str | None = None
    sentiment: str | None = None
    type: str | None = None  # a complaint type's slug
    status: str | None = None  # a case status, or NO_CASE
    team: str | None = None  # a team's slug: the cases assigned to it
    language: str | None = None
    q: str | None = None


def inbox(wanted: InboxFilter) -> QuerySet[Mention]:
    """Every filter is a column of the mention (a case's status and team are copied onto it), each
    with an index led by it and ordered by time; slugs are looked up first, so the database plans
    with real ids."""
    mentions = Mention.objects.select_related("source", "complaint_type", "case")
    for name in ("channel", "sentiment", "language"):
        if getattr(wanted, name):
            mentions = mentions.filter(**{name: getattr(wanted, name)})
    if wanted.type:
        mentions = mentions.filter(complaint_type_id=_id(ComplaintType.objects.filter(slug=wanted.type)))
    if wanted.status:
        mentions = mentions.filter(case_status="" if wanted.status == NO_CASE else wanted.status)
    if wanted.team:  # a mention is a team's once it is a case assigned to it (before that, its type says whose)
        mentions = mentions.filter(team_id=_id(Team.objects.filter(slug=wanted.team)))
    if wanted.q:
        mentions = mentions.filter(text__icontains=wanted.q)
    return mentions.order_by("-posted_at", "-pk")


def _id(found) -> int:
    return found.values_list("pk", flat=True).first() or 0  # 0: no such row, so nothing matches


def capped_count(mentions: QuerySet[Mention]) -> tuple[int, bool]:
    """How many, counted up to COUNT_CAP; and whether there are more."""
    found = mentions.order_by()[:COUNT_CAP + 1].count()
    return min(found, COUNT_CAP), found > COUNT_CAP
