"""Cases in the admin: opening one from a mention, the case page (the mention, internal notes, the
reply that goes back where it came from, resolving), and the service-level report by team and type."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cms.models.visibility import is_staff_user

from . import actions, reports
from .models import Case, ComplaintType, Mention


def _may_work(request) -> None:
    if not request.user.has_perm("listening.change_case"):
        raise PermissionDenied


def _visible(request, mention: Mention) -> None:
    if mention.staff_only and not is_staff_user(request.user):
        raise Http404


def open_case_view(request: HttpRequest) -> HttpResponse:
    _may_work(request)
    if request.method != "POST":
        return redirect("listening_cases_report")
    mention = get_object_or_404(Mention, pk=request.POST.get("mention") or 0)
    _visible(request, mention)
    chosen = ComplaintType.objects.filter(pk=request.POST.get("type") or 0).first()
    case = actions.open_case(mention, complaint_type=chosen, user=request.user)
    return redirect("listening_case", case_id=case.pk)


def case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    _may_work(request)
    case = get_object_or_404(Case.objects.select_related("mention__source", "type", "team", "assignee"), pk=case_id)
    _visible(request, case.mention)
    error, status = "", 200
    if request.method == "POST":
        try:
            if "note" in request.POST:
                actions.note(case, request.user, request.POST["note"])
            elif "reply" in request.POST:
                actions.reply(case, request.user, request.POST["reply"])
            elif "resolve" in request.POST:
                actions.resolve(case)
            return redirect("listening_case", case_id=case.pk)
        except actions.CaseError as problem:
            error, status = problem.message, 400
    now = timezone.now()
    return render(request, "listening/admin/case.html", {
        "case": case, "notes": case.notes.select_related("author"), "replies": case.replies.select_related("author"),
        "error": error, "late_first": case.first_response_at is None and case.first_response_due < now,
        "late_resolution": case.resolved_at is None and case.resolution_due < now}, status=status)


def report_view(request: HttpRequest) -> HttpResponse:
    """Open cases by due time, and the measures by team and by type."""
    if not request.user.has_perm("listening.view_case"):
        raise PermissionDenied
    levels = reports.service_levels(reports.visible_cases(request.user).select_related("mention"))
    return render(request, "listening/admin/cases.html", {
        "open": [c for c in levels["every"] if c.status != Case.Status.RESOLVED][:100], "all": levels["all"],
        "teams": levels["teams"], "types": levels["types"], "now": timezone.now()})
