/* 擂台赛 (leaderboards/board.html): the ranking as horizontal bars, from the json_script "leaderboard-data";
   red-list units green, black-list units red. A static file because the CSP allows no inline script. */
(function () {
  const element = document.getElementById("leaderboard-chart");
  const switcher = document.querySelector("[data-board-switch]");
  if (switcher) {
    switcher.addEventListener("change", () => { window.location.href = switcher.value; });
  }
  if (!element) { return; }
  const data = window.Tuijin.jsonData("leaderboard-data");
  const esc = window.Tuijin.escapeHtml;
  element.style.height = `${Math.max(260, 60 + data.units.length * 30)}px`;
  const chart = echarts.init(element, null, {renderer: "svg"});
  const units = data.units.slice().reverse();
  const bars = data.scores.map((score, i) => ({value: score, itemStyle: {color: data.colours[i]}})).reverse();
  chart.setOption({
    animation: false,
    grid: {left: 8, right: 48, top: 8, bottom: 24, containLabel: true},
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"},
      formatter: p => `${esc(p[0].name)}<br>得分 ${esc(p[0].value)}`},
    xAxis: {type: "value", max: 100, name: "分"},
    yAxis: {type: "category", data: units, axisLabel: {fontSize: 12}},
    series: [{type: "bar", data: bars, barMaxWidth: 22, label: {show: true, position: "right", formatter: "{c}"}}],
  });
  window.addEventListener("resize", () => chart.resize());
})();
