"""Listening's report pages, thin views over reports, health, advocates and sns: each shows what the
viewer may see (a staff-only mention never counts for someone who is not staff)."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import advocates, health, reports, sns
from .models import NpsSurvey, Source


def _listeners_only(view):
    """Every report page: for those who may read the inbox."""
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm("listening.view_mention"):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return guarded


@_listeners_only
def reports_view(request: HttpRequest) -> HttpResponse:
    mentions, cases = reports.visible_mentions(request.user), reports.visible_cases(request.user)
    levels = reports.service_levels(cases)
    surveys = NpsSurvey.objects.all()
    return render(request, "listening/admin/reports.html", {
        "nps_chart": reports.nps_chart(reports.nps_by_month(surveys)), "nps_segments": reports.nps_by_segment(surveys),
        "mood_chart": reports.mood_chart(reports.mood_by_week(mentions)),
        "complaints_chart": reports.complaints_chart(reports.complaints_by_type(mentions, cases)),
        "service_chart": reports.service_chart(levels), "levels": levels})


@_listeners_only
def health_view(request: HttpRequest) -> HttpResponse:
    """Customer health: the people at risk first (NPS, the mood of what they said, open cases, activity)."""
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "listening/admin/health.html", {
        "people": health.people(reports.visible_mentions(request.user), query=query), "query": query})


@_listeners_only
def advocates_view(request: HttpRequest) -> HttpResponse:
    """Advocates: who answers, helps, defends and recommends us lately, the most active first."""
    try:
        days = min(max(int(request.GET.get("days", 90)), 1), 365)
    except ValueError:
        days = 90
    return render(request, "listening/admin/advocates.html", {
        "advocates": advocates.advocates(advocates.visible(request.user), days=days), "days": days})


@_listeners_only
def sns_view(request: HttpRequest) -> HttpResponse:
    """SNS analysis: per direction and channel (volume, mood), top and rising terms of one of them (or
    of all), and the staff's SNS activity."""
    try:
        days = min(max(int(request.GET.get("days", 28)), 7), 365)
    except ValueError:
        days = 28
    mentions = reports.visible_mentions(request.user)
    channels = sns.by_channel(mentions, days)
    chosen = mentions
    direction, channel = request.GET.get("direction", ""), request.GET.get("channel", "")
    if direction in dict(Source.Direction.choices):
        chosen = chosen.filter(source__direction=direction)
    else:
        direction = ""
    if channel and channel in {row["key"] for row in channels}:
        chosen = chosen.filter(channel=channel)
    else:
        channel = ""
    return render(request, "listening/admin/sns.html", {
        "days": days, "directions": sns.by_direction(mentions, days), "channels": channels,
        "weekly": sns.weekly_chart(mentions), "terms": sns.terms(chosen, days=days),
        "direction": direction, "channel": channel, "direction_choices": Source.Direction.choices,
        "staff": sns.staff_activity(mentions, days)})
