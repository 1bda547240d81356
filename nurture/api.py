"""The JSON capture endpoint, for front ends other than ours (a form on another site, an app)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from wagtail.models import Page

from cms.api.base import MAX_PAGE_ID, answers
from cms.client_ip import client_ip

from . import actions

router = Router(tags=["nurture"])


class LeadIn(Schema):
    email: str = Field(..., max_length=1000)  # our own check (254) answers first, in the visitor's language
    consent: bool = Field(..., description="The person ticked the marketing consent box (never pre-ticked).")
    consent_text: str = Field("", max_length=20000, description="The consent text exactly as shown.")
    consent_version: str = Field("", max_length=80)
    name: str = Field("", max_length=1000)
    language: str = Field("ko", max_length=8)
    time_zone: str = Field("Asia/Seoul", max_length=64)
    page_id: int | None = Field(None, ge=1, le=MAX_PAGE_ID, description="The page the form was on.")
    utm: dict[str, str] = Field(default_factory=dict)
    website: str = Field("", max_length=200, description="Honeypot: leave empty. Bots fill it.")


class LeadAccepted(Schema):
    status: str
    message: str


@router.post("/leads/", response=answers({202: LeadAccepted}, 400, 422, 429),
             summary="Sign up for email (double opt-in)")
def create_lead(request, payload: LeadIn):
    """Stores the consent and sends a confirmation email; nothing else is sent until it is confirmed.

    The answer is the same whether the address was new or known, so the endpoint cannot be used to
    find out who is subscribed.
    """
    ip = client_ip(request) or ""
    if actions.rate_limited(ip):
        raise HttpError(429, _("Too many sign-ups from your address. Please try again in a few minutes."))
    accepted = {"status": "confirmation_sent",
                "message": _("Check your inbox: we sent a link to confirm your subscription.")}
    if payload.website:  # a bot: answer as if all went well and store nothing
        return Status(202, accepted)
    page = Page.objects.filter(pk=payload.page_id).first() if payload.page_id else None
    if payload.page_id and page is None:
        raise actions.NurtureInputError("page_id", _("Unknown page."))
    actions.capture(actions.Capture(
        email=payload.email, name=payload.name, consent=payload.consent, consent_text=payload.consent_text,
        consent_version=payload.consent_version, language=payload.language, time_zone=payload.time_zone,
        page=page, form="api", utm=dict(list(payload.utm.items())[:10]), ip=ip or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    ))
    return Status(202, accepted)
