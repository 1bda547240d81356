"""Locked sign-ins in the Wagtail admin: who is locked, from where, and a button that unlocks them."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def can_unlock(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(UNLOCK_PERMISSION))


def locked_sign_ins() -> list[dict]:
    """Each username and address whose failures reached the limit within the cool-off time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME if settings.AXES_COOLOFF_TIME else None
    attempts = AccessAttempt.objects.all()
    if since is not None:
        attempts = attempts.filter(attempt_time__gte=since)
    rows = (attempts.values("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
    return list(rows)


@require_http_methods(["GET", "POST"])
def locked_sign_ins_view(request: HttpRequest) -> HttpResponse:
    if not can_unlock(request.user):
        raise PermissionDenied
    if request.method == "POST":
        username = request.POST.get("username", "")[:255]
        ip = request.POST.get("ip_address", "")[:45] or None
        # Both empty would reset every lock at once: that is never what one button press means.
        removed = reset(ip=ip, username=username) if username else 0
        if removed:
            messages.success(request, _("%(username)s can sign in again from %(ip)s.")
                             % {"username": username, "ip": ip or "-"})
        else:
            messages.warning(request, _("That sign-in was no longer locked."))
        return redirect("security_locked_sign_ins")
    return TemplateResponse(request, "security/locked_sign_ins.html", {
        "rows": locked_sign_ins(), "limit": settings.AXES_FAILURE_LIMIT})
