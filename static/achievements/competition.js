// The quarterly competition's charts (static/js/charts.js draws them).
drawCharts("competition-data", function (data, draw) {
  draw("chart-ranking", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: 40 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.labels.verified, type: "bar", data: data.verified },
      { name: data.labels.typical, type: "bar", data: data.typical },
      { name: data.labels.service_101, type: "bar", data: data.service_101 }
    ]
  });
  draw("chart-categories", {
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.categories,
               label: { formatter: "{b}\n{c}" } }]
  });
});
