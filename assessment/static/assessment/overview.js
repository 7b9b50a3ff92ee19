// The county overview's charts, drawn from the page's own JSON (no network). The tables
// beside them carry the same figures for readers without JavaScript.
drawCharts("overview-data", function (data, draw) {
  var filingSeries = [];
  data.filings.forEach(function (row) {
    filingSeries.push({ name: row.label + " · " + data.labels.on_time, type: "bar",
                        stack: row.label, data: row.on_time });
    filingSeries.push({ name: row.label + " · " + data.labels.late, type: "bar",
                        stack: row.label, data: row.late, itemStyle: { opacity: 0.45 } });
  });
  draw("chart-filings", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 8, bottom: 8, top: 48, containLabel: true },
    xAxis: { type: "category", data: data.quarters },
    yAxis: { type: "value", minInterval: 1 },
    series: filingSeries
  });

  draw("chart-complaints", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 8, bottom: 8, top: 48, containLabel: true },
    xAxis: { type: "category", data: data.months, axisLabel: { rotate: 40 } },
    yAxis: { type: "value", minInterval: 1 },
    series: data.kinds.map(function (kind) {
      return { name: kind.label, type: "bar", stack: "complaints", data: kind.data };
    })
  });

  draw("chart-distribution", {
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: "category", data: data.bins },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: data.units_label, type: "bar", data: data.bin_counts, barCategoryGap: "10%" }]
  });
});
