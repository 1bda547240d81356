"""Customer health, one row per person: their latest NPS answer, the mood of what they said (email,
the site's forms, the community), their open cases and how active they are, folded into one score
(0–100) and a word (healthy, watch, at risk) so the people at risk come first.

A person is their email address; a community member is matched by their handle (the author of their
comments in the inbox) and counted under their account's address; a nurture lead with the address
shows its stage beside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Member
from nurture.models import Lead, Stage

from .models import Case, NpsSurvey, Source

PERIOD = timedelta(days=180)  # what a person said and did lately
PERSONAL = (Source.Kind.EMAIL, Source.Kind.SITE, Source.Kind.COMMUNITY)  # sources whose authors we know
WORDS = {"healthy": _("healthy"), "watch": _("watch"), "risk": _("at risk")}


@dataclass
class Health:
    email: str
    handle: str = ""
    stage: str = ""
    nps: int | None = None
    nps_at: datetime | None = None
    mentions: int = 0
    mood: float | None = None  # mean sentiment score, −1 to 1
    open_cases: int = 0
    last_seen: datetime | None = None
    score: int = 50
    word: str = field(default="")


def _score(person: Health) -> int:
    """50 to start; NPS moves it up to ±25 (10 is +25, 0 is −25), mood up to ±20, each open case −10
    (at most −30), activity up to +10 (a mention a point)."""
    score = 50.0
    if person.nps is not None:
        score += (person.nps - 5) * 5
    if person.mood is not None:
        score += person.mood * 20
    score -= min(person.open_cases * 10, 30)
    score += min(person.mentions, 10)
    return max(0, min(100, round(score)))


def people(mentions: QuerySet, *, query: str = "", limit: int = 200, now: datetime | None = None) -> list[Health]:
    """The people known lately, at risk first. ``mentions`` is what the viewer may see."""
    now = now or timezone.now()
    since = now - PERIOD
    query = query.strip().lower()
    said = (mentions.filter(posted_at__gte=since, source__kind__in=PERSONAL).exclude(author="")
            .values("author").annotate(n=Count("pk"), mood=Avg("sentiment_score"), last=Max("posted_at")))
    if query:
        said = said.filter(author__icontains=query)
    by_author = {row["author"].lower(): row for row in said[:5000]}
    handles = {m.handle.lower(): (m.user.email or "").lower() for m in Member.objects.filter(
        handle__in=[a for a in by_author if "@" not in a]).select_related("user") if m.handle}
    found: dict[str, Health] = {}

    def person(email: str) -> Health:
        return found.setdefault(email, Health(email=email))

    for author, row in by_author.items():
        email = author if "@" in author else handles.get(author)
        if not email:
            continue
        one = person(email)
        one.handle = one.handle or ("" if "@" in author else author)
        total = one.mentions + row["n"]
        if row["mood"] is not None:
            one.mood = ((one.mood or 0) * one.mentions + row["mood"] * row["n"]) / total
        one.mentions = total
        one.last_seen = max(filter(None, [one.last_seen, row["last"]]))
    surveys = NpsSurvey.objects.filter(answered_at__gte=since, score__isnull=False).exclude(email="")
    if query:
        surveys = surveys.filter(email__icontains=query)
    for email, score, at in surveys.order_by("answered_at").values_list("email", "score", "answered_at")[:5000]:
        one = person(email)
        one.nps, one.nps_at = score, at  # the latest wins (ordered by time)
        one.last_seen = max(filter(None, [one.last_seen, at]))
    open_cases = (Case.objects.exclude(status=Case.Status.RESOLVED).filter(mention__in=mentions)
                  .values("mention__author").annotate(n=Count("pk")))
    for row in open_cases:
        author = row["mention__author"].lower()
        email = author if "@" in author else handles.get(author)
        if email in found:
            found[email].open_cases += row["n"]
    names = {value: str(label) for value, label in Stage.choices}  # once, not per person
    stages = dict(Lead.objects.filter(email_key__in=list(found), erased_at__isnull=True)
                  .values_list("email_key", "stage"))
    for one in found.values():
        one.stage = names.get(stages.get(one.email, ""), "")
        one.score = _score(one)
        one.word = str(WORDS["healthy" if one.score >= 60 else "watch" if one.score >= 40 else "risk"])
    return sorted(found.values(), key=lambda p: (p.score, p.email))[:limit]
