"""The marketing dashboard, the conversions behind its numbers, and the single customer view."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cms.models.visibility import is_staff_user

from . import dashboard, people, reports
from .models import Channel, Conversion, Model

PERIODS = (7, 30, 90)


def _admin(request: HttpRequest) -> None:
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied


def _staff(request: HttpRequest) -> None:
    """A person's data: staff only (an editor outside the Staff group reads the counts, not the people)."""
    _admin(request)
    if not is_staff_user(request.user):
        raise PermissionDenied


def _period(request: HttpRequest) -> tuple[int, str]:
    days = int(request.GET["days"]) if request.GET.get("days") in {str(p) for p in PERIODS} else 30
    model = request.GET.get("model") if request.GET.get("model") in Model.values else Model.FIRST
    return days, model


def dashboard_view(request: HttpRequest) -> HttpResponse:
    _admin(request)
    days, model = _period(request)
    data = dashboard.build(days, model)
    if request.GET.get("format") == "csv":
        response = HttpResponse("\ufeff" + dashboard.as_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="marketing-{data["first"]}-{data["last"]}.csv"'
        return response
    return render(request, "insights/admin/dashboard.html", {
        **data, "periods": PERIODS, "models": Model.choices, "visits_chart": reports.daily_chart(days),
        "can_see_people": is_staff_user(request.user)})


def conversions_view(request: HttpRequest) -> HttpResponse:
    """The conversions behind a dashboard number: a kind, credited to a channel or campaign, in the period."""
    _admin(request)
    days, model = _period(request)
    first, last, _before = reports.period(days)
    kind = request.GET.get("kind") if request.GET.get("kind") in Conversion.Kind.values else ""
    channel = request.GET.get("channel") if request.GET.get("channel") in Channel.values else ""
    campaign = request.GET.get("campaign", "")[:100]
    if request.GET.get("then"):
        first, last = first - timedelta(days=days), first - timedelta(days=1)
    found = Conversion.objects.filter(at__date__range=(first, last))
    if kind:
        found = found.filter(kind=kind)
    if channel or campaign:
        credit = {"credits__model": model}
        if channel:
            credit["credits__channel"] = channel
        if campaign:
            credit["credits__campaign"] = campaign
        found = found.filter(**credit).distinct()
    page = Paginator(found.order_by("-at", "-pk").prefetch_related("credits"), 50).get_page(request.GET.get("p"))
    staff = is_staff_user(request.user)
    for conversion in page:
        conversion.person_key = people.key_for(conversion.lead_id, conversion.member_id) if staff else ""
        conversion.credited = [c for c in conversion.credits.all() if c.model == model]
    return render(request, "insights/admin/conversions.html", {
        "page": page, "kind": kind, "channel": channel, "campaign": campaign, "days": days, "model": model,
        "first": first, "last": last, "kind_name": dict(Conversion.Kind.choices).get(kind, _("all conversions")),
        "channel_name": dict(Channel.choices).get(channel, ""), "model_name": dict(Model.choices)[model],
        "query": request.GET.urlencode()})


def people_view(request: HttpRequest) -> HttpResponse:
    _staff(request)
    query = request.GET.get("q", "")[:100]
    return render(request, "insights/admin/people.html", {"q": query, "found": people.find(query)})


def person_view(request: HttpRequest, key: str) -> HttpResponse:
    _staff(request)
    who = people.person(key)
    consents = list(who.lead.consents.order_by("-given_at")) if who.lead is not None else []
    converted = people.conversions(who)
    return render(request, "insights/admin/person.html", {
        "who": who, "consents": consents, "entries": people.timeline(who, converted), "conversions": converted})
