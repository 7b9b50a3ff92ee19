// The statistics charts, drawn from the page's own JSON (no network). Each chart has its table
// beside it for screen readers and browsers without scripts; the charts stay hidden without them.
drawCharts("statistics-data", function (data, draw) {
  function bars(names, values, label, horizontal, max) {
    var category = { type: "category", data: names, axisLabel: { interval: 0 } };
    var value = { type: "value", minInterval: 1, max: max };
    if (horizontal) { category.inverse = true; } else { category.axisLabel.rotate = 40; }
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, bottom: 8, top: 16, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [{ name: label, type: "bar", data: values, label: { show: horizontal, position: "right" } }]
    };
  }
  function pie(items) {
    return {
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: items.filter(function (d) { return d.value > 0; }),
                 label: { formatter: "{b}\n{c}" } }]
    };
  }
  draw("chart-month", bars(data.months, data.month_counts, data.labels.cases, false));
  draw("chart-kind", pie(data.kinds));
  draw("chart-outcome", pie(data.outcomes));
  draw("chart-unit", bars(data.units, data.unit_counts, data.labels.cases, false));
  draw("chart-on-time", bars(data.on_time_units, data.on_time_rates, data.labels.on_time_rate, true, 100));
  draw("chart-satisfaction", bars(data.satisfaction_units, data.satisfaction_means, data.labels.mean_satisfaction, true, 5));
});
