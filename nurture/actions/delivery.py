"""Delivery: each email is claimed, checked again, sent and recorded on its own row.

The claim (PENDING → SENDING in one UPDATE, only while the lead may still be mailed) is the one
gate to SMTP, so two workers given the same row send it once; an SMTP failure that may pass is
retried with backoff, any other is recorded as failed, and none is lost.
"""

from __future__ import annotations

import json
import logging
import smtplib
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db

from ..email import Batch, build_message
from ..models import Enrollment, Lead, Send
from .common import UNSET, latest_consents, why_not_mail
from .common import now as current_time

logger = logging.getLogger(__name__)


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
    with db.cursor() as cursor:
        cursor.execute(CLAIM_SQL, [Send.Status.SENDING, db.ops.adapt_datetimefield_value(now), send_id,
                                   Send.Status.PENDING])
        return cursor.rowcount == 1


def _mark_sent(send_id: int, now: datetime, message_id: str, picked: list[int]) -> None:

    with db.cursor() as cursor:
        cursor.execute(SENT_SQL, [Send.Status.SENT, db.ops.adapt_datetimefield_value(now), message_id[:200],
                                  json.dumps(picked), send_id, Send.Status.SENDING])


def deliver(send_id: int, connection=None, *, send: Send | None = None, consent=UNSET, batch=None) -> str:
    """Claim the row, check it is still right to send, send it, record the outcome. Returns the status.

    ``send`` (with lead, step, sequence and enrollment), ``consent`` and ``batch`` come from
    ``deliver_many``, which reads them for a whole batch at once; the claim still goes row by row.
    """
    now = current_time()
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
    enrollment = send.enrollment
    # A sequence that simply ran out of steps still sends its last email; one left (unsubscribed,
    # stopped by an editor, goal reached) does not.
    if not reason and (enrollment.status == Enrollment.Status.STOPPED or enrollment.stopped_reason):
        reason = f"enrollment {enrollment.status}"
    if reason:
        Send.objects.filter(pk=send.pk).update(status=Send.Status.SKIPPED, reason=reason)
        return Send.Status.SKIPPED
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
    counts: dict[str, int] = {}
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the rows stay pending and the next tick queues them again
        logger.warning("SMTP unavailable for a nurture batch: %s", error)
        Send.objects.filter(pk__in=send_ids, status=Send.Status.PENDING).update(
            queued_at=None, retry_at=current_time() + backoff(1), reason=f"retrying: {error}"[:300])
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
                             consent=consents.get(row.lead_id) if row else UNSET, batch=batch)
            counts[status] = counts.get(status, 0) + 1
    finally:
        connection.close()
    return counts


def retry_failed(send: Send) -> bool:
    """An editor's retry of a failed send: back to pending, queued at the next tick."""
    return bool(Send.objects.filter(pk=send.pk, status=Send.Status.FAILED).update(
        status=Send.Status.PENDING, reason="retried by an editor", retry_at=None, queued_at=None))
