"""Figures for the wizard analytics screen: starts, completions, drop-off per question, click-outs."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ClickOut, Partner, Response, ResponseStatus, Wizard


def funnel(wizard: Wizard, days: int = 90) -> dict:
    """Starts, completions, and per question how many reached it and how many stopped there."""
    since = timezone.now() - timedelta(days=days)
    responses = Response.objects.filter(wizard=wizard, created_at__gte=since).exclude(source="preview")
    starts = responses.count()
    completed = responses.filter(status=ResponseStatus.COMPLETED).count()
    stopped = dict(responses.filter(status=ResponseStatus.STARTED).values_list("reached").annotate(n=Count("pk")))
    version = wizard.versions.order_by("-number").first()
    questions = version.definition["questions"] if version else []
    rows = []
    reached = starts
    for index, question in enumerate(questions):
        left = stopped.get(index, 0)  # answered `index` questions, then left on this one
        rows.append({"number": index + 1, "text": question["text"], "reached": reached, "dropped": left,
                     "rate": (left / reached) if reached else None})
        reached -= left
    return {"starts": starts, "completed": completed, "rate": (completed / starts) if starts else None,
            "questions": rows}


def per_day(wizard: Wizard, days: int = 30) -> tuple[list[int], list[int], list[str]]:
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = (Response.objects.filter(wizard=wizard, created_at__date__gte=since).exclude(source="preview")
            .annotate(day=TruncDate("created_at")).values("day")
            .annotate(starts=Count("pk"), done=Count("pk", filter=Q(status=ResponseStatus.COMPLETED))))
    by_day = {r["day"]: r for r in rows}
    days_ = [since + timedelta(days=i) for i in range(days)]
    return ([by_day.get(d, {}).get("starts", 0) for d in days_], [by_day.get(d, {}).get("done", 0) for d in days_],
            [d.isoformat() for d in days_])


def partners(days: int = 90) -> list[dict]:
    """Per partner: products, times recommended in the top three, click-outs (with the referral code)."""
    since = timezone.now() - timedelta(days=days)
    clicks = dict(ClickOut.objects.filter(created_at__gte=since).values_list("partner").annotate(n=Count("pk")))
    completed = Response.objects.filter(status=ResponseStatus.COMPLETED, completed_at__gte=since).order_by()
    shown: dict[int | None, int] = {}
    for i in range(3):  # the database reads each stored result's first three picks, not Python, row by row
        place = completed.filter(**{f"result__picks__{i}__has_key": "product"})
        for partner, n in place.values_list(f"result__picks__{i}__partner").annotate(n=Count("pk")):
            shown[partner] = shown.get(partner, 0) + n
    rows = [{"partner": None, "name": "", "products": None, "top3": shown.get(None, 0), "clicks": clicks.get(None, 0)}]
    for partner in Partner.objects.annotate(n=Count("products")).order_by("name"):
        rows.append({"partner": partner, "name": partner.name, "products": partner.n, "top3": shown.get(partner.pk, 0),
                     "clicks": clicks.get(partner.pk, 0), "code": partner.referral_code})
    return rows
