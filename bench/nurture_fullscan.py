"""The nurture tick as it was before it became incremental, kept only to be measured beside it.

It reads every active enrolment, all their sends and every lead's consent on each tick. bench/nurture
runs it inside a transaction that is rolled back, on the same data as the incremental tick.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max

from nurture.actions import latest_consents, why_not_mail
from nurture.actions.tick import in_send_window, min_gap, unmet_condition
from nurture.models import Enrollment, Send, Sequence
from nurture.scoring import ORDER


def full_scan_tick(now: datetime) -> int:
    """The rows the old tick would write (it wrote them with one bulk insert); returns how many."""
    sequences = {s.pk: s for s in Sequence.objects.filter(active=True).prefetch_related("steps")}
    steps = {pk: sorted(s.steps.all(), key=lambda st: (st.delay_days, st.sort_order or 0, st.pk))
             for pk, s in sequences.items()}
    active = Enrollment.objects.filter(status=Enrollment.Status.ACTIVE, sequence_id__in=list(sequences))
    enrollments = list(active.select_related("lead"))
    done: dict[int, set[int]] = {}
    latest: dict[int, tuple] = {}
    for enrollment_id, step_id, status, sent_at, opened_at, clicked_at in Send.objects.filter(
            enrollment__in=active).values_list("enrollment_id", "step_id", "status", "sent_at", "opened_at",
                                               "clicked_at"):
        done.setdefault(enrollment_id, set()).add(step_id)
        if status == Send.Status.SENT and (enrollment_id not in latest or sent_at > latest[enrollment_id][0]):
            latest[enrollment_id] = (sent_at, opened_at, clicked_at)
    last_sent = dict(Send.objects.filter(status=Send.Status.SENT, sent_at__gte=now - timedelta(days=7))
                     .values("lead_id").annotate(last=Max("sent_at")).values_list("lead_id", "last"))
    consents = latest_consents({e.lead_id for e in enrollments})
    new_rows = []
    for enrollment in enrollments:
        sequence, lead = sequences[enrollment.sequence_id], enrollment.lead
        if sequence.goal_stage and ORDER.index(lead.stage) >= ORDER.index(sequence.goal_stage):
            continue
        remaining = [s for s in steps[sequence.pk] if s.pk not in done.get(enrollment.pk, set())]
        if not remaining:
            continue
        step = remaining[0]
        due = enrollment.enrolled_at + timedelta(days=step.delay_days)
        if due > now:
            continue
        late = now - due > timedelta(hours=sequence.max_late_hours)
        reason = why_not_mail(lead, now, consents.get(lead.pk))
        if late or reason or unmet_condition(step, lead, latest.get(enrollment.pk)):
            new_rows.append(Send(enrollment=enrollment, step=step, lead=lead, due_at=due, status=Send.Status.SKIPPED))
            continue
        if not in_send_window(lead.time_zone, now):
            continue
        previous = last_sent.get(lead.pk)
        if previous is not None and now - previous < min_gap(lead):
            continue
        new_rows.append(Send(enrollment=enrollment, step=step, lead=lead, due_at=due))
        last_sent[lead.pk] = now
    Send.objects.bulk_create(new_rows, ignore_conflicts=True, batch_size=500)
    return len(new_rows)
