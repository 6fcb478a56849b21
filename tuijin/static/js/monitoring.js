/* 重点企业监测 (monitoring/*.html): the indicator's monthly totals as bars with 同比 / 环比 as lines, from the
   json_script "monitoring-data". A static file because the CSP allows no inline script. */
(function () {
  const element = document.getElementById("monitoring-chart");
  if (!element) { return; }
  const data = window.Tuijin.jsonData("monitoring-data");
  const esc = window.Tuijin.escapeHtml;
  const label = element.dataset.label || "";
  const unit = element.dataset.unit || "";
  const chart = echarts.init(element, null, {renderer: "svg"});
  chart.setOption({
    animation: false,
    legend: {top: 0},
    grid: {left: 8, right: 8, top: 32, bottom: 24, containLabel: true},
    tooltip: {trigger: "axis", formatter: items => items.map(p =>
      `${esc(p.seriesName)}：${p.value === null || p.value === undefined ? "—" : esc(p.value)}`).join("<br>")},
    xAxis: {type: "category", data: data.months},
    yAxis: [{type: "value", name: unit}, {type: "value", name: "%", splitLine: {show: false}}],
    series: [
      {name: label, type: "bar", data: data.values, itemStyle: {color: "#5b8ff9"}},
      {name: "同比", type: "line", yAxisIndex: 1, data: data.yoy, connectNulls: false, itemStyle: {color: "#dc3545"}},
      {name: "环比", type: "line", yAxisIndex: 1, data: data.mom, connectNulls: false, itemStyle: {color: "#f5a623"}},
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
