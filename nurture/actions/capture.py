"""Sign-up with consent, and the double opt-in that makes it live.

A consent records what the person saw and agreed to (text and version, form, page, address); it
becomes live only when they follow the link in the confirmation email, which is sent at most once.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..email import build_confirmation
from ..models import MARKETING_EMAIL, Consent, Lead, LeadEvent, Sequence
from ..providers import sequences_for_form
from ..scoring import record
from ..tokens import CONFIRM_SALT
from .common import NurtureInputError
from .common import now as current_time
from .enrolment import enroll

MAX_NAME = 120
MAX_EMAIL = 254
MAX_CONSENT_TEXT = 4000


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
    now = current_time()
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
        record(lead, "consent_given", page=c.page, data={"form": c.form, "version": c.consent_version}, at=now)
        if already:
            _enroll_for_consent(lead, consent, now)
        else:
            from ..tasks import send_confirmation  # the tasks module imports these actions

            transaction.on_commit(lambda: send_confirmation.delay(consent.pk))
    return lead


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
    now = current_time()
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


def _enroll_for_consent(lead: Lead, consent: Consent, at) -> None:
    """The sequences the place of consent starts: its landing page's, or those of the app that owns the form."""
    if consent.page_id:
        sequences = Sequence.objects.filter(trigger_page_id=consent.page_id)
    else:
        sequences = Sequence.objects.filter(pk__in=[s.pk for s in sequences_for_form(consent.form)])
    for sequence in sequences.filter(active=True, language=lead.language):
        enroll(lead, sequence, at)


def send_confirmation_email(consent_id: int) -> bool:
    """The double opt-in email (transactional: no (광고), the transactional sender). Sent at most once."""
    now = current_time()
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
