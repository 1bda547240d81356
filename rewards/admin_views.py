"""The admin's check-in codes: events running now or in the coming week, each with the code staff show
at the door (or on a slide) and the link members open to type it."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from cms.models import EventPage
from cms.models.visibility import is_staff_user

from .checkin import code_for, is_open


def checkin_codes(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    events = EventPage.objects.live().filter(end__gte=now, start__lte=now + timedelta(days=7)).order_by("start")
    staff = is_staff_user(request.user)
    rows = [{"event": e, "open": is_open(e, now), "code": code_for(e) if staff else "",
             "link": request.build_absolute_uri(reverse("rewards_check_in", args=[e.pk]))} for e in events]
    return render(request, "rewards/admin/checkin_codes.html", {"rows": rows, "staff": staff})
