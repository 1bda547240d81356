"""The nurture rules, one module per flow; views, the API, signals and tasks call these and decide nothing.

- ``capture``: sign-up with consent, the double opt-in and the confirmation email;
- ``enrolment``: entering sequences (from a form, a topic, a segment, inactivity);
- ``tick``: the scheduler that records each due step once;
- ``delivery``: claiming, sending and recording each email;
- ``privacy``: unsubscribe, suppression, preferences, export and erasure;
- ``renewal``: the two-yearly consent renewal (정보통신망법 §50⑧).

Every function that sends mail records first and sends second, so a crash or a retry can never
make a second copy (nurture-compliance.md: duplicate sends are the anchors' top complaint).
"""

from ..tokens import confirmation_token, renewal_token
from .capture import (
    Capture,
    capture,
    confirm,
    consent_for_token,
    rate_limited,
    send_confirmation_email,
    validate_capture,
)
from .common import NurtureInputError, latest_consents, now, why_not_mail
from .delivery import backoff, deliver, deliver_many, retry_failed
from .enrolment import enroll, enter_by_inactivity, enter_by_interest, enter_by_segment, reschedule
from .privacy import erase_lead, export_lead, suppress, unsubscribe, update_preferences
from .renewal import renew_consent, send_renewal_notices
from .tick import TickResult, in_send_window, queue_pending, tick, unmet_condition

__all__ = [
    "Capture", "NurtureInputError", "TickResult", "backoff", "capture", "confirm", "confirmation_token",
    "consent_for_token", "deliver", "deliver_many", "enroll", "enter_by_inactivity", "enter_by_interest",
    "enter_by_segment", "erase_lead", "export_lead", "in_send_window", "latest_consents", "now", "queue_pending",
    "rate_limited", "renew_consent", "renewal_token", "reschedule", "retry_failed", "send_confirmation_email",
    "send_renewal_notices", "suppress", "tick", "unmet_condition", "unsubscribe", "update_preferences",
    "validate_capture", "why_not_mail",
]
