"""Insights for staff through the API (in /api/openapi.json): visits by channel and campaign, the
marketing dashboard's figures for a period beside the one before (from the daily rollups), and one
person's timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from cms.api.base import SIGNED_IN, answers, error_response
from cms.models.visibility import is_staff_user

from . import dashboard, people, reports

router = Router(tags=["insights"])


class ChannelOut(Schema):
    channel: str
    name: str
    visits: int
    share: float | None
    before: int
    change: float | None


class CampaignOut(Schema):
    campaign: str
    channel: str
    visits: int


class ChannelsOut(Schema):
    days: int
    channels: list[ChannelOut]
    campaigns: list[CampaignOut]


@router.get("/channels/", response=answers({200: ChannelsOut}, 401, 403, 422), auth=SIGNED_IN,
            summary="Visits by channel and campaign for the last days, beside the days before (staff)")
def channels(request: HttpRequest, days: int = Query(30, ge=1, le=366)):
    if not is_staff_user(request.user):
        return error_response(request, [{"field": None, "message": _("Only staff can read the visit figures.")}],
                              403)
    return {"days": days, "channels": reports.by_channel(days), "campaigns": reports.by_campaign(days)}


class FigureRowOut(Schema):
    dimension: str
    label: str
    now: float
    then: float


class FigureOut(Schema):
    key: str
    label: str
    now: float
    then: float
    change: float | None
    rows: list[FigureRowOut]


class SectionOut(Schema):
    key: str
    label: str
    figures: list[FigureOut]


class FunnelRowOut(Schema):
    key: str
    label: str
    visits: float
    visits_then: float
    steps: list[float]
    steps_then: list[float]


class FunnelOut(Schema):
    kinds: list[dict]
    rows: list[FunnelRowOut]


class DashboardOut(Schema):
    first: date
    last: date
    before: date
    days: int
    model: str
    sections: list[SectionOut]
    channels: FunnelOut
    campaigns: FunnelOut


@router.get("/dashboard/", response=answers({200: DashboardOut}, 401, 403, 422), auth=SIGNED_IN,
            summary="The marketing dashboard's figures for the last days beside the days before (staff)")
def dashboard_figures(request: HttpRequest, days: int = Query(30, ge=1, le=366),
                      model: Literal["first", "last", "linear"] = Query("first")):
    if not is_staff_user(request.user):
        return error_response(request, [{"field": None, "message": _("Only staff can read the visit figures.")}],
                              403)
    return dashboard.build(days, model)


class EntryOut(Schema):
    at: datetime
    kind: str
    text: str
    detail: str


class ConversionOut(Schema):
    kind: str
    name: str
    at: datetime
    label: str
    credits: dict[str, list[dict]]


class TimelineOut(Schema):
    key: str
    name: str
    email: str
    stage: str | None
    conversions: list[ConversionOut]
    entries: list[EntryOut]


@router.get("/people/{key}/timeline/", response=answers({200: TimelineOut}, 401, 403, 404), auth=SIGNED_IN,
            summary="One person's timeline (lead-<id> or member-<id>) with their conversions' attribution (staff)")
def timeline(request: HttpRequest, key: str):
    if not is_staff_user(request.user):
        return error_response(request, [{"field": None, "message": _("Only staff can read a person's timeline.")}],
                              403)
    who = people.person(key)
    converted = people.conversions(who)
    return {"key": key, "name": who.name, "email": who.email, "stage": who.lead.stage if who.lead else None,
            "conversions": [{**c, "name": str(c["name"])} for c in converted],
            "entries": [vars(e) for e in people.timeline(who, converted)]}
