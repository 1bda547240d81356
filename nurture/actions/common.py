"""What every flow shares: the input error, the clock, and whether a lead may be mailed now."""

from __future__ import annotations

from datetime import datetime

from cms.errors import InputError

from .. import clock
from ..models import MARKETING_EMAIL, Consent, Lead


class NurtureInputError(InputError):
    """Input the person must fix; the message is in their language and names the field."""


def now() -> datetime:
    """The nurture clock (adjustable in development, so a sequence's days can be walked through)."""
    return clock.now()


UNSET = object()


def why_not_mail(lead: Lead, at: datetime, consent=UNSET) -> str:
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
    if consent is UNSET:
        consent = lead.marketing_consent()
    if consent is None or not consent.live(at):
        return "consent lapsed" if consent is not None else "no consent"
    return ""


def latest_consents(lead_ids) -> dict[int, Consent]:
    """Each lead's latest unwithdrawn marketing consent, in one query."""
    found: dict[int, Consent] = {}
    for consent in Consent.objects.filter(lead_id__in=list(lead_ids), purpose=MARKETING_EMAIL,
                                          withdrawn_at__isnull=True).order_by("lead_id", "-given_at"):
        found.setdefault(consent.lead_id, consent)
    return found
