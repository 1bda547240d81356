"""The partner API (mounted at /api/rewards/partner/): a partner business's till or system issues the
shared currency to a member, takes it as payment, and reads its own settlement. It authenticates with
a partner token (``X-Partner-Token``), made in the admin and shown once; a token sees only its own
partner's books. Members appear by their number, never by name or address."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import APIKeyHeader

from cms.api.base import answers, error_response

from . import actions
from .models import PartnerToken
from .models.partners import token_hash

router = Router(tags=["rewards: partners"])


class PartnerTokenAuth(APIKeyHeader):
    param_name = "X-Partner-Token"

    def authenticate(self, request: HttpRequest, key: str | None):
        if not key or len(key) > 100:
            return None
        token = (PartnerToken.objects.select_related("partner")
                 .filter(digest=token_hash(key), revoked_at__isnull=True, partner__active=True).first())
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
            PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)  # seen, without a write per call
        request.partner = token.partner
        return token.partner


PARTNER = [PartnerTokenAuth()]


class MovementIn(Schema):
    code: str = Field(..., max_length=20, description="The pay code the member's wallet shows (e.g. 1234-567890).")
    amount: int = Field(..., description="A whole number from 1 to 1,000,000.")
    currency: str = Field(..., max_length=20, description="The shared currency's code.")
    reference: str = Field(..., max_length=40,
                           description="The till's own reference: sending the same movement again books it once.")
    memo: str = Field("", max_length=200)


class MovementOut(Schema):
    entry: int
    kind: str = Field(..., description="issue or accept")
    member: str = Field(..., description="The member's number (M and digits).")
    amount: int
    currency: str
    reference: str
    created_at: datetime


class LineOut(Schema):
    time: datetime
    kind: str
    entry: int
    member: str
    amount: int = Field(..., description="On the partner's account: issued is negative, accepted positive.")
    reference: str
    memo: str


class SettlementOut(Schema):
    currency: str
    start: date
    end: date
    issued: int
    accepted: int
    net: int = Field(..., description="accepted − issued in the period")
    outstanding: int = Field(..., description="Issued less accepted, all time, at the period's end.")
    lines: list[LineOut]


class SettlementQuery(Schema):
    currency: str = Field(..., max_length=20)
    start: date
    end: date


def _refused(request, problem):
    return error_response(request, [{"field": problem.field, "message": problem.message}], problem.status)


def _out(entry) -> dict:
    return {"entry": entry.pk, "kind": entry.kind, "member": f"M{entry.member_id}", "amount": abs(entry.amount),
            "currency": entry.currency.code, "reference": entry.qualifier, "created_at": entry.created_at}


def _move(request, payload: MovementIn, flow):
    try:
        currency = actions.shared_currency(payload.currency)
        entry = flow(request.partner, payload.code, payload.amount, currency=currency, reference=payload.reference,
                     memo=payload.memo)
    except actions.RewardsError as problem:
        return _refused(request, problem)
    return Status(201, _out(entry))


@router.post("/issue/", response=answers({201: MovementOut}, 400, 401, 409, 422), auth=PARTNER,
             summary="Issue the shared currency to a member")
def issue(request: HttpRequest, payload: MovementIn):
    """The member shows their pay code; the partner gives them ``amount``. Once per reference."""
    return _move(request, payload, actions.issue_by_code)


@router.post("/accept/", response=answers({201: MovementOut}, 400, 401, 409, 422), auth=PARTNER,
             summary="Accept the shared currency as payment")
def accept(request: HttpRequest, payload: MovementIn):
    """The member shows their pay code; ``amount`` moves from them to the partner. A code pays once;
    the member's balance never goes below zero."""
    return _move(request, payload, actions.accept)


@router.get("/settlement/", response=answers({200: SettlementOut}, 400, 401, 422), auth=PARTNER,
            summary="The partner's settlement for a period")
def settlement(request: HttpRequest, query: Query[SettlementQuery]):
    if (query.end - query.start).days > 366:
        return error_response(request, [{"field": "end", "message": _("Ask for at most a year at a time.")}], 400)
    try:
        report = actions.settlement(request.partner, actions.shared_currency(query.currency), query.start, query.end)
    except actions.RewardsError as problem:
        return _refused(request, problem)
    return {**report, "currency": report["currency"].code}
