"""The tick: every minute, record each step that has come due, once, and hand it to the workers.

The tick reads only the enrolments whose ``next_due_at`` has passed (a partial index over the
active ones), a batch at a time in (next_due_at, id) order, and moves each one's time forward
to when it next needs a look: its next step's day, the lead's morning, the end of the gap
between two emails. A million enrolments of which a few are due cost a few reads, not a
million. Each batch is committed and queued before the next is read, so workers send while the
tick goes on; when the tick runs out of its time budget the rest stay due for the next one.

Exactly-once does not depend on any of this: a row per (enrolment, step) can exist only once,
and a worker sends a row only after claiming it.
"""

from __future__ import annotations

import time
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q

from ..models import Condition, Enrollment, Lead, Send, Sequence
from ..scoring import ORDER
from .common import latest_consents, why_not_mail
from .common import now as current_time
from .enrolment import enter_by_inactivity, enter_by_interest, enter_by_segment

INTERRUPTED_AFTER = timedelta(minutes=10)  # a SENDING row older than this lost its worker
REQUEUE_AFTER = timedelta(minutes=10)  # a PENDING row queued longer ago than this is queued again
BATCH = 200  # sends per task: one SMTP connection and one read of leads and picks each
CHUNK = 2000  # enrolments read, decided and written per transaction
NEXT_TICK = timedelta(microseconds=1)  # "look again at the next tick" (not in this one)


@dataclass
class TickResult:
    created: int = 0
    skipped: int = 0
    queued: int = 0
    recovered: int = 0
    completed: int = 0
    looked_at: int = 0  # enrolments read because they were due
    more: bool = False  # the time budget ran out with enrolments still due: the next tick goes on


def _window() -> tuple[int, int]:
    start, end = getattr(settings, "NURTURE_SEND_WINDOW", (8, 21))
    return int(start), int(end)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "Asia/Seoul")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Seoul")


def in_send_window(lead_tz: str, now: datetime) -> bool:
    start, end = _window()
    return start <= now.astimezone(_zone(lead_tz)).hour < end


def next_window_opens(lead_tz: str, now: datetime) -> datetime:
    """The next time the lead's sending hours begin (their local morning)."""
    start, _end = _window()
    local = now.astimezone(_zone(lead_tz))
    opens = local.replace(hour=start, minute=0, second=0, microsecond=0)
    if opens <= local:
        opens = (local + timedelta(days=1)).replace(hour=start, minute=0, second=0, microsecond=0)
    return opens.astimezone(UTC)


def min_gap(lead: Lead) -> timedelta:
    hours = 7 * 24 if lead.weekly_only else int(getattr(settings, "NURTURE_MIN_HOURS_BETWEEN", 20))
    return timedelta(hours=hours)


def unmet_condition(step, lead: Lead, previous: tuple | None) -> str:
    """Empty when the step's condition holds for this lead now; else the condition, for the record."""
    kind, value = step.condition, (step.condition_value or "").strip()
    _sent, opened, clicked = previous or (None, None, None)
    holds = {
        Condition.ALWAYS: lambda: True,
        Condition.OPENED: lambda: opened is not None,
        Condition.NOT_OPENED: lambda: opened is None,
        Condition.CLICKED: lambda: clicked is not None,
        Condition.NOT_CLICKED: lambda: clicked is None,
        Condition.MIN_SCORE: lambda: value.lstrip("-").isdigit() and lead.score >= int(value),
        Condition.STAGE: lambda: value in ORDER and ORDER.index(lead.stage) >= ORDER.index(value),
        Condition.TOPIC: lambda: value in (lead.topics or []) or (lead.interests or {}).get(value, 0) > 0,
    }.get(kind, lambda: True)()
    return "" if holds else f"{kind} {value}".strip()


class _Plan:
    """The decisions for one chunk of due enrolments: rows to write and each enrolment's next look."""

    def __init__(self, now: datetime, sequences: dict, steps: dict, mailed: set[int]):
        self.now, self.sequences, self.steps, self.mailed = now, sequences, steps, mailed
        self.rows: list[Send] = []
        self.finished: list[int] = []
        self.goals: list[int] = []
        self.next_due: dict[int, datetime | None] = {}

    def decide(self, chunk: list[Enrollment]) -> None:
        ids, lead_ids = [e.pk for e in chunk], {e.lead_id for e in chunk}
        done: dict[int, set[int]] = {}
        latest: dict[int, tuple] = {}  # enrolment -> (sent_at, opened_at, clicked_at) of its latest sent email
        for enrollment_id, step_id, status, sent_at, opened_at, clicked_at in Send.objects.filter(
                enrollment_id__in=ids).values_list("enrollment_id", "step_id", "status", "sent_at", "opened_at",
                                                   "clicked_at"):
            done.setdefault(enrollment_id, set()).add(step_id)
            if status == Send.Status.SENT and (enrollment_id not in latest or sent_at > latest[enrollment_id][0]):
                latest[enrollment_id] = (sent_at, opened_at, clicked_at)
        # The frequency cap looks back a week at most (the weekly option).
        last_sent = dict(Send.objects.filter(lead_id__in=lead_ids, status=Send.Status.SENT,
                                             sent_at__gte=self.now - timedelta(days=7))
                         .values("lead_id").annotate(last=Max("sent_at")).values_list("lead_id", "last"))
        consents = latest_consents(lead_ids)
        soonest = self.now + NEXT_TICK  # never read twice in one tick, whatever the cursor has passed
        for enrollment in chunk:
            when = self._decide_one(enrollment, done.get(enrollment.pk, set()), latest.get(enrollment.pk),
                                    last_sent, consents.get(enrollment.lead_id))
            self.next_due[enrollment.pk] = when if when is None or when > soonest else soonest

    def _decide_one(self, enrollment: Enrollment, done: set[int], latest, last_sent, consent) -> datetime | None:
        now, lead = self.now, enrollment.lead
        sequence = self.sequences.get(enrollment.sequence_id)
        if sequence is None:
            return None  # an inactive sequence: saving it active again reschedules its enrolments
        if sequence.goal_stage and ORDER.index(lead.stage) >= ORDER.index(sequence.goal_stage):
            self.goals.append(enrollment.pk)  # e.g. an editor marked the lead SQL by hand
            return None
        remaining = [s for s in self.steps[sequence.pk] if s.pk not in done]
        if not remaining:
            self.finished.append(enrollment.pk)
            return None
        step = remaining[0]
        due = enrollment.enrolled_at + timedelta(days=step.delay_days)
        if due > now:
            return due
        # After this step is recorded the next one is looked at on its day (at once on the next tick
        # when that has passed: one step per enrolment per tick, so a branch's two steps are not one email).
        after = enrollment.enrolled_at + timedelta(days=remaining[1].delay_days) if len(remaining) > 1 else now
        late = now - due > timedelta(hours=sequence.max_late_hours)
        reason = "late" if late else why_not_mail(lead, now, consent)
        if not reason:
            unmet = unmet_condition(step, lead, latest)
            reason = f"condition not met: {unmet}" if unmet else ""
        if reason:
            self.rows.append(Send(enrollment=enrollment, step=step, lead=lead, due_at=due,
                                  status=Send.Status.SKIPPED, reason=reason))
            return after
        if not in_send_window(lead.time_zone, now):
            return next_window_opens(lead.time_zone, now)  # waits for the lead's morning
        if lead.pk in self.mailed:
            return now  # one email per lead per tick, even from two sequences: the next tick sends this
        previous = last_sent.get(lead.pk)
        if previous is not None and now - previous < min_gap(lead):
            return previous + min_gap(lead)  # the frequency cap: the first tick after the gap sends it
        self.rows.append(Send(enrollment=enrollment, step=step, lead=lead, due_at=due))
        self.mailed.add(lead.pk)
        return after

    def write(self, result: TickResult) -> list[int]:
        """Store the rows and the enrolments' next looks; returns the pending rows to queue."""
        created = Send.objects.bulk_create(self.rows, ignore_conflicts=True, batch_size=500)
        result.created += sum(1 for r in created if r.status == Send.Status.PENDING)
        result.skipped += sum(1 for r in created if r.status == Send.Status.SKIPPED)
        by_time: dict[datetime | None, list[int]] = {}
        for pk, when in self.next_due.items():
            by_time.setdefault(when, []).append(pk)
        for when, pks in by_time.items():  # few distinct times per chunk: a step's day, a morning, now
            Enrollment.objects.filter(pk__in=pks).update(next_due_at=when)
        if self.finished:
            result.completed += Enrollment.objects.filter(pk__in=self.finished, status=Enrollment.Status.ACTIVE) \
                .update(status=Enrollment.Status.COMPLETED)
        if self.goals:
            result.completed += Enrollment.objects.filter(pk__in=self.goals, status=Enrollment.Status.ACTIVE) \
                .update(status=Enrollment.Status.COMPLETED, stopped_reason="goal reached")
        pending = [r.enrollment_id for r in self.rows if r.status == Send.Status.PENDING]
        return list(Send.objects.filter(enrollment_id__in=pending, status=Send.Status.PENDING,
                                        queued_at__isnull=True).order_by("due_at", "pk").values_list("pk", flat=True))


def tick(now: datetime | None = None, budget: float | None = None) -> TickResult:
    """Record every step that is due (within ``budget`` seconds), then hand the pending rows to the workers.

    Safe to run twice at once: a row per (enrolment, step) can exist only once, and a worker sends
    a row only after claiming it. A step later than its sequence allows is recorded as skipped.
    """
    now = now or current_time()
    budget = float(getattr(settings, "NURTURE_TICK_SECONDS", 45)) if budget is None else budget
    started = time.monotonic()
    result = TickResult()
    enter_by_interest(now)
    enter_by_inactivity(now)
    enter_by_segment(now)
    result.recovered = Send.objects.filter(status=Send.Status.SENDING, claimed_at__lt=now - INTERRUPTED_AFTER).update(
        status=Send.Status.FAILED,
        reason="interrupted while sending: it may or may not have arrived, so it is not retried by itself",
    )
    sequences = {s.pk: s for s in Sequence.objects.filter(active=True).prefetch_related("steps")}
    # In order of their day (then the editor's order): a branch is two steps on the same day.
    steps = {pk: sorted(s.steps.all(), key=lambda st: (st.delay_days, st.sort_order or 0, st.pk))
             for pk, s in sequences.items()}
    due = Enrollment.objects.filter(status=Enrollment.Status.ACTIVE, next_due_at__lte=now)
    mailed: set[int] = set()
    cursor: tuple[datetime, int] | None = None
    while True:
        page = due if cursor is None else due.filter(
            Q(next_due_at__gt=cursor[0]) | Q(next_due_at=cursor[0], pk__gt=cursor[1]))
        chunk = list(page.select_related("lead").order_by("next_due_at", "pk")[:CHUNK])
        if not chunk:
            break
        cursor = (chunk[-1].next_due_at, chunk[-1].pk)
        result.looked_at += len(chunk)
        plan = _Plan(now, sequences, steps, mailed)
        with transaction.atomic():
            plan.decide(chunk)
            pending = plan.write(result)
            result.queued += _queue(pending, now)
        if time.monotonic() - started > budget:
            result.more = due.filter(Q(next_due_at__gt=cursor[0]) | Q(next_due_at=cursor[0], pk__gt=cursor[1])) \
                .exists()
            break
    result.queued += queue_pending(now)
    return result


def _queue(ids: list[int], now: datetime) -> int:
    """Mark and hand these pending rows to workers in batches, once the caller's transaction commits."""
    from ..tasks import deliver_batch  # the tasks module imports these actions

    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        Send.objects.filter(pk__in=chunk, status=Send.Status.PENDING).update(queued_at=now)
        transaction.on_commit(lambda chunk=chunk: deliver_batch.delay(chunk))
    return len(ids)


def queue_pending(now: datetime) -> int:
    """Pending rows no worker has: retries that came due, and rows whose task was lost."""
    ready = Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    fresh = Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER)
    ids = list(Send.objects.filter(ready & fresh, status=Send.Status.PENDING).order_by("due_at", "pk")
               .values_list("pk", flat=True))
    return _queue(ids, now)
