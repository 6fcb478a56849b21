/* The node plan's Gantt chart (促建流程): one bar per node on a time axis, drawn with an ECharts custom series.
   Data comes from the page's json_script (#node-gantt-data); the tooltip builds HTML, so every string in it
   goes through Tuijin.escapeHtml. Red: critical path; blue: other open nodes; green: done; orange: overdue;
   the thin grey bar under each node is its frozen baseline. */
(function () {
  "use strict";

  var DAY = 24 * 3600 * 1000;
  var COLOURS = { critical: "#dc3545", normal: "#5b8def", done: "#198754", late: "#fd7e14", baseline: "#adb5bd" };

  function time(iso) { return iso ? new Date(iso + "T00:00:00").getTime() : null; }

  function colour(node) {
    if (node.done) { return COLOURS.done; }
    return node.critical ? COLOURS.critical : COLOURS.normal;
  }

  function draw() {
    var data = window.Tuijin.jsonData ? window.Tuijin.jsonData("node-gantt-data") :
      JSON.parse(document.getElementById("node-gantt-data").textContent);
    var el = document.getElementById("node-gantt");
    if (!el || !data || !window.echarts) { return; }
    var esc = window.Tuijin.escapeHtml;
    var nodes = data.nodes;
    var names = nodes.map(function (node) { return node.name; });
    var rows = nodes.map(function (node, index) {
      return {
        value: [index, time(node.start), time(node.finish) + DAY, time(node.baseline_start),
                node.baseline_finish ? time(node.baseline_finish) + DAY : null],
        node: node
      };
    });
    var chart = window.echarts.init(el);
    chart.setOption({
      animation: false,
      grid: { left: 150, right: 30, top: 30, bottom: 30 },
      tooltip: {
        formatter: function (params) {
          var node = params.data.node;
          var lines = ["<strong>" + esc(node.name) + "</strong>" + (node.critical && !node.done ? "（关键路径）" : ""),
            "责任单位：" + esc(node.owner),
            "计划：" + esc(node.start) + " → " + esc(node.finish) + "（" + esc(node.duration) + " 个工作日）"];
          if (node.estimated) { lines.push("日期按周一至周五估算（节假日安排尚未发布）"); }
          if (node.baseline_finish) { lines.push("基线：" + esc(node.baseline_start) + " → " + esc(node.baseline_finish)); }
          if (node.actual_finish) { lines.push("实际完成：" + esc(node.actual_finish)); }
          if (node.overdue_days > 0) { lines.push("逾期 " + esc(node.overdue_days) + " 个工作日"); }
          if (node.predecessors.length) { lines.push("前置：" + node.predecessors.map(esc).join("、")); }
          return lines.join("<br>");
        }
      },
      xAxis: { type: "time", position: "top", splitLine: { show: true, lineStyle: { color: "#eee" } },
               axisLabel: { formatter: "{yyyy}-{MM}-{dd}" } },
      yAxis: { type: "category", data: names, inverse: true, axisTick: { show: false },
               axisLabel: { width: 140, overflow: "truncate",
                            color: function (value, index) { return nodes[index].critical && !nodes[index].done ? COLOURS.critical : "#333"; } } },
      dataZoom: [{ type: "inside", xAxisIndex: 0, filterMode: "weakFilter" }],
      series: [{
        type: "custom",
        encode: { x: [1, 2], y: 0 },
        data: rows,
        renderItem: function (params, api) {
          var index = api.value(0);
          var start = api.coord([api.value(1), index]);
          var end = api.coord([api.value(2), index]);
          var height = api.size([0, 1])[1];
          var node = rows[params.dataIndex].node;
          var children = [{
            type: "rect",
            shape: { x: start[0], y: start[1] - height * 0.32, width: Math.max(end[0] - start[0], 2), height: height * 0.45 },
            style: { fill: colour(node), stroke: node.late ? COLOURS.late : null, lineWidth: node.late ? 3 : 0 }
          }];
          if (node.overdue_days > 0) {
            children.push({ type: "text", style: { text: "逾期" + node.overdue_days + "个工作日", fill: "#b35900",
                                                   fontSize: 11, x: end[0] + 4, y: start[1] - height * 0.1,
                                                   verticalAlign: "middle" } });
          }
          if (api.value(3)) {
            var bStart = api.coord([api.value(3), index]);
            var bEnd = api.coord([api.value(4), index]);
            children.push({ type: "rect", shape: { x: bStart[0], y: start[1] + height * 0.18, width: Math.max(bEnd[0] - bStart[0], 2), height: height * 0.12 },
                            style: { fill: COLOURS.baseline } });
          }
          return { type: "group", children: children };
        }
      }, {
        type: "line", data: [], markLine: { symbol: "none", silent: true, label: { formatter: "今天" },
          lineStyle: { color: "#6c757d", type: "dashed" }, data: [{ xAxis: time(data.today) }] }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
