// Draws every chart of a page from the data beside it (<script type="application/json">,
// written by Django's json_script), with the vendored Apache ECharts. The same
// numbers are in the table under each chart, for screen readers and for print.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var categoryAxis = { type: "category", data: data.labels, axisLabel: { hideOverlap: true } };
    var valueAxis = { type: "value", minInterval: 1 };
    if (data.horizontal) { categoryAxis.inverse = true; }
    // Shown first (the canvas is hidden until drawn), so ECharts can measure it.
    var figure = box.closest(".chart");
    if (figure) { figure.classList.add("chart-drawn"); }
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      // Drawn in the canvas, not as HTML with inline styles (which the CSP refuses).
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: data.horizontal ? valueAxis : categoryAxis,
      yAxis: data.horizontal ? categoryAxis : valueAxis,
      series: data.series.map(function (series) {
        return {
          name: series.name, type: "bar", data: series.data, stack: data.stacked ? "total" : undefined,
          itemStyle: series.color ? { color: series.color } : undefined, emphasis: { focus: "series" }
        };
      })
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
