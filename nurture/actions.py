"""The nurture rules: capture with consent, double opt-in, enrolment, the tick, delivery, unsubscribe.

Views, the API, the CMS signal and the tasks call these; none of them decides anything itself.
Every function that sends mail records first and sends second, so a crash or a retry can never
make a second copy (nurture-compliance.md: duplicate sends are the anchors' top complaint).
"""

from __future__ import annotations

import logging
import smtplib
import socket
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cms.errors import InputError

from . import clock
from .models import MARKETING_EMAIL, Consent, Enrollment, Lead, LeadEvent, Send, Sequence

logger = logging.getLogger(__name__)

CONFIRM_SALT = "nurture.confirm"
MAX_NAME = 120
MAX_EMAIL = 254
MAX_CONSENT_TEXT = 4000
INTERRUPTED_AFTER = timedelta(minutes=10)  # a SENDING row older than this lost its worker
REQUEUE_AFTER = timedelta(minutes=10)  # a PENDING row queued longer ago than this is queued again
BATCH = 200  # sends per task: one SMTP connection and one read of leads and picks each


class NurtureInputError(InputError):
    """Input the person must fix; the message is in their language and names the field."""


def _now() -> datetime:
    return clock.now()


# --- capture and consent -----------------------------------------------------------------------------


@dataclass
class Capture:
    email: str
    consent: bool
    consent_text: str = ""
    consent_version: str = ""
    name: str = ""
    language: str = "ko"
    time_zone: str = "Asia/Seoul"
    page: object | None = None  # the wagtail Page the form was on
    form: str = ""
    utm: dict = field(default_factory=dict)
    ip: str | None = None
    user_agent: str = ""


def validate_capture(c: Capture) -> Capture:
    """Check everything before anything is stored; raise NurtureInputError naming the first problem."""
    email = (c.email or "").strip()
    if not email:
        raise NurtureInputError("email", _("Enter your email address."))
    if len(email) > MAX_EMAIL:
        raise NurtureInputError("email", _("That email address is too long."))
    try:
        validate_email(email)
    except ValidationError as error:
        raise NurtureInputError("email", _("Enter a valid email address.")) from error
    if len(c.name or "") > MAX_NAME:
        raise NurtureInputError("name", _("The name can be at most %(n)d characters.") % {"n": MAX_NAME})
    if c.consent is not True:
        raise NurtureInputError("consent", _("Tick the box to agree to receive emails; we send nothing without it."))
    if len(c.consent_text or "") > MAX_CONSENT_TEXT:
        raise NurtureInputError("consent_text", _("The consent text is too long."))
    if c.language not in dict(settings.LANGUAGES):
        raise NurtureInputError("language", _("Unknown language."))
    try:
        zoneinfo.ZoneInfo(c.time_zone or "Asia/Seoul")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise NurtureInputError("time_zone", _("Unknown time zone.")) from error
    c.email, c.name = email, (c.name or "").strip()
    return c


RATE_LIMIT = 10  # sign-ups per IP address per window, for every capture path
RATE_WINDOW = 600  # seconds


def rate_limited(ip: str) -> bool:
    """True once an address has signed up RATE_LIMIT times in RATE_WINDOW (counted in the shared cache)."""
    from django.core.cache import cache

    key = f"nurture:capture:{ip}"
    count = cache.get_or_set(key, 0, RATE_WINDOW)
    if count >= RATE_LIMIT:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
    return False


def capture(c: Capture) -> Lead:
    """Store (or update) the lead and their consent, then send the confirmation email after commit.

    A second submission with the same address updates the same lead; first-touch source and UTM
    stay as they were. A lead who already confirmed does not have to confirm again.
    """
    c = validate_capture(c)
    now = _now()
    with transaction.atomic():
        lead = Lead.objects.select_for_update().filter(email_key=c.email.lower()).first()
        if lead is None:
            try:
                with transaction.atomic():
                    lead = Lead.objects.create(email=c.email, name=c.name, language=c.language,
                                               time_zone=c.time_zone or "Asia/Seoul", source_page=c.page,
                                               utm={k: str(v)[:200] for k, v in (c.utm or {}).items()})
            except IntegrityError:  # the same address arrived twice at once: use the other one's row
                lead = Lead.objects.select_for_update().get(email_key=c.email.lower())
        else:
            lead.name = c.name or lead.name
            lead.language = c.language
            lead.save(update_fields=["name", "language", "email_key", "updated_at"])
        already = lead.confirmed_at is not None and lead.unsubscribed_at is None and lead.suppressed_at is None
        consent = Consent.objects.create(
            lead=lead, purpose=MARKETING_EMAIL, given_at=now, ip_address=c.ip or None,
            user_agent=(c.user_agent or "")[:300], page=c.page, form=c.form[:80],
            text_version=c.consent_version[:80], text=c.consent_text,
            confirmed_at=now if already else None, confirmed_ip=c.ip if already else None,
        )
        from .scoring import record

        record(lead, "consent_given", page=c.page, data={"form": c.form, "version": c.consent_version}, at=now)
        if already:
            _enroll_for_consent(lead, consent, now)
        else:
            from .tasks import send_confirmation

            transaction.on_commit(lambda: send_confirmation.delay(consent.pk))
    return lead


def confirmation_token(consent: Consent) -> str:
    return signing.dumps({"c": consent.pk}, salt=CONFIRM_SALT, compress=True)


def consent_for_token(token: str) -> Consent:
    max_age = int(getattr(settings, "NURTURE_CONFIRM_DAYS", 7)) * 86400
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise NurtureInputError("token", _("This confirmation link has expired. Please sign up again.")) from error
    except signing.BadSignature as error:
        raise NurtureInputError("token", _("This confirmation link is not valid.")) from error
    consent = Consent.objects.select_related("lead").filter(pk=data.get("c")).first()
    if consent is None or consent.lead.erased_at:
        raise NurtureInputError("token", _("This confirmation link is not valid."))
    return consent


def confirm(token: str, ip: str | None = None) -> Lead:
    """Double opt-in, second half: the consent becomes live and the lead enters the page's sequences."""
    consent = consent_for_token(token)
    now = _now()
    with transaction.atomic():
        consent = Consent.objects.select_for_update().select_related("lead").get(pk=consent.pk)
        lead = consent.lead
        if consent.confirmed_at is None:
            consent.confirmed_at, consent.confirmed_ip = now, ip or None
            consent.save(update_fields=["confirmed_at", "confirmed_ip"])
            lead.confirmed_at = now
            lead.unsubscribed_at = None  # a new, confirmed consent outranks an old unsubscribe
            lead.save(update_fields=["confirmed_at", "unsubscribed_at", "email_key", "updated_at"])
            LeadEvent.objects.create(lead=lead, kind="confirmed", at=now, page=consent.page)
            _enroll_for_consent(lead, consent, now)
    return lead


WIZARD_FORM = "wizard:"  # a consent given on a wizard's results page: its form is "wizard:<slug>"


def _enroll_for_consent(lead: Lead, consent: Consent, now: datetime) -> None:
    """The sequences the place of consent starts: its landing page's, or its wizard's."""
    sequences = Sequence.objects.none()
    if consent.page_id:
        sequences = Sequence.objects.filter(trigger_page_id=consent.page_id)
    elif consent.form.startswith(WIZARD_FORM):
        sequences = Sequence.objects.filter(trigger_wizard__slug=consent.form[len(WIZARD_FORM):])
    for sequence in sequences.filter(active=True, language=lead.language):
        enroll(lead, sequence, now)


def enroll(lead: Lead, sequence: Sequence, at: datetime | None = None) -> Enrollment:
    """Idempotent: a lead enters a sequence once (the unique constraint makes that true under races)."""
    at = at or _now()
    try:
        with transaction.atomic():
            enrollment, created = Enrollment.objects.get_or_create(lead=lead, sequence=sequence,
                                                                   defaults={"enrolled_at": at})
    except IntegrityError:
        return Enrollment.objects.get(lead=lead, sequence=sequence)
    if created:
        LeadEvent.objects.create(lead=lead, kind="enrolled", at=at, data={"sequence": sequence.slug})
    return enrollment


def unsubscribe(lead: Lead, *, how: str) -> bool:
    """Stop all marketing mail at once. Idempotent: returns False when the lead was already out."""
    now = _now()
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        if lead.unsubscribed_at is not None:
            return False
        lead.unsubscribed_at = now
        lead.save(update_fields=["unsubscribed_at", "email_key", "updated_at"])
        lead.consents.filter(purpose=MARKETING_EMAIL, withdrawn_at__isnull=True).update(withdrawn_at=now)
        lead.enrollments.filter(status=Enrollment.Status.ACTIVE).update(
            status=Enrollment.Status.STOPPED, stopped_reason="unsubscribed")
        lead.sends.filter(status=Send.Status.PENDING).update(status=Send.Status.SKIPPED, reason="unsubscribed")
        LeadEvent.objects.create(lead=lead, kind="unsubscribed", at=now, data={"how": how})
        if how != "erase":  # the law asks us to tell the result of a withdrawal (정보통신망법 §50⑧)
            from .tasks import send_notice

            transaction.on_commit(lambda: send_notice.delay(lead.pk, "unsubscribed"))
    return True


def suppress(lead: Lead, reason: str) -> None:
    """A hard bounce or a complaint: never mail this address again."""
    now = _now()
    with transaction.atomic():
        Lead.objects.filter(pk=lead.pk, suppressed_at__isnull=True).update(suppressed_at=now,
                                                                           suppression_reason=reason[:120])
        Enrollment.objects.filter(lead=lead, status=Enrollment.Status.ACTIVE).update(
            status=Enrollment.Status.STOPPED, stopped_reason=reason[:120])
        Send.objects.filter(lead=lead, status=Send.Status.PENDING).update(status=Send.Status.SKIPPED,
                                                                          reason=reason[:300])
        LeadEvent.objects.create(lead=lead, kind="suppressed", at=now, data={"reason": reason})


_UNSET = object()


def why_not_mail(lead: Lead, now: datetime, consent=_UNSET) -> str:
    """Empty when the lead may get marketing mail now, else the reason (recorded on the send).

    ``consent`` is the lead's latest unwithdrawn marketing consent when the caller already has it.
    """
    if lead.erased_at:
        return "erased"
    if lead.suppressed_at:
        return f"suppressed: {lead.suppression_reason}"
    if lead.unsubscribed_at:
        return "unsubscribed"
    if lead.confirmed_at is None:
        return "not confirmed"
    if consent is _UNSET:
        consent = lead.marketing_consent()
    if consent is None or not consent.live(now):
        return "consent lapsed" if consent is not None else "no consent"
    return ""


def latest_consents(lead_ids) -> dict[int, Consent]:
    """Each lead's latest unwithdrawn marketing consent, in one query."""
    found: dict[int, Consent] = {}
    for consent in Consent.objects.filter(lead_id__in=list(lead_ids), purpose=MARKETING_EMAIL,
                                          withdrawn_at__isnull=True).order_by("lead_id", "-given_at"):
        found.setdefault(consent.lead_id, consent)
    return found


# --- the tick --------------------------------------------------------------------------------------


@dataclass
class TickResult:
    created: int = 0
    skipped: int = 0
    queued: int = 0
    recovered: int = 0
    completed: int = 0


def _window() -> tuple[int, int]:
    start, end = getattr(settings, "NURTURE_SEND_WINDOW", (8, 21))
    return int(start), int(end)


def in_send_window(lead_tz: str, now: datetime) -> bool:
    start, end = _window()
    try:
        hour = now.astimezone(zoneinfo.ZoneInfo(lead_tz or "Asia/Seoul")).hour
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        hour = now.astimezone(zoneinfo.ZoneInfo("Asia/Seoul")).hour
    return start <= hour < end


def _min_gap(lead: Lead) -> timedelta:
    hours = 7 * 24 if lead.weekly_only else int(getattr(settings, "NURTURE_MIN_HOURS_BETWEEN", 20))
    return timedelta(hours=hours)


def tick(now: datetime | None = None) -> TickResult:
    """Record every step that is due, then hand the pending rows to the workers.

    Safe to run twice at once: a row per (enrollment, step) can exist only once, and a worker sends
    a row only after claiming it. A step later than its sequence allows is recorded as skipped.
    """
    now = now or _now()
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
    active = Enrollment.objects.filter(status=Enrollment.Status.ACTIVE, sequence_id__in=list(sequences))
    enrollments = list(active.select_related("lead"))
    done: dict[int, set[int]] = {}
    latest: dict[int, tuple] = {}  # enrollment -> (sent_at, opened_at, clicked_at) of its latest sent email
    for enrollment_id, step_id, status, sent_at, opened_at, clicked_at in Send.objects.filter(
            enrollment__in=active).values_list("enrollment_id", "step_id", "status", "sent_at", "opened_at",
                                               "clicked_at"):
        done.setdefault(enrollment_id, set()).add(step_id)
        if status == Send.Status.SENT and (enrollment_id not in latest or sent_at > latest[enrollment_id][0]):
            latest[enrollment_id] = (sent_at, opened_at, clicked_at)
    # The frequency cap looks back a week at most (the weekly option), whatever the number of leads.
    last_sent = dict(Send.objects.filter(status=Send.Status.SENT, sent_at__gte=now - timedelta(days=7))
                     .values("lead_id").annotate(last=Max("sent_at")).values_list("lead_id", "last"))
    consents = latest_consents({e.lead_id for e in enrollments})
    new_rows, finished = [], []
    from .scoring import ORDER

    goals = []
    for enrollment in enrollments:
        sequence, lead = sequences[enrollment.sequence_id], enrollment.lead
        if sequence.goal_stage and ORDER.index(lead.stage) >= ORDER.index(sequence.goal_stage):
            goals.append(enrollment.pk)  # e.g. an editor marked the lead SQL by hand
            continue
        remaining = [s for s in steps[sequence.pk] if s.pk not in done.get(enrollment.pk, set())]
        if not remaining:
            finished.append(enrollment.pk)
            continue
        step = remaining[0]
        due = enrollment.enrolled_at + timedelta(days=step.delay_days)
        if due > now:
            continue
        late = now - due > timedelta(hours=sequence.max_late_hours)
        reason = why_not_mail(lead, now, consents.get(lead.pk))
        if late or reason:
            new_rows.append(Send(enrollment=enrollment, step=step, lead=lead, due_at=due, status=Send.Status.SKIPPED,
                                 reason="late" if late else reason))
            continue
        unmet = unmet_condition(step, lead, latest.get(enrollment.pk))
        if unmet:
            new_rows.append(Send(enrollment=enrollment, step=step, lead=lead, due_at=due, status=Send.Status.SKIPPED,
                                 reason=f"condition not met: {unmet}"))
            continue
        if not in_send_window(lead.time_zone, now):
            continue  # waits for the lead's morning
        previous = last_sent.get(lead.pk)
        if previous is not None and now - previous < _min_gap(lead):
            continue  # frequency cap: the next tick after the gap sends it
        new_rows.append(Send(enrollment=enrollment, step=step, lead=lead, due_at=due))
        last_sent[lead.pk] = now  # one email per lead per tick, even from two sequences
    created = Send.objects.bulk_create(new_rows, ignore_conflicts=True, batch_size=500)
    result.created = sum(1 for r in created if r.status == Send.Status.PENDING)
    result.skipped = sum(1 for r in created if r.status == Send.Status.SKIPPED)
    if finished:
        result.completed = Enrollment.objects.filter(pk__in=finished, status=Enrollment.Status.ACTIVE).update(
            status=Enrollment.Status.COMPLETED)
    if goals:
        result.completed += Enrollment.objects.filter(pk__in=goals, status=Enrollment.Status.ACTIVE).update(
            status=Enrollment.Status.COMPLETED, stopped_reason="goal reached")
    result.queued = queue_pending(now)
    return result


def unmet_condition(step, lead: Lead, previous: tuple | None) -> str:
    """Empty when the step's condition holds for this lead now; else the condition, for the record."""
    from .models import Condition
    from .scoring import ORDER

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
    from django.db.models import Max, Q

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


def queue_pending(now: datetime) -> int:
    """Hand pending rows to workers in batches; a row queued recently is left to its first task."""
    from django.db.models import Q

    from .tasks import deliver_batch

    ready = Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    fresh = Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER)
    ids = list(Send.objects.filter(ready & fresh, status=Send.Status.PENDING).order_by("due_at", "pk")
               .values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        Send.objects.filter(pk__in=chunk, status=Send.Status.PENDING).update(queued_at=now)
        transaction.on_commit(lambda chunk=chunk: deliver_batch.delay(chunk))
    return len(ids)


# --- delivery --------------------------------------------------------------------------------------


TRANSIENT = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError, socket.timeout,
             ConnectionError, TimeoutError)


def _transient(error: Exception) -> bool:
    if isinstance(error, TRANSIENT):
        return True
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _msg in error.recipients.values()]
        return bool(codes) and all(400 <= c < 500 for c in codes)
    return isinstance(code, int) and 400 <= code < 500


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(60, 2 ** max(attempts - 1, 0)))


_SEND, _LEAD = Send._meta.db_table, Lead._meta.db_table
# Plain SQL for the two writes every email makes: the ORM spent longer building them than the database
# running them. Table names come from the models; every value is bound.
CLAIM_SQL = (
    f"UPDATE {_SEND} SET status = %s, claimed_at = %s, attempts = attempts + 1 "  # noqa: S608
    f"WHERE id = %s AND status = %s AND lead_id IN (SELECT id FROM {_LEAD} WHERE id = {_SEND}.lead_id "
    "AND unsubscribed_at IS NULL AND suppressed_at IS NULL AND erased_at IS NULL)"
)
SENT_SQL = (
    f"UPDATE {_SEND} SET status = %s, sent_at = %s, reason = '', message_id = %s, picked_pages = %s "  # noqa: S608
    "WHERE id = %s AND status = %s"
)


def _claim(send_id: int, now: datetime) -> bool:
    """PENDING → SENDING in one UPDATE, only while the lead may still be mailed: the one gate to SMTP."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(CLAIM_SQL, [Send.Status.SENDING, connection.ops.adapt_datetimefield_value(now), send_id,
                                   Send.Status.PENDING])
        return cursor.rowcount == 1


def _mark_sent(send_id: int, now: datetime, message_id: str, picked: list[int]) -> None:
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SENT_SQL, [Send.Status.SENT, connection.ops.adapt_datetimefield_value(now), message_id[:200],
                                  json.dumps(picked), send_id, Send.Status.SENDING])


def deliver(send_id: int, connection=None, *, send: Send | None = None, consent=_UNSET, batch=None) -> str:
    """Claim the row, check it is still right to send, send it, record the outcome. Returns the status.

    ``send`` (with lead, step, sequence and enrollment), ``consent`` and ``batch`` come from
    ``deliver_many``, which reads them for a whole batch at once; the claim still goes row by row.
    """
    now = _now()
    if not _claim(send_id, now):
        row = Send.objects.filter(pk=send_id).values_list("status", "lead__unsubscribed_at",
                                                          "lead__suppressed_at").first()
        if row is None:
            return "missing"
        if row[0] == Send.Status.PENDING:  # the lead left after the row was written
            Send.objects.filter(pk=send_id, status=Send.Status.PENDING).update(
                status=Send.Status.SKIPPED, reason="unsubscribed" if row[1] else "suppressed")
            return Send.Status.SKIPPED
        return row[0]
    if send is None:
        send = Send.objects.select_related("lead", "step", "step__sequence", "enrollment").get(pk=send_id)
    send.attempts += 1
    sequence = send.step.sequence
    reason = why_not_mail(send.lead, now, consent)
    if not reason and now - send.due_at > timedelta(hours=sequence.max_late_hours):
        reason = "late"
    if not reason and send.enrollment.status != Enrollment.Status.ACTIVE:
        reason = f"enrollment {send.enrollment.status}"
    if reason:
        Send.objects.filter(pk=send.pk).update(status=Send.Status.SKIPPED, reason=reason)
        return Send.Status.SKIPPED
    from .email import build_message

    message, picked = build_message(send, batch)
    try:
        (connection or get_connection()).send_messages([message])
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row, none is lost
        if _transient(error) and send.attempts < int(getattr(settings, "NURTURE_MAX_ATTEMPTS", 5)):
            Send.objects.filter(pk=send.pk).update(status=Send.Status.PENDING, reason=f"retrying: {error}"[:300],
                                                   retry_at=now + backoff(send.attempts), queued_at=None)
            return Send.Status.PENDING
        Send.objects.filter(pk=send.pk).update(status=Send.Status.FAILED, reason=str(error)[:300])
        logger.warning("nurture send %s failed: %s", send.pk, error)
        return Send.Status.FAILED
    _mark_sent(send.pk, now, message.extra_headers.get("Message-ID", ""), picked)
    if batch is not None:
        batch.seen_by(send.lead).update(picked)
    return Send.Status.SENT  # the Send row is the timeline's record of it (no second write per email)


def deliver_many(send_ids: list[int]) -> dict[str, int]:
    """One SMTP connection and one read of the rows, leads, consents and picks for a batch.

    Each row is still claimed, sent and recorded on its own, so the batch can die at any point.
    """
    from .email import Batch

    counts: dict[str, int] = {}
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the rows stay pending and the next tick queues them again
        logger.warning("SMTP unavailable for a nurture batch: %s", error)
        Send.objects.filter(pk__in=send_ids, status=Send.Status.PENDING).update(
            queued_at=None, retry_at=_now() + backoff(1), reason=f"retrying: {error}"[:300])
        return {"pending": len(send_ids)}
    rows = {s.pk: s for s in Send.objects.filter(pk__in=send_ids, status=Send.Status.PENDING)
            .select_related("lead", "lead__source_page", "step", "step__sequence", "enrollment")}
    steps: dict[int, object] = {}
    for row in rows.values():  # one Step instance per step, so its body is parsed once per batch
        row.step = steps.setdefault(row.step_id, row.step)
    consents = latest_consents({r.lead_id for r in rows.values()})
    batch = Batch([r.lead_id for r in rows.values()])
    try:
        for pk in send_ids:
            row = rows.get(pk)
            status = deliver(pk, connection=connection, send=row,
                             consent=consents.get(row.lead_id) if row else _UNSET, batch=batch)
            counts[status] = counts.get(status, 0) + 1
    finally:
        connection.close()
    return counts


def retry_failed(send: Send) -> bool:
    """An editor's retry of a failed send: back to pending, queued at the next tick."""
    return bool(Send.objects.filter(pk=send.pk, status=Send.Status.FAILED).update(
        status=Send.Status.PENDING, reason="retried by an editor", retry_at=None, queued_at=None))


def send_confirmation_email(consent_id: int) -> bool:
    """The double opt-in email (transactional: no (광고), the transactional sender). Sent at most once."""
    from .email import build_confirmation

    now = _now()
    claimed = Consent.objects.filter(pk=consent_id, confirmation_sent_at__isnull=True,
                                     confirmed_at__isnull=True).update(confirmation_sent_at=now)
    if not claimed:
        return False
    consent = Consent.objects.select_related("lead").get(pk=consent_id)
    if consent.lead.erased_at or consent.lead.suppressed_at:
        return False
    try:
        build_confirmation(consent).send()
    except Exception:
        # Nothing reached the person: release the claim so a retry sends it.
        Consent.objects.filter(pk=consent_id).update(confirmation_sent_at=None)
        raise
    LeadEvent.objects.create(lead=consent.lead, kind="confirmation_sent", at=now)
    return True


# --- preferences, export, erase ---------------------------------------------------------------------


def update_preferences(lead: Lead, *, language: str, topics: list[str], weekly_only: bool) -> Lead:
    from cms.models import Topic

    if language not in dict(settings.LANGUAGES):
        raise NurtureInputError("language", _("Unknown language."))
    known = set(Topic.objects.filter(slug__in=topics[:50]).values_list("slug", flat=True))
    lead.language, lead.topics, lead.weekly_only = language, sorted(known), weekly_only
    lead.save(update_fields=["language", "topics", "weekly_only", "email_key", "updated_at"])
    LeadEvent.objects.create(lead=lead, kind="preferences", at=_now(), data={"topics": lead.topics})
    return lead


def export_lead(lead: Lead) -> dict:
    """Everything stored about the lead, as the person may ask for it (PIPA §35)."""
    return {
        "email": lead.email, "name": lead.name, "language": lead.language, "time_zone": lead.time_zone,
        "topics": lead.topics, "stage": lead.stage, "score": lead.score, "utm": lead.utm,
        "source_page": lead.source_page.url if lead.source_page_id else None,
        "created_at": lead.created_at.isoformat(), "confirmed_at": _iso(lead.confirmed_at),
        "unsubscribed_at": _iso(lead.unsubscribed_at),
        "consents": [{"purpose": c.purpose, "given_at": _iso(c.given_at), "ip": c.ip_address, "form": c.form,
                      "text_version": c.text_version, "text": c.text, "confirmed_at": _iso(c.confirmed_at),
                      "withdrawn_at": _iso(c.withdrawn_at)} for c in lead.consents.all()],
        "emails": [{"subject": s.step.subject, "status": s.status, "sent_at": _iso(s.sent_at)}
                   for s in lead.sends.select_related("step")],
        "events": [{"kind": e.kind, "at": _iso(e.at), "data": e.data} for e in lead.events.all()],
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def erase_lead(lead: Lead) -> None:
    """Anonymise: the address, name, IPs and timeline go; counts in reports stay true."""
    now = _now()
    with transaction.atomic():
        unsubscribe(lead, how="erase")
        lead.refresh_from_db()
        lead.email = f"erased-{lead.pk}@invalid"
        lead.name, lead.utm, lead.topics, lead.erased_at = "", {}, [], now
        lead.token = f"erased-{lead.pk}-{now.timestamp():.0f}"
        lead.save()
        lead.consents.update(ip_address=None, confirmed_ip=None, user_agent="")
        lead.events.all().delete()
        LeadEvent.objects.create(lead=lead, kind="erased", at=now)


# --- consent renewal (정보통신망법 §50⑧: every two years) and result notices ---------------------------

RENEW_SALT = "nurture.renew"
RENEWAL_NOTICE_DAYS = 30  # the notice goes out this long before the consent lapses


def renewal_token(consent: Consent) -> str:
    return signing.dumps({"c": consent.pk}, salt=RENEW_SALT)


def send_renewal_notices(now: datetime | None = None) -> int:
    """Tell each lead whose consent lapses within a month when they gave it and how to keep or withdraw it.

    Each consent gets one notice: the row is marked before the email goes (a crash leaves it unsent,
    never sent twice), and a lead who renews gets a fresh consent with its own two years.
    """
    from .email import build_notice

    now = now or _now()
    horizon = now + timedelta(days=RENEWAL_NOTICE_DAYS) - timedelta(days=365 * 2)
    sent = 0
    due = Consent.objects.filter(purpose=MARKETING_EMAIL, confirmed_at__isnull=False, confirmed_at__lte=horizon,
                                 withdrawn_at__isnull=True, renewal_notice_sent_at__isnull=True,
                                 lead__unsubscribed_at__isnull=True, lead__suppressed_at__isnull=True,
                                 lead__erased_at__isnull=True).select_related("lead")
    for consent in due:
        if consent.lead.marketing_consent().pk != consent.pk:
            continue  # an older consent: the newer one counts
        if not Consent.objects.filter(pk=consent.pk, renewal_notice_sent_at__isnull=True).update(
                renewal_notice_sent_at=now):
            continue
        build_notice(consent.lead, "renewal", consent=consent).send()
        LeadEvent.objects.create(lead=consent.lead, kind="renewal_notice", at=now)
        sent += 1
    return sent


def renew_consent(token: str, ip: str | None = None) -> Lead:
    try:
        data = signing.loads(token, salt=RENEW_SALT, max_age=int(RENEWAL_NOTICE_DAYS * 2 * 86400))
    except signing.BadSignature as error:
        raise NurtureInputError("token", _("This link is not valid.")) from error
    old = Consent.objects.select_related("lead").filter(pk=data.get("c")).first()
    if old is None or old.lead.erased_at or old.lead.unsubscribed_at:
        raise NurtureInputError("token", _("This link is not valid."))
    now = _now()
    with transaction.atomic():
        if not old.lead.consents.filter(given_at__gt=old.given_at, form="renewal").exists():
            Consent.objects.create(lead=old.lead, purpose=MARKETING_EMAIL, given_at=now, confirmed_at=now,
                                   confirmed_ip=ip or None, ip_address=ip or None, form="renewal",
                                   text_version=old.text_version, text=old.text, page=old.page)
            LeadEvent.objects.create(lead=old.lead, kind="consent_renewed", at=now)
    return old.lead
