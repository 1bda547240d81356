"""Every admin chart, drawn by one library (Apache ECharts, vendored in cms/static/cms/vendor/echarts)
from a spec the view builds here, with the same figures as a table for screen readers and for a
browser without JavaScript.

A report builds ``chart(...)`` and includes ``cms/admin/chart.html``; the admin's global script
(cms/static/cms/charts.js) loads ECharts only on a page that has a chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.text import slugify


def series(name: str, values: Sequence[float | int | None], *, kind: str = "bar", stack: str = "",
           axis: int = 0, color: str = "") -> dict[str, Any]:
    """One series: bars or a line, stacked with others of the same ``stack``; ``axis`` 1 is the right one
    (a share beside counts, say)."""
    return {"name": str(name), "data": [None if v is None else round(float(v), 4) for v in values],
            "type": kind, "stack": stack, "axis": axis, "color": color}


def chart(chart_id: str, title: str, labels: Sequence[str], lines: Sequence[dict], *, axis_label: str = "",
          percent: bool = False, right_percent: bool = False, horizontal: bool = False,
          height: int = 240) -> dict[str, Any]:
    """A chart's spec (for the script) and its rows (for the table): ``percent`` shows the (left) value
    axis's figures, shares from 0 to 1, as whole percents; ``right_percent`` does so for the right axis."""
    labels = [str(label) for label in labels]
    for line in lines:
        if len(line["data"]) != len(labels):
            raise ValueError(f"series {line['name']!r} has {len(line['data'])} values for {len(labels)} labels")

    def shown(value, line) -> str:
        if value is None:
            return "—"
        if (percent and line["axis"] == 0) or (right_percent and line["axis"] == 1):
            return f"{value * 100:.0f}%"
        return f"{value:g}"

    rows = [{"label": label, "values": [shown(line["data"][i], line) for line in lines]}
            for i, label in enumerate(labels)]
    ident = f"chart-{slugify(chart_id)}"
    return {"id": ident, "spec_id": f"{ident}-spec", "title": str(title), "axis_label": str(axis_label),
            "series": [line["name"] for line in lines], "rows": rows,
            "spec": {"title": str(title), "labels": labels, "series": list(lines), "percent": percent,
                     "rightPercent": right_percent, "horizontal": horizontal, "height": height}}
