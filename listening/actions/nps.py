"""Net promoter surveys: who is asked (after an event they registered for has ended; a day after they
went to a product from the wizard, when they are a confirmed lead; members on the site), the email
with the eleven one-click scores, the answer (its comment taken into the inbox) and "don't ask me
again".

A person is asked about one thing once and not again within the quiet days; the email is claimed
before it is sent, so two schedulers running at once send it once."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.models import EventRegistration
from cms.structure import language_of
from nurture.email import base_url
from shop_wizard.models import ClickOut

from ..models import NpsSurvey, Source
from .ingest import Incoming, ingest, source_named

AFTER_EVENT = timedelta(hours=2)  # the event has ended and people are home
AFTER_CLICK = timedelta(days=1)  # they have had a day with the product
LOOK_BACK = timedelta(days=3)  # a scheduler that was down catches up this far, no further


class NpsError(Exception):
    def __init__(self, field: str | None, message):
        super().__init__(str(message))
        self.field, self.message = field, str(message)


def quiet_days() -> int:
    return settings.LISTENING_NPS_QUIET_DAYS


def may_ask(email: str, now: datetime | None = None) -> bool:
    """Not asked within the quiet days, and never asked not to be asked again."""
    now = now or timezone.now()
    return not NpsSurvey.objects.filter(email=email.lower()).filter(
        Q(declined_at__isnull=False) | Q(created_at__gte=now - timedelta(days=quiet_days()))).exists()


def _make(*, email: str, trigger: str, key: str, about: str, language: str, now: datetime) -> NpsSurvey | None:
    email = email.strip().lower()
    if not email or not may_ask(email, now):
        return None
    try:
        with transaction.atomic():
            return NpsSurvey.objects.create(email=email, trigger=trigger, key=key, about=about[:200],
                                            language=language if language in ("ko", "en") else "ko")
    except IntegrityError:  # asked about this already (another run made it first)
        return None


def invite_due(now: datetime | None = None) -> int:
    """Make the surveys that are due and send every unsent one; returns how many emails went out."""
    now = now or timezone.now()
    registrations = (EventRegistration.objects.filter(
        status=EventRegistration.Status.CONFIRMED, event__end__lte=now - AFTER_EVENT,
        event__end__gte=now - AFTER_EVENT - LOOK_BACK).select_related("event").order_by("pk"))
    for registration in registrations:
        event = registration.event
        _make(email=registration.email, trigger=NpsSurvey.Trigger.EVENT, key=f"event-{event.pk}", about=event.title,
              language=language_of(event), now=now)
    clicks = (ClickOut.objects.filter(
        created_at__lte=now - AFTER_CLICK, created_at__gte=now - AFTER_CLICK - LOOK_BACK,
        response__lead__confirmed_at__isnull=False, response__lead__unsubscribed_at__isnull=True,
        response__lead__erased_at__isnull=True).select_related("product", "response__lead").order_by("pk"))
    for click in clicks:
        lead = click.response.lead
        _make(email=lead.email, trigger=NpsSurvey.Trigger.WIZARD, key=f"product-{click.product_id}",
              about=click.product.title, language=lead.language, now=now)
    unsent = NpsSurvey.objects.filter(invited_at__isnull=True, answered_at__isnull=True, declined_at__isnull=True,
                                      created_at__gte=now - LOOK_BACK).exclude(email="").exclude(
        trigger=NpsSurvey.Trigger.SITE).values_list("pk", flat=True)
    return sum(send_invitation(pk, now=now) for pk in list(unsent))


def survey_url(survey: NpsSurvey, **query) -> str:
    with translation.override(survey.language):
        path = reverse("listening_nps", args=[survey.token])
    return base_url() + path + (f"?{urlencode(query)}" if query else "")


def send_invitation(survey_id: int, *, now: datetime | None = None) -> bool:
    """The survey's email, once: claimed by setting its time first, given back if sending fails."""
    now = now or timezone.now()
    if not NpsSurvey.objects.filter(pk=survey_id, invited_at__isnull=True).update(invited_at=now):
        return False
    survey = NpsSurvey.objects.get(pk=survey_id)
    with translation.override(survey.language):
        subject = _("How likely are you to recommend us?")
        body = render_to_string("listening/email/nps.txt", {
            "survey": survey, "scores": [(n, survey_url(survey, score=n)) for n in range(11)],
            "decline": survey_url(survey, decline=1), "site_name": settings.WAGTAIL_SITE_NAME})
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [survey.email])
    except Exception:
        NpsSurvey.objects.filter(pk=survey_id).update(invited_at=None)  # the next run tries again
        raise
    return True


def nps_source() -> Source:
    return source_named("NPS 설문", Source.Kind.SITE)


def answer(survey: NpsSurvey, score, comment: str = "", *, author: str = "",
           now: datetime | None = None) -> NpsSurvey:
    """The score (0–10) and comment, once; the comment goes into the inbox with the score beside it."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = -1
    if not 0 <= score <= 10:
        raise NpsError("score", _("Choose a score from 0 to 10."))
    comment = (comment or "").strip()[:2000]
    now = now or timezone.now()
    with transaction.atomic():
        taken = NpsSurvey.objects.filter(pk=survey.pk, answered_at__isnull=True).update(
            score=score, comment=comment, answered_at=now)
        if not taken:
            raise NpsError(None, _("This survey has been answered already. Thank you."))
        survey.refresh_from_db()
        if comment:
            said = ingest(nps_source(), [Incoming(
                text=comment, posted_at=now, channel="nps", author=author or survey.email,
                external_id=f"nps-{survey.pk}",
                raw={"email": survey.email, "score": score, "survey": survey.pk, "about": survey.about})])
            if said.created:
                NpsSurvey.objects.filter(pk=survey.pk).update(mention=said.created[0])
    survey.refresh_from_db()
    return survey


def decline(survey: NpsSurvey, now: datetime | None = None) -> None:
    """Don't ask me again: kept for good, for this address."""
    NpsSurvey.objects.filter(pk=survey.pk, declined_at__isnull=True).update(declined_at=now or timezone.now())


def member_survey(user, now: datetime | None = None) -> NpsSurvey | None:
    """The survey a signed-in member answers on the site: the open one of the quiet days, or a new one
    when they may be asked; None when they answered lately or asked not to be asked."""
    now = now or timezone.now()
    email = (user.email or "").lower()
    since = now - timedelta(days=quiet_days())
    recent = NpsSurvey.objects.filter(Q(user=user) | Q(email=email) if email else Q(user=user)).filter(
        Q(created_at__gte=since) | Q(declined_at__isnull=False)).order_by("-created_at").first()
    if recent is not None:
        return recent if recent.answered_at is None and recent.declined_at is None else None
    try:
        with transaction.atomic():
            return NpsSurvey.objects.create(
                email=email, user=user, trigger=NpsSurvey.Trigger.SITE, key=f"site-{now:%Y-%m-%d}",
                about="", language=translation.get_language() if translation.get_language() in ("ko", "en") else "ko")
    except IntegrityError:
        return None
