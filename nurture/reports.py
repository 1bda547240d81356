"""Figures for the nurture dashboard: the stage funnel, per-step results, sends per day."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .models import Enrollment, Lead, Send, Sequence, Stage
from .scoring import ORDER


def funnel() -> list[dict]:
    """Leads at or past each stage, and the share of the previous stage that got there."""
    counts = Counter(Lead.objects.filter(erased_at__isnull=True).values_list("stage", flat=True))
    rows, previous = [], None
    for stage in ORDER:
        reached = sum(n for s, n in counts.items() if ORDER.index(s) >= ORDER.index(stage))
        rows.append({"stage": Stage(stage).label, "code": stage, "leads": reached,
                     "rate": (reached / previous) if previous else None})
        previous = reached or None
    return rows


def steps() -> list[dict]:
    """Per sequence and step: sent, opened, clicked, unsubscribed after it, and goals per sequence."""
    figures = {row["step_id"]: row for row in Send.objects.values("step_id").annotate(
        sent=Count("pk", filter=Q(status=Send.Status.SENT)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
        failed=Count("pk", filter=Q(status=Send.Status.FAILED)),
        skipped=Count("pk", filter=Q(status=Send.Status.SKIPPED)),
    )}
    # An unsubscribe is put down to the last email the lead got before it.
    unsubscribed: Counter[int] = Counter()
    for lead_id, when in Lead.objects.filter(unsubscribed_at__isnull=False).values_list("pk", "unsubscribed_at"):
        last = (Send.objects.filter(lead_id=lead_id, status=Send.Status.SENT, sent_at__lte=when)
                .order_by("-sent_at").values_list("step_id", flat=True).first())
        if last:
            unsubscribed[last] += 1
    goals = dict(Enrollment.objects.filter(stopped_reason="goal reached").values("sequence_id")
                 .annotate(n=Count("pk")).values_list("sequence_id", "n"))
    out = []
    for sequence in Sequence.objects.prefetch_related("steps").order_by("name"):
        rows = []
        for step in sequence.steps.all():
            f = figures.get(step.pk, {})
            sent = f.get("sent", 0)
            rows.append({"step": step, "sent": sent, "opened": f.get("opened", 0), "clicked": f.get("clicked", 0),
                         "failed": f.get("failed", 0), "skipped": f.get("skipped", 0),
                         "unsubscribed": unsubscribed.get(step.pk, 0),
                         "open_rate": f.get("opened", 0) / sent if sent else None,
                         "click_rate": f.get("clicked", 0) / sent if sent else None})
        out.append({"sequence": sequence, "steps": rows, "goals": goals.get(sequence.pk, 0),
                    "enrolled": sequence.enrollments.count()})
    return out


def sends_per_day(days: int = 30) -> tuple[list[int], list[str]]:
    start = (timezone.now() - timedelta(days=days - 1)).date()
    counts = Counter(d.date() for d in Send.objects.filter(status=Send.Status.SENT, sent_at__date__gte=start)
                     .values_list("sent_at", flat=True))
    labels = [(start + timedelta(days=i)).isoformat() for i in range(days)]
    return [counts.get(start + timedelta(days=i), 0) for i in range(days)], labels
