"""Listening → Reports: the mood over time, complaints by type and the service levels as charts (with
their tables for screen readers), from what the viewer may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import reports


def reports_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("listening.view_mention"):
        raise PermissionDenied
    mentions, cases = reports.visible_mentions(request.user), reports.visible_cases(request.user)
    levels = reports.service_levels(cases)
    return render(request, "listening/admin/reports.html", {
        "mood_chart": reports.mood_chart(reports.mood_by_week(mentions)),
        "complaints_chart": reports.complaints_chart(reports.complaints_by_type(mentions, cases)),
        "service_chart": reports.service_chart(levels), "levels": levels})
