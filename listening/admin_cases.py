"""Cases in the admin: opening one from a mention, the case page (the mention, internal notes, the
reply that goes back where it came from, resolving), and the service-level report by team and type."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models.visibility import is_staff_user

from . import actions
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


def mood_by_week(mentions, weeks: int = 8) -> list[dict]:
    """Mentions per week (from Monday, site time) by sentiment, and the net mood (positive − negative, as
    a share of all), the last ``weeks`` weeks, oldest first."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    counted = (mentions.filter(posted_at__gte=since).annotate(week=TruncWeek("posted_at"))
               .values("week", "sentiment").annotate(n=Count("pk")))
    table = {first + timedelta(weeks=i): {"positive": 0, "neutral": 0, "negative": 0} for i in range(weeks)}
    for row in counted:
        week = timezone.localtime(row["week"]).date() if isinstance(row["week"], datetime) else row["week"]
        if week in table:
            table[week][row["sentiment"]] += row["n"]
    out = []
    for week, counts in table.items():
        total = sum(counts.values())
        net = round((counts["positive"] - counts["negative"]) * 100 / total) if total else None
        out.append({"week": week, **counts, "total": total, "net": net})
    return out


def report_view(request: HttpRequest) -> HttpResponse:
    """Open cases by due time, and the measures by team and by type."""
    if not request.user.has_perm("listening.view_case"):
        raise PermissionDenied
    cases = Case.objects.select_related("type", "team", "mention")
    if not is_staff_user(request.user):
        cases = cases.filter(mention__staff_only=False)
    every = list(cases)
    by_team, by_type = {}, {}
    for case in every:
        by_team.setdefault(str(case.team or _("no team")), []).append(case)
        by_type.setdefault(str(case.type), []).append(case)
    mentions = Mention.objects.all() if is_staff_user(request.user) else Mention.objects.filter(staff_only=False)
    return render(request, "listening/admin/cases.html", {
        "mood": mood_by_week(mentions),
        "open": [c for c in every if c.status != Case.Status.RESOLVED][:100], "all": actions.measures(every),
        "teams": [(name, actions.measures(group)) for name, group in sorted(by_team.items())],
        "types": [(name, actions.measures(group)) for name, group in sorted(by_type.items())],
        "now": timezone.now()})
