"""Entering sequences: from a confirmed consent, or by a topic, a segment or a stretch of inactivity.

An enrolment carries the time the tick should next look at it (``next_due_at``); anything that
can bring a step forward (a new enrolment, an editor changing steps, a lead's new preferences)
calls ``reschedule`` so the tick does not wait for the old time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Q

from ..models import Enrollment, Lead, LeadEvent, Sequence
from .common import now as current_time


def enroll(lead: Lead, sequence: Sequence, at: datetime | None = None) -> Enrollment:
    """Idempotent: a lead enters a sequence once (the unique constraint makes that true under races)."""
    at = at or current_time()
    try:
        with transaction.atomic():
            enrollment, created = Enrollment.objects.get_or_create(lead=lead, sequence=sequence,
                                                                   defaults={"enrolled_at": at, "next_due_at": at})
    except IntegrityError:
        return Enrollment.objects.get(lead=lead, sequence=sequence)
    if created:
        LeadEvent.objects.create(lead=lead, kind="enrolled", at=at, data={"sequence": sequence.slug})
    return enrollment


def reschedule(enrollments, at: datetime | None = None) -> int:
    """Ask the next tick to look at these active enrolments again (their steps or lead changed).

    Those already due are left as they are, so saving a sequence with ten steps costs one pass.
    """
    at = at or current_time()
    return enrollments.filter(Q(next_due_at__isnull=True) | Q(next_due_at__gt=at),
                              status=Enrollment.Status.ACTIVE).update(next_due_at=at)


def enter_by_interest(now: datetime) -> int:
    """Sequences entered on a topic: confirmed leads who chose the topic or engaged with it enough."""
    entered = 0
    for sequence in Sequence.objects.filter(active=True, trigger_topic__isnull=False).select_related("trigger_topic"):
        slug = sequence.trigger_topic.slug
        candidates = (Lead.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True,
                                          suppressed_at__isnull=True, erased_at__isnull=True,
                                          language=sequence.language)
                      .exclude(enrollments__sequence=sequence).only("pk", "topics", "interests"))
        for lead in candidates.iterator(chunk_size=2000):
            if slug in (lead.topics or []) or (lead.interests or {}).get(slug, 0) >= sequence.trigger_weight:
                enroll(lead, sequence, now)
                entered += 1
    return entered


ACTIVITY = ["confirmed", "consent_given", "consent_renewed", "page_view", "pillar_view", "email_open",
            "email_click", "event_registration", "wizard_completed"]


def enter_by_segment(now: datetime) -> int:
    """Sequences entered by a saved segment: every mailable, confirmed lead it describes."""
    entered = 0
    for sequence in Sequence.objects.filter(active=True, trigger_segment__isnull=False).select_related(
            "trigger_segment__topic"):
        segment = sequence.trigger_segment
        candidates = (Lead.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True,
                                          suppressed_at__isnull=True, erased_at__isnull=True,
                                          language=sequence.language)
                      .exclude(enrollments__sequence=sequence))
        if segment.min_score is not None:
            candidates = candidates.filter(score__gte=segment.min_score)
        for lead in candidates.iterator(chunk_size=2000):
            if segment.matches(lead):
                enroll(lead, sequence, now)
                entered += 1
    return entered


def enter_by_inactivity(now: datetime) -> int:
    """Re-engagement sequences: confirmed leads with no activity for the sequence's number of days."""
    entered = 0
    for sequence in Sequence.objects.filter(active=True, trigger_inactive_days__isnull=False):
        cutoff = now - timedelta(days=sequence.trigger_inactive_days)
        quiet = (Lead.objects.filter(confirmed_at__isnull=False, confirmed_at__lt=cutoff, unsubscribed_at__isnull=True,
                                     suppressed_at__isnull=True, erased_at__isnull=True, language=sequence.language)
                 .exclude(enrollments__sequence=sequence)
                 .annotate(last=Max("events__at", filter=Q(events__kind__in=ACTIVITY)))
                 .filter(Q(last__isnull=True) | Q(last__lt=cutoff)))
        for lead in quiet.iterator(chunk_size=2000):
            enroll(lead, sequence, now)
            entered += 1
    return entered
