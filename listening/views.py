"""The NPS survey on the site: by the link in its email (the token is the key; a GET only shows the
form, with the score clicked in the email chosen, so a mail scanner following links answers nothing),
and for a signed-in member."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .actions import nps
from .models import NpsSurvey

SCALE = list(range(11))


def _chosen(request: HttpRequest) -> int | None:
    raw = request.POST.get("score", request.GET.get("score", ""))
    return int(raw) if raw.isdigit() and int(raw) <= 10 else None


def _form(request: HttpRequest, survey: NpsSurvey, *, author: str = "", decline_url: str = "") -> HttpResponse:
    state, error, status = "", "", 200
    if survey.declined_at is not None:
        state = "declined"
    elif survey.answered_at is not None:
        state = "thanks"
    elif request.method == "POST":
        try:
            nps.answer(survey, request.POST.get("score"), request.POST.get("comment", ""), author=author)
            state = "thanks"
        except nps.NpsError as problem:
            error, status = problem.message, 400
    return render(request, "listening/nps.html", {
        "survey": survey, "state": state, "error": error, "scale": SCALE, "chosen": _chosen(request),
        "comment": request.POST.get("comment", "")[:2000], "decline_url": decline_url}, status=status)


def survey_view(request: HttpRequest, token) -> HttpResponse:
    survey = get_object_or_404(NpsSurvey, token=token)
    if request.GET.get("decline") and request.method == "GET" and survey.declined_at is None:
        return render(request, "listening/nps_decline.html", {"survey": survey})
    return _form(request, survey, decline_url=reverse("listening_nps_decline", args=[survey.token]))


@require_POST
def decline_view(request: HttpRequest, token) -> HttpResponse:
    survey = get_object_or_404(NpsSurvey, token=token)
    nps.decline(survey)
    return redirect("listening_nps", token=survey.token)


def member_view(request: HttpRequest) -> HttpResponse:
    """A member is asked on the site (at most once in the quiet days)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    survey = nps.member_survey(request.user)
    if survey is None:
        return render(request, "listening/nps.html", {"state": "done"})
    member = getattr(request.user, "member", None)
    author = getattr(member, "handle", "") or request.user.get_username()
    return _form(request, survey, author=author)
