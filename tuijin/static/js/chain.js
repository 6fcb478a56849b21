/* 产业链图谱 (promotion/chain_detail.html): the chain's segments as a graph, from the json_script "chain-data".
   A static file because the Content-Security-Policy allows no inline script; the tooltip escapes every data
   string (segment names are typed by users). */
(function () {
  const element = document.getElementById("chain-chart");
  if (!element) { return; }
  const data = window.Tuijin.jsonData("chain-data");
  const esc = window.Tuijin.escapeHtml;
  const top = 85, bottom = 50, side = 110;
  // One data unit is one pixel both ways: the view box is exactly as large as the data's extent (ECharts
  // widens a zero extent to 2), so segments keep their size and shape.
  element.style.height = `${top + bottom + Math.max(2, (data.rows - 1) * data.rowGap)}px`;
  const chart = echarts.init(element, null, {renderer: "svg"});
  // A label's rich-text markup is drawn as text, not HTML, but a name with "{", "}" or "|" would end the
  // bold block early: those characters become their full-width forms in the label only.
  const richText = value => String(value).replace(/[{}|]/g, ch => ({"{": "｛", "}": "｝", "|": "｜"})[ch]);
  function draw() {
    const columns = data.columns.length;
    const span = columns > 1 ? element.clientWidth - 2 * side : 2;
    const margin = columns > 1 ? side : (element.clientWidth - 2) / 2;
    const gap = columns > 1 ? span / (columns - 1) : 0;
    const nodes = data.nodes.map(node => Object.assign({}, node, {x: node.x * gap}));
    chart.setOption({
      animation: false,
      tooltip: {formatter: p => p.dataType === "node"
        ? `${esc(p.data.name)}<br>${esc(p.data.coverageLabel)}<br>本地企业 ${esc(p.data.members)} 家 · 已签约项目 ${esc(p.data.projects)} 个<br>目标企业 ${esc(p.data.targets)} 家` : ""},
      graphic: data.columns.map((label, column) => ({type: "text", x: margin + column * gap, y: 18,
        style: {text: label, align: "center", font: "bold 15px sans-serif", fill: "#6c757d"}})),
      series: [{
        type: "graph", layout: "none", roam: false, top: top, bottom: bottom, left: margin, right: margin,
        symbol: "roundRect", symbolSize: [168, 56],
        label: {show: true, color: "#fff", fontSize: 12, lineHeight: 18,
          formatter: p => `{b|${richText(p.data.name)}}\n企业${p.data.members} · 项目${p.data.projects} · 目标${p.data.targets}`,
          rich: {b: {fontWeight: "bold", fontSize: 14, color: "#fff"}}},
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 8, lineStyle: {color: "#adb5bd", width: 1.2},
        data: nodes, links: data.links,
      }],
    }, {replaceMerge: ["graphic"]});
  }
  draw();
  window.addEventListener("resize", () => { chart.resize(); draw(); });
})();
