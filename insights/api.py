"""The channel figures for staff through the API (in /api/openapi.json): visits by channel and by
campaign for a period beside the one before, from the daily rollups."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from cms.api.base import SIGNED_IN, answers, error_response
from cms.models.visibility import is_staff_user

from . import reports

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
