"""The site's rewards pages: checking in at an event, and the points section of a member's profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from cms.models import EventPage
from community.actions import member_for

from . import actions
from .checkin import is_open

MEMBER_LOGIN = "account_login"


@never_cache
@login_required(login_url=MEMBER_LOGIN)
def check_in(request: HttpRequest, event_id: int) -> HttpResponse:
    """GET: the form (a QR code or link may carry the code in ``?code=``); POST: check in."""
    event = EventPage.objects.live().public().filter(pk=event_id).first()
    if event is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            entries = actions.check_in(member_for(request.user), event, request.POST.get("code", ""))
        except actions.RewardsError as problem:
            error = problem.message
        else:
            earned = sum(e.amount for e in entries)
            messages.success(request, ngettext("Checked in: %(n)d point.", "Checked in: %(n)d points.", earned)
                             % {"n": earned} if earned else _("Checked in."))
            return redirect("community_profile")
    return render(request, "rewards/check_in.html", {"event": event, "open": is_open(event), "error": error,
                                                     "code": request.POST.get("code") or request.GET.get("code", "")},
                  status=400 if error else 200)


def profile_section(request: HttpRequest, member) -> str:
    """community.profile: the member's points and their latest entries."""
    return render_to_string("rewards/profile_points.html", {
        "balance": actions.balance(member), "entries": list(actions.history(member)[:10])}, request=request)
