"""The one dashboard: listen, create, target, convert, retain for a period beside the period before,
read from the daily rollups only (visits, attributed conversions, the other apps' figures), so its cost
does not grow with the raw events. Each number says which admin list is behind it."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Max, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cms.charts import chart, series

from .actions.rollups import rollup_version
from .figures import installed
from .models import Channel, Conversion, DailyConversions, DailyFigure, DailyVisits, Model
from .reports import NAMES, period

SECTIONS = [("listen", gettext_lazy("Listen")), ("create", gettext_lazy("Create")),
            ("target", gettext_lazy("Target")), ("convert", gettext_lazy("Convert")),
            ("retain", gettext_lazy("Retain"))]
FUNNEL = [Conversion.Kind.LEAD, Conversion.Kind.MQL, Conversion.Kind.SQL, Conversion.Kind.CUSTOMER]
OTHER_CONVERSIONS = [Conversion.Kind.MEMBER, Conversion.Kind.EVENT, Conversion.Kind.WIZARD,
                     Conversion.Kind.CLICK_OUT]
KIND_NAMES = dict(Conversion.Kind.choices)
MOODS = {"positive": gettext_lazy("positive"), "neutral": gettext_lazy("neutral"),
         "negative": gettext_lazy("negative"), "": gettext_lazy("not measured"),
         "promoters": gettext_lazy("promoters"), "passives": gettext_lazy("passives"),
         "detractors": gettext_lazy("detractors"), "in_time": gettext_lazy("in time"), "late": gettext_lazy("late"),
         "event_report": gettext_lazy("Event report"), "project_output": gettext_lazy("Project output")}


def _url(name: str) -> str:
    path, _sep, query = name.partition("?")
    try:
        return reverse(path) + (f"?{query}" if query else "") if path else ""
    except NoReverseMatch:
        return ""


def _change(now: float, then: float) -> float | None:
    return (now - then) / then if then else None


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _dimension_label(key: str, dimension: str, page_types: dict[str, str]) -> str:
    if key == "published" and dimension:
        return page_types.get(dimension, dimension)
    return str(MOODS.get(dimension, dimension)) if key != "search_terms" else dimension


def _page_types(models: set[str]) -> dict[str, str]:
    """Page types' names by model name, in one query."""
    out = {}
    for found in ContentType.objects.filter(model__in=models):
        klass = found.model_class()
        if klass is not None:
            out[found.model] = str(klass._meta.verbose_name)
    return out


def _figures(first: date, last: date, before: date) -> dict[str, list[dict]]:
    """Every figure's total and rows, now and then."""
    ranges = {"now": (first, last), "then": (before, first - timedelta(days=1))}
    sums: dict[str, dict[tuple[str, str], float]] = {}
    for name, (start, end) in ranges.items():
        sums[name] = {(k, d): v for k, d, v in DailyFigure.objects.filter(day__range=(start, end))
                      .values_list("key", "dimension").annotate(v=Sum("value")).values_list("key", "dimension", "v")}
        newest = DailyFigure.objects.filter(day__range=(start, end)).aggregate(d=Max("day"))["d"]
        sums[f"{name}-last"] = {(k, d): v for k, d, v in DailyFigure.objects.filter(day=newest)
                                .values_list("key", "dimension", "value")} if newest else {}
    out: dict[str, list[dict]] = {section: [] for section, _label in SECTIONS}
    page_types = _page_types({d for part in sums.values() for k, d in part if k == "published" and d})
    for figure in installed():
        now = sums["now-last" if figure.how == "last" else "now"]
        then = sums["then-last" if figure.how == "last" else "then"]
        dimensions = sorted({d for k, d in now if k == figure.key} | {d for k, d in then if k == figure.key},
                            key=lambda d: (-now.get((figure.key, d), 0), d))
        rows = [{"dimension": d, "label": _dimension_label(figure.key, d, page_types),
                 "now": now.get((figure.key, d), 0), "then": then.get((figure.key, d), 0)} for d in dimensions]
        for row in rows:
            row["change"] = _change(row["now"], row["then"])
        total_now = sum(r["now"] for r in rows) if figure.key not in ("search_terms", "content_gaps") else len(
            [r for r in rows if r["now"]])
        total_then = sum(r["then"] for r in rows) if figure.key not in ("search_terms", "content_gaps") else len(
            [r for r in rows if r["then"]])
        out[figure.section].append({
            "key": figure.key, "label": str(figure.label), "how": figure.how, "drill": _url(figure.drill),
            "now": total_now, "then": total_then, "change": _change(total_now, total_then),
            "rows": rows[:10] if any(r["dimension"] for r in rows) else []})
    return out


def _visits(start: date, end: date, by: str) -> dict[str, float]:
    rows = DailyVisits.objects.filter(day__range=(start, end)).exclude(channel=Channel.INTERNAL)
    return dict(rows.values_list(by).annotate(n=Sum("visits")).values_list(by, "n"))


def _credits(start: date, end: date, model: str, by: str) -> dict[tuple[str, str], float]:
    rows = DailyConversions.objects.filter(day__range=(start, end), model=model)
    return {(kind, value): n for kind, value, n in rows.values_list("kind", by).annotate(n=Sum("credit"))
            .values_list("kind", by, "n")}


def funnel(first: date, last: date, before: date, model: str, by: str = "channel") -> dict:
    """Visits → leads → MQL → SQL → customers (and the other conversions), by channel or campaign, now
    and then; each step's rate is of the step before."""
    then_range = (before, first - timedelta(days=1))
    visits, visits_then = _visits(first, last, by), _visits(*then_range, by)
    credits, credits_then = _credits(first, last, model, by), _credits(*then_range, model, by)
    keys = set(visits) | {value for _kind, value in credits}
    if by == "campaign":
        keys.discard("")
    kinds = FUNNEL + OTHER_CONVERSIONS
    rows = []
    for key in keys:
        row = {"key": key, "label": str(NAMES.get(key, key)) if by == "channel" else key,
               "visits": visits.get(key, 0), "visits_then": visits_then.get(key, 0),
               "steps": [round(credits.get((kind, key), 0), 2) for kind in kinds],
               "steps_then": [round(credits_then.get((kind, key), 0), 2) for kind in kinds]}
        chain = [row["visits"], *row["steps"][:len(FUNNEL)]]
        row["rates"] = [chain[i + 1] / chain[i] if chain[i] else None for i in range(len(FUNNEL))]
        row["rate_texts"] = [_percent(r) for r in row["rates"]]
        rows.append(row)
    rows.sort(key=lambda r: (-r["steps"][0], -r["visits"], r["label"]))
    totals = {"visits": sum(visits.values()), "visits_then": sum(visits_then.values()),
              "steps": [round(sum(v for (k, _c), v in credits.items() if k == kind), 2) for kind in kinds],
              "steps_then": [round(sum(v for (k, _c), v in credits_then.items() if k == kind), 2) for kind in kinds]}
    chain = [totals["visits"], *totals["steps"][:len(FUNNEL)]]
    totals["rates"] = [chain[i + 1] / chain[i] if chain[i] else None for i in range(len(FUNNEL))]
    totals["rate_texts"] = [_percent(r) for r in totals["rates"]]
    return {"kinds": [{"kind": k, "name": str(KIND_NAMES[k])} for k in kinds], "rows": rows[:25], "totals": totals,
            "funnel_size": len(FUNNEL)}


CACHE_SECONDS = 3600
# Each process keeps its own builds: one built by an earlier release (other labels, other fields) is
# never read after a deploy. A build per process per rollup costs little.
_PROCESS = uuid.uuid4().hex[:8]


def build(days: int, model: str = Model.FIRST, today: date | None = None) -> dict:
    """The dashboard for the period ending ``today``. Everything on it comes from the rollups, so it is
    built once per rollup (every 15 minutes, and after a conversion) and language, not on every view."""
    first, last, before = period(days, today)
    key = f"insights:dashboard:{_PROCESS}:{rollup_version()}:{get_language()}:{days}:{model}:{last.isoformat()}"
    data = cache.get(key)
    if data is None:
        data = _build(days, model, first, last, before)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _build(days: int, model: str, first: date, last: date, before: date) -> dict:
    by_channel = funnel(first, last, before, model)
    top = [r for r in by_channel["rows"] if r["visits"] or r["steps"][0]][:8]
    return {
        "first": first, "last": last, "before": before, "days": days, "model": model,
        "sections": [{"key": key, "label": str(label), "figures": figs}
                     for (key, label), figs in zip(SECTIONS, _figures(first, last, before).values(), strict=True)],
        "channels": by_channel, "campaigns": funnel(first, last, before, model, by="campaign"),
        "funnel_chart": chart(
            "conversion-funnel", _("From visits to customers"),
            [_("visits")] + [str(KIND_NAMES[k]) for k in FUNNEL],
            [series(_("this period"), [by_channel["totals"]["visits"], *by_channel["totals"]["steps"][:len(FUNNEL)]]),
             series(_("the period before"),
                    [by_channel["totals"]["visits_then"], *by_channel["totals"]["steps_then"][:len(FUNNEL)]])],
            horizontal=True, height=260),
        "leads_chart": chart(
            "leads-by-channel", _("Leads by channel"), [r["label"] for r in top],
            [series(_("this period"), [r["steps"][0] for r in top]),
             series(_("the period before"), [r["steps_then"][0] for r in top])], height=260),
    }


class _SafeWriter:
    """A cell that starts like a formula (a search term typed as "=1+1") is written as text, so a
    spreadsheet opening the file runs nothing."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row) -> None:
        self.writer.writerow([f"'{c}" if isinstance(c, str) and c[:1] in ("=", "+", "-", "@", "\t", "\r") else c
                              for c in row])


def as_csv(data: dict) -> str:
    """Every number on the dashboard, one row each: section, figure, what, this period, the one before."""
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out))
    writer.writerow([_("section"), _("figure"), _("dimension"), f"{data['first']}–{data['last']}",
                     f"{data['before']}–{data['first'] - timedelta(days=1)}"])
    for section in data["sections"]:
        for figure in section["figures"]:
            writer.writerow([section["label"], figure["label"], "", figure["now"], figure["then"]])
            for row in figure["rows"]:
                writer.writerow([section["label"], figure["label"], row["label"], row["now"], row["then"]])
    for by, table in ((_("channel"), data["channels"]), (_("campaign"), data["campaigns"])):
        for row in table["rows"]:
            writer.writerow([_("Convert"), _("visits"), f"{by}: {row['label']}", row["visits"], row["visits_then"]])
            for kind, now, then in zip(table["kinds"], row["steps"], row["steps_then"], strict=True):
                writer.writerow([_("Convert"), kind["name"], f"{by}: {row['label']}", now, then])
    return out.getvalue()


HEADLINES = [("listen", "mentions"), ("listen", "searches"), ("create", "published"), ("target", "enrolments"),
             ("retain", "active_30"), ("retain", "comments")]


def summary(days: int = 30) -> dict:
    """The admin home's few numbers: visits and leads, and one or two per step, each with its change."""
    data = build(days)
    figures = {(s["key"], f["key"]): f for s in data["sections"] for f in s["figures"]}
    totals = data["channels"]["totals"]
    lines = [{"label": _("Visits"), "now": totals["visits"], "then": totals["visits_then"]},
             {"label": str(KIND_NAMES[Conversion.Kind.LEAD]), "now": totals["steps"][0],
              "then": totals["steps_then"][0]},
             {"label": str(KIND_NAMES[Conversion.Kind.CUSTOMER]), "now": totals["steps"][3],
              "then": totals["steps_then"][3]}]
    lines += [{"label": figures[k]["label"], "now": figures[k]["now"], "then": figures[k]["then"]}
              for k in HEADLINES if k in figures]
    for line in lines:
        line["change"] = _change(line["now"], line["then"])
    return {"days": days, "lines": lines, "top": data["channels"]["rows"][:3]}
