/* Every admin chart (cms/charts.py, cms/templates/cms/admin/chart.html): on a page with one, load the
   vendored Apache ECharts (and its Korean texts), draw each chart from its JSON spec as SVG with
   ECharts' aria description, and keep the table of the same figures for screen readers only. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/charts\.js(\?.*)?$/, "vendor/echarts/");

  function load(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function percent(value) {
    return value === null || value === undefined ? "—" : Math.round(value * 100) + "%";
  }

  function plain(value) {
    return value === null || value === undefined ? "—" : String(value);
  }

  function draw(box, korean) {
    var spec = JSON.parse(document.getElementById(box.dataset.chart).textContent);
    box.style.height = (spec.height || 240) + "px";
    var chart = window.echarts.init(box, null, { renderer: "svg", locale: korean ? "KO" : "EN" });
    var twoAxes = spec.series.some(function (s) { return s.axis === 1; });
    var valueAxis = function (shares) {
      return { type: "value", axisLabel: { formatter: shares ? percent : null } };
    };
    var categoryAxis = { type: "category", data: spec.labels };
    var values = [valueAxis(spec.percent)];
    if (twoAxes) values.push(valueAxis(spec.rightPercent));
    chart.setOption({
      aria: { enabled: true },
      title: { text: spec.title, show: false },
      animation: false,
      tooltip: { trigger: "axis" },
      legend: spec.series.length > 1 ? { top: 0 } : { show: false },
      grid: { left: 8, right: 8, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? values : categoryAxis,
      yAxis: spec.horizontal ? categoryAxis : values,
      series: spec.series.map(function (s) {
        var shares = s.axis === 1 ? spec.rightPercent : spec.percent;
        var item = {
          name: s.name, type: s.type, data: s.data, connectNulls: true,
          tooltip: { valueFormatter: shares ? percent : plain }
        };
        if (s.stack) item.stack = s.stack;
        if (s.color) item.itemStyle = { color: s.color };
        if (s.axis === 1) item[spec.horizontal ? "xAxisIndex" : "yAxisIndex"] = 1;
        return item;
      })
    });
    box.dataset.drawn = "true";
    var table = document.querySelector('[data-chart-table="' + box.dataset.chart.replace(/-spec$/, "") + '"]');
    if (table) table.classList.add("w-sr-only");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    var boxes = document.querySelectorAll("[data-chart]");
    if (!boxes.length) return;
    var korean = (document.documentElement.lang || "ko").toLowerCase().indexOf("ko") === 0;
    load(base + "echarts.min.js")
      .then(function () { return korean ? load(base + "langKO.js") : null; })
      .then(function () { boxes.forEach(function (box) { draw(box, korean); }); })
      .catch(function () { /* the tables stay shown */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
