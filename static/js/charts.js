// What every chart page shares: the figures come as JSON in the page itself (no network); each
// chart draws into its box (a box hidden without scripts is shown; the tables beside the charts
// carry the same figures); every chart follows the window's size.
window.drawCharts = function (dataId, paint) {
  var source = document.getElementById(dataId);
  if (!source || typeof echarts === "undefined") return;
  var charts = [];
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    el.classList.remove("d-none");
    var chart = echarts.init(el);
    chart.setOption(option);
    charts.push(chart);
  }
  paint(JSON.parse(source.textContent), draw);
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
};
