"""What a person sees when their sign-ins are locked: a page in their language (the admin's look on
admin paths), or the API's error shape for JSON clients, with status 429."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def cooloff_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return max(1, math.ceil(cooloff.total_seconds() / 60)) if cooloff else 0


def lockout_message() -> str:
    minutes = cooloff_minutes()
    if not minutes:
        return _("Too many failed sign-ins for this account from your address. Ask an administrator to unlock it.")
    return _(
        "Too many failed sign-ins for this account from your address. Try again in %(minutes)d minutes, "
        "or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def username_of(request: HttpRequest, credentials: dict | None) -> str:
    """The account a sign-in names: a staff username (the admin) or a member's email (allauth)."""
    credentials = credentials or {}
    for value in (credentials.get("username"), credentials.get("email"), request.POST.get("username"),
                  request.POST.get("login")):
        if value:
            return str(value).strip().lower()
    return ""


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (request.path.startswith("/api/") or request.content_type == "application/json"
            or ("application/json" in accept and "text/html" not in accept))


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict | None = None) -> HttpResponse:
    """django-axes calls this instead of the login view once a username and address are locked."""
    message = lockout_message()
    if wants_json(request):
        return JsonResponse({"errors": [{"field": None, "message": message}]}, status=429)
    return render(request, "security/locked_out.html", {"message": message}, status=429)
