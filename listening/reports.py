"""The figures of the listening reports: mood by week, complaints by type, service levels by team and
type. Each takes the mentions (or cases) the viewer may see, so a staff-only mention never counts in
a report shown to someone who is not staff."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.charts import chart, series
from cms.models.visibility import is_staff_user

from . import actions
from .models import Case, ComplaintType, Mention, NpsSurvey

POSITIVE, NEUTRAL, NEGATIVE = "#2e7d32", "#9e9e9e", "#c62828"


def weeks_back(weeks: int) -> tuple[list, datetime]:
    """The Mondays (site time) of the last ``weeks`` weeks, oldest first, and the first one's start."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    return [first + timedelta(weeks=i) for i in range(weeks)], timezone.make_aware(datetime.combine(first, time.min))


def week_of(value) -> object:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def mood_by_week(mentions: QuerySet, weeks: int = 8) -> list[dict]:
    """Mentions per week (from Monday, site time) by sentiment, and the net mood (positive − negative, as
    a share of all), the last ``weeks`` weeks, oldest first."""
    mondays, since = weeks_back(weeks)
    counted = (mentions.filter(posted_at__gte=since).exclude(sentiment="").annotate(week=TruncWeek("posted_at"))
               .values("week", "sentiment").annotate(n=Count("pk")))
    table = {monday: {"positive": 0, "neutral": 0, "negative": 0} for monday in mondays}
    for row in counted:
        week = week_of(row["week"])
        if week in table:
            table[week][row["sentiment"]] += row["n"]
    out = []
    for week, counts in table.items():
        total = sum(counts.values())
        share = (counts["positive"] - counts["negative"]) / total if total else None
        out.append({"week": week, **counts, "total": total, "net_share": share,
                    "net": round(share * 100) if share is not None else None})
    return out


def mood_chart(weeks: list[dict]) -> dict:
    labels = [w["week"].isoformat() for w in weeks]
    return chart("mood", _("Mood by week: mentions by sentiment, and the net mood (positive minus negative, as a "
                           "share of all)"), labels, [
        series(_("positive"), [w["positive"] for w in weeks], stack="mood", color=POSITIVE),
        series(_("neutral"), [w["neutral"] for w in weeks], stack="mood", color=NEUTRAL),
        series(_("negative"), [w["negative"] for w in weeks], stack="mood", color=NEGATIVE),
        series(_("Net mood"), [w["net_share"] for w in weeks], kind="line", axis=1)],
        axis_label=_("Week of"), right_percent=True, height=280)


def complaints_by_type(mentions: QuerySet, cases: QuerySet, days: int = 56) -> list[dict]:
    """Per complaint type: its mentions of the last ``days`` days (suggested or confirmed) and its open
    cases, in the editors' order."""
    since = timezone.now() - timedelta(days=days)
    said = dict(mentions.filter(posted_at__gte=since, complaint_type__isnull=False)
                .values_list("complaint_type").annotate(n=Count("pk")))
    still_open = dict(cases.exclude(status=Case.Status.RESOLVED).values_list("type").annotate(n=Count("pk")))
    return [{"type": t, "mentions": said.get(t.pk, 0), "open": still_open.get(t.pk, 0)}
            for t in ComplaintType.objects.order_by("order", "name")]


def complaints_chart(rows: list[dict]) -> dict:
    return chart("complaint-types", _("Complaints by type: mentions of the last eight weeks and open cases"),
                 [str(r["type"]) for r in rows],
                 [series(_("Mentions"), [r["mentions"] for r in rows], color=NEGATIVE),
                  series(_("Open cases"), [r["open"] for r in rows])],
                 axis_label=_("Complaint type"), horizontal=True, height=max(160, 36 * len(rows) + 48))


def service_levels(cases: QuerySet) -> dict:
    """The measures for all cases, by team and by type (cases.measures: median hours, share in time)."""
    every = list(cases.select_related("type", "team"))
    by_team: dict[str, list] = {}
    by_type: dict[str, list] = {}
    for case in every:
        by_team.setdefault(str(case.team or _("no team")), []).append(case)
        by_type.setdefault(str(case.type), []).append(case)
    return {"all": actions.measures(every), "every": every,
            "teams": [(name, actions.measures(group)) for name, group in sorted(by_team.items())],
            "types": [(name, actions.measures(group)) for name, group in sorted(by_type.items())]}


def service_chart(levels: dict) -> dict:
    rows = [(_("Team") + ": " + name, m) for name, m in levels["teams"]] + \
           [(_("Type") + ": " + name, m) for name, m in levels["types"]]
    return chart("service-levels", _("Service levels: the share of cases answered and resolved in time, and the "
                                     "median hours to the first response"), [name for name, _m in rows],
                 [series(_("Within SLA"), [m["within_sla"] for _n, m in rows]),
                  series(_("First response (h)"), [m["first_response_hours"] for _n, m in rows], kind="line",
                         axis=1)],
                 axis_label=_("Team or type"), percent=True, height=300)


def visible_mentions(user) -> QuerySet:
    return Mention.objects.all() if is_staff_user(user) else Mention.objects.filter(staff_only=False)


def visible_cases(user) -> QuerySet:
    cases = Case.objects.all()
    return cases if is_staff_user(user) else cases.filter(mention__staff_only=False)



# --- net promoter score ---------------------------------------------------------------------------


def nps_of(scores: list[int]) -> int | None:
    """Promoters (9–10) less detractors (0–6), as a whole percent of all answers."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return round((promoters - detractors) * 100 / len(scores))


def _nps_row(label: str, scores: list[int]) -> dict:
    return {"label": label, "answers": len(scores), "promoters": sum(1 for s in scores if s >= 9),
            "passives": sum(1 for s in scores if 7 <= s <= 8), "detractors": sum(1 for s in scores if s <= 6),
            "nps": nps_of(scores)}


def nps_by_month(surveys: QuerySet, months: int = 6) -> list[dict]:
    """NPS per calendar month (site time) of answers, the last ``months`` months, oldest first."""
    today = timezone.localdate()
    starts = []
    year, month = today.year, today.month
    for _i in range(months):
        starts.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    first = timezone.make_aware(datetime(starts[0][0], starts[0][1], 1))
    scores: dict[tuple[int, int], list[int]] = {start: [] for start in starts}
    for answered, score in surveys.filter(answered_at__gte=first, score__isnull=False).values_list(
            "answered_at", "score"):
        local = timezone.localtime(answered)
        scores.setdefault((local.year, local.month), []).append(score)
    return [_nps_row(f"{y}-{m:02d}", scores[(y, m)]) for y, m in starts]


def nps_by_segment(surveys: QuerySet, days: int = 365) -> list[dict]:
    """NPS of the last ``days`` days by how people were asked (after an event, after the wizard, on
    the site) and by language."""
    rows = list(surveys.filter(answered_at__gte=timezone.now() - timedelta(days=days), score__isnull=False)
                .values_list("trigger", "language", "score"))
    out = [_nps_row(_("All"), [s for _t, _l, s in rows])]
    for value, label in NpsSurvey.Trigger.choices:
        out.append(_nps_row(str(label), [s for t, _l, s in rows if t == value]))
    for code, name in (("ko", _("Korean")), ("en", _("English"))):
        out.append(_nps_row(str(name), [s for _t, lang, s in rows if lang == code]))
    return out


def nps_chart(months: list[dict]) -> dict:
    return chart("nps", _("Net promoter score by month, and the answers behind it"), [m["label"] for m in months], [
        series(_("promoters"), [m["promoters"] for m in months], stack="answers", color=POSITIVE),
        series(_("passives"), [m["passives"] for m in months], stack="answers", color=NEUTRAL),
        series(_("detractors"), [m["detractors"] for m in months], stack="answers", color=NEGATIVE),
        series(_("NPS"), [m["nps"] for m in months], kind="line", axis=1)], axis_label=_("Month"), height=280)
