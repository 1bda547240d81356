"""Engagement → score, stage and interests. First-party only: our pages, our emails, our forms.

Each engagement is a LeadEvent; the score is the sum of each event's points halved every
``NURTURE_SCORE_HALF_LIFE_DAYS`` (so a burst of interest a year ago counts little today), and the
stage follows editable thresholds, moving forward only (HubSpot's lifecycle rule).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import clock
from .models import Enrollment, Lead, LeadEvent, ScoringRule, Stage, StageThreshold

ORDER = [Stage.SUBSCRIBER, Stage.LEAD, Stage.MQL, Stage.SQL, Stage.CUSTOMER]
RULES_KEY = "nurture:scoring_rules"


def half_life() -> float:
    return float(getattr(settings, "NURTURE_SCORE_HALF_LIFE_DAYS", 30))


def rules() -> dict[str, int]:
    found = cache.get(RULES_KEY)
    if found is None:
        found = dict(ScoringRule.objects.values_list("kind", "points"))
        cache.set(RULES_KEY, found, 300)
    return found


def forget_rules() -> None:
    cache.delete(RULES_KEY)


def _topics_of(page) -> list[str]:
    specific = page.specific if page is not None else None
    if specific is None or not hasattr(specific, "topics"):
        return []
    return sorted(specific.topics.values_list("slug", flat=True))


def record(lead: Lead, kind: str, *, page=None, data: dict | None = None, at: datetime | None = None) -> LeadEvent:
    """Add an engagement to the lead's timeline and bring score, stage and interests up to date."""
    at = at or clock.now()
    data = dict(data or {})
    if page is not None:
        data.setdefault("topics", _topics_of(page))
    event = LeadEvent.objects.create(lead=lead, kind=kind, at=at, page=page, data=data)
    if kind in rules():
        rescore(lead, at)
    return event


def stage_for(score: int, current: str) -> str:
    reached = Stage.SUBSCRIBER
    for stage, minimum in StageThreshold.objects.values_list("stage", "min_score"):
        if score >= minimum and ORDER.index(stage) > ORDER.index(reached):
            reached = stage
    return current if ORDER.index(current) >= ORDER.index(reached) else reached


def rescore(lead: Lead, now: datetime | None = None) -> Lead:
    now = now or clock.now()
    points = rules()
    days = half_life()
    score = 0.0
    interests: dict[str, float] = {}
    since = now - timedelta(days=days * 8)
    for kind, at, data in LeadEvent.objects.filter(lead=lead, kind__in=list(points), at__gte=since).values_list(
            "kind", "at", "data"):
        weight = 0.5 ** (max((now - at).total_seconds(), 0) / 86400 / days)
        score += points[kind] * weight
        for slug in (data or {}).get("topics", []):
            interests[slug] = interests.get(slug, 0.0) + max(points[kind], 1) * weight
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        before = lead.stage
        lead.score = round(score)
        lead.interests = {slug: round(w, 2) for slug, w in sorted(interests.items(), key=lambda kv: -kv[1])[:20]}
        lead.stage = stage_for(lead.score, lead.stage)
        lead.save(update_fields=["score", "interests", "stage", "email_key", "updated_at"])
        if lead.stage != before:
            LeadEvent.objects.create(lead=lead, kind="stage", at=now, data={"from": before, "to": lead.stage})
            reach_goals(lead, now)
    return lead


def reach_goals(lead: Lead, now: datetime) -> int:
    """Sequences whose goal stage the lead has reached end for them, marked as goal reached."""
    done = 0
    for enrollment in lead.enrollments.filter(status=Enrollment.Status.ACTIVE).select_related("sequence"):
        goal = enrollment.sequence.goal_stage
        if goal and ORDER.index(lead.stage) >= ORDER.index(goal):
            enrollment.status, enrollment.stopped_reason = Enrollment.Status.COMPLETED, "goal reached"
            enrollment.save(update_fields=["status", "stopped_reason"])
            LeadEvent.objects.create(lead=lead, kind="goal_reached", at=now,
                                     data={"sequence": enrollment.sequence.slug, "stage": lead.stage})
            done += 1
    return done


def decay_all(now: datetime | None = None) -> int:
    """Daily: scores fall as engagement ages, even for leads who do nothing."""
    now = now or clock.now()
    count = 0
    for lead in Lead.objects.filter(score__gt=0, erased_at__isnull=True).only("pk"):
        rescore(lead, now)
        count += 1
    return count
