"""The rewards API (mounted at /api/rewards/): a signed-in member's balances and ledger.

Entries name their rule, never what earned them (a comment on an internal post stays internal)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema, Status
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from cms.api.base import MAX_OFFSET, SIGNED_IN, SessionToken, answers, error_response
from cms.models.visibility import is_staff_user
from community.actions import member_for
from community.models import CommunityGroup

from . import actions
from .mission_views import missions_for
from .models import Account, Coupon, Currency, MemberBadge, Reward

router = Router(tags=["rewards"])


class BalanceOut(Schema):
    currency: str = Field(..., description="The currency's code (``points`` for the platform's own).")
    name: str
    balance: int


class RankOut(Schema):
    name: str
    points: int = Field(..., description="Points earned in all (spending does not lower them).")
    next: str | None = Field(None, description="The next rank's name; null at the top.")
    to_next: int = Field(..., description="Points still to earn for the next rank.")


class BadgeOut(Schema):
    slug: str
    name: str
    awarded_at: datetime


class MeOut(Schema):
    balances: list[BalanceOut]
    rank: RankOut | None
    badges: list[BadgeOut]


class EntryOut(Schema):
    id: int
    kind: str = Field(..., description="award, reversal, redemption, issue, accept, gift or expiry.")
    amount: int = Field(..., description="What it moved on the member's balance (negative: taken).")
    what: str = Field(..., description="The rule or reason, in the caller's language.")
    reverses: int | None = Field(None, description="The entry this one takes back.")
    created_at: datetime


class LedgerOut(Schema):
    count: int
    items: list[EntryOut]


class LedgerQuery(Schema):
    currency: str = Field("points", max_length=20)
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _name(obj) -> str:
    english = (get_language() or "ko").startswith("en")
    return (obj.name_en or obj.name) if english else obj.name


@router.get("/me/", response=answers({200: MeOut}, 401), auth=SIGNED_IN, summary="My balances")
def me(request: HttpRequest):
    member = member_for(request.user)
    rows = (Account.objects.filter(kind=Account.Kind.MEMBER, member=member).select_related("currency")
            .order_by("currency__code"))
    balances = [{"currency": a.currency.code, "name": _name(a.currency), "balance": a.balance} for a in rows]
    if not any(b["currency"] == "points" for b in balances):
        points = Currency.objects.filter(code="points").first()
        if points is not None:
            balances.insert(0, {"currency": "points", "name": _name(points), "balance": 0})
    rank = actions.rank_of(member)
    badges = MemberBadge.objects.filter(member=member).select_related("badge")
    return {"balances": balances, "badges": [{"slug": b.badge.slug, "name": _name(b.badge),
                                              "awarded_at": b.awarded_at} for b in badges],
            "rank": {"name": _name(rank["rank"]), "points": rank["points"], "to_next": rank["to_next"],
                     "next": _name(rank["next"]) if rank["next"] else None} if rank["rank"] else None}


@router.get("/me/ledger/", response=answers({200: LedgerOut}, 400, 401, 422), auth=SIGNED_IN,
            summary="My ledger, newest first")
def ledger(request: HttpRequest, query: Query[LedgerQuery]):
    currency = Currency.objects.filter(code=query.currency).first()
    if currency is None:
        return error_response(request, [{"field": "currency", "message": _unknown_currency(query.currency)}], 400)
    entries = actions.history(member_for(request.user), currency)
    page = entries[query.offset:query.offset + query.limit]
    return {"count": entries.count(), "items": [
        {"id": e.pk, "kind": e.kind, "amount": e.amount, "what": _name(e.rule) if e.rule else e.get_kind_display(),
         "reverses": e.reverses_id, "created_at": e.created_at} for e in page]}


class BoardRow(Schema):
    rank: int = Field(..., description="Ties share a rank; the next rank skips (1, 2, 2, 4).")
    name: str
    points: int


class MyStanding(Schema):
    rank: int
    points: int


class BoardOut(Schema):
    period: str
    starts: str = Field(..., description="The first day of the period (the week's Monday, the month's 1st).")
    group: str | None
    items: list[BoardRow]
    me: MyStanding | None = Field(None, description="The caller's own place, when signed in and on the board.")


class BoardQuery(Schema):
    group: str | None = Field(None, max_length=80, description="A group's slug: only its members.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


@router.get("/leaderboards/{period}/", response=answers({200: BoardOut}, 400, 404, 422),
            auth=[SessionToken(), BearerTokenAuth(), AllowAnonymous()], summary="A leaderboard")
def board(request: HttpRequest, query: Query[BoardQuery],
          period: Literal["week", "month", "all"] = Path(..., description="week, month or all")):
    """Points earned this week, this month or all time (spending does not lower them), overall or in a
    group; members an editor excluded, who left themselves off, and (by the site's setting) staff are
    not listed."""
    group = None
    if query.group:
        group = CommunityGroup.objects.filter(slug=query.group).first()
        if group is None:
            return error_response(request, [{"field": "group", "message": _("There is no such group.")}], 404)
    points = actions.points()
    rows = actions.leaderboard(period, currency=points, group=group, limit=query.limit, offset=query.offset)
    me = None
    if request.user.is_authenticated:
        me = actions.standing_of(member_for(request.user), period, currency=points, group=group)
    return {"period": period, "starts": actions.period_starts(timezone.now())[period].isoformat(),
            "group": group.slug if group else None, "me": me,
            "items": [{"rank": r["rank"], "name": r["name"], "points": r["points"]} for r in rows]}


class RewardOut(Schema):
    id: int
    name: str
    description: str
    price: int
    currency: str
    partner: str | None
    stock: int | None = Field(None, description="Left; null: no limit.")


class CouponOut(Schema):
    code: str
    reward: str
    expires_at: datetime
    used_at: datetime | None


class CodeIn(Schema):
    code: str = Field(..., max_length=40)


def _reward_out(reward) -> dict:
    return {"id": reward.pk, "name": _name(reward), "description": reward.description, "price": reward.price,
            "currency": reward.currency.code, "partner": _name(reward.partner) if reward.partner else None,
            "stock": reward.stock}


def _coupon_out(coupon) -> dict:
    return {"code": coupon.code, "reward": _name(coupon.reward), "expires_at": coupon.expires_at,
            "used_at": coupon.used_at}


def _refused(request, problem):
    return error_response(request, [{"field": problem.field, "message": problem.message}], problem.status)


@router.get("/catalogue/", response=answers({200: list[RewardOut]}), auth=[SessionToken(), BearerTokenAuth(),
                                                                          AllowAnonymous()],
            summary="Rewards to redeem")
def catalogue(request: HttpRequest):
    return [_reward_out(r) for r in Reward.objects.filter(active=True).select_related("currency", "partner")]


@router.post("/catalogue/{reward_id}/redeem/", response=answers({201: CouponOut}, 401, 404, 409, 422),
             auth=SIGNED_IN, summary="Redeem a reward")
def redeem(request: HttpRequest, reward_id: int = Path(..., ge=1, le=2**31 - 1),
           idempotency_key: str = Header("", alias="Idempotency-Key", max_length=64,
                                         description="Send the same key again (a retry): one redemption, "
                                                     "the same coupon.")):
    """Points for a coupon, in one transaction: never below zero, never past the stock."""
    try:
        coupon = actions.redeem(member_for(request.user), reward_id, request_key=idempotency_key)
    except actions.RewardsError as problem:
        return _refused(request, problem)
    return Status(201, _coupon_out(coupon))


@router.get("/me/coupons/", response=answers({200: list[CouponOut]}, 401), auth=SIGNED_IN, summary="My coupons")
def my_coupons(request: HttpRequest):
    return [_coupon_out(c) for c in Coupon.objects.filter(member=member_for(request.user)).select_related("reward")]


@router.post("/coupons/use/", response=answers({200: CouponOut}, 400, 401, 403, 404, 409, 422), auth=SIGNED_IN,
             summary="Take a coupon (staff)")
def use(request: HttpRequest, payload: CodeIn):
    if not is_staff_user(request.user):
        return error_response(request, [{"field": None, "message": _("Only staff can take coupons.")}], 403)
    try:
        return _coupon_out(actions.use_coupon(payload.code))
    except actions.RewardsError as problem:
        return _refused(request, problem)


def _unknown_currency(code: str) -> str:
    return _("There is no currency called %(code)s.") % {"code": code[:20]}


class SlotOut(Schema):
    card: int
    number: int
    name: str
    rarity: str
    held: int = Field(..., description="Copies the member holds; 0 is an empty slot.")
    url: str = Field(..., description="The card's page (shared with its drawn image).")


class SetOut(Schema):
    slug: str
    name: str
    have: int
    complete: bool
    slots: list[SlotOut]


@router.get("/me/cards/", response=answers({200: list[SetOut]}, 401), auth=SIGNED_IN, summary="My card album")
def my_cards(request: HttpRequest):
    return [{"slug": s["set"].slug, "name": _name(s["set"]), "have": s["have"], "complete": s["complete"],
             "slots": [{"card": c.pk, "number": c.number, "name": _name(c), "rarity": c.rarity, "held": c.held,
                        "url": reverse("rewards_card", args=[c.pk])} for c in s["slots"]]}
            for s in actions.album(member_for(request.user))]


class GiftIn(Schema):
    handle: str = Field(..., max_length=31, description="The receiver's @handle.")


@router.post("/me/cards/{card_id}/gift/", response=answers({201: SlotOut}, 400, 401, 409, 422), auth=SIGNED_IN,
             summary="Give a duplicate card")
def gift(request: HttpRequest, payload: GiftIn, card_id: int = Path(..., ge=1, le=2**31 - 1)):
    """One of the caller's duplicates of a card goes to another member (the last copy is kept)."""
    try:
        copy = actions.gift(member_for(request.user), card_id, payload.handle)
    except actions.RewardsError as problem:
        return _refused(request, problem)
    card = copy.card
    return Status(201, {"card": card.pk, "number": card.number, "name": _name(card), "rarity": card.rarity,
                        "held": 1, "url": reverse("rewards_card", args=[card.pk])})


class StepOut(Schema):
    what: str
    count: int
    done: int


class MissionOut(Schema):
    id: int
    name: str
    kind: str = Field(..., description="individual or group")
    starts: datetime
    ends: datetime
    completed: bool
    steps: list[StepOut]
    reward_points: int


@router.get("/me/missions/", response=answers({200: list[MissionOut]}, 401), auth=SIGNED_IN,
            summary="Missions running now, with my progress")
def my_missions(request: HttpRequest):
    out = []
    for run in missions_for(member_for(request.user)):  # what the mission page and the profile show
        mission = run["mission"]
        out.append({"id": mission.pk, "name": _name(mission), "kind": mission.kind, "starts": run["start"],
                    "ends": run["end"], "reward_points": mission.reward_points, "completed": run["completed"],
                    "steps": [{"what": (s["step"].label_en if _english() and s["step"].label_en else
                                        s["step"].label) or s["step"].get_event_display(),
                               "count": s["count"], "done": s["done"]} for s in run["steps"]]})
    return out


def _english() -> bool:
    return (get_language() or "ko").startswith("en")
