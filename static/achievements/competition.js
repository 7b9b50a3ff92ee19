// The quarterly competition's charts, drawn from the page's own JSON (no network).
(function () {
  var source = document.getElementById("competition-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var ranking = document.getElementById("chart-ranking");
  if (ranking) {
    echarts.init(ranking).setOption({
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
  }
  var categories = document.getElementById("chart-categories");
  if (categories) {
    echarts.init(categories).setOption({
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.categories,
                 label: { formatter: "{b}\n{c}" } }]
    });
  }
  window.addEventListener("resize", function () {
    [ranking, categories].forEach(function (el) {
      if (el && echarts.getInstanceByDom(el)) echarts.getInstanceByDom(el).resize();
    });
  });
})();
