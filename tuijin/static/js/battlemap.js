/* 挂图作战: draws the dashboard's charts from the payload (tuijin/alerts/dashboard.py).
   Every bar, point and slice carries the url of the projects behind it; a click goes there.
   Names come from users (a project may be called <img onerror=…>): ECharts escapes its own default tooltips
   and string templates, so the one function formatter here escapes every data string with Tuijin.escapeHtml.
   The pages start it with data- attributes (see boot() below), never with an inline script: the CSP forbids them. */
(function () {
  "use strict";
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

  function go(params) {
    var url = params.data && params.data.url;
    if (url) { window.location.href = url; }
  }

  function chart(id, option, dark) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var instance = echarts.getInstanceByDom(el);
    if (!instance) {  // the big screen redraws every minute: one resize listener per chart, not one per redraw
      instance = echarts.init(el, dark ? "dark" : null);
      window.addEventListener("resize", function () { instance.resize(); });
    }
    option.textStyle = { fontFamily: FONT };
    if (dark) { option.backgroundColor = "transparent"; }
    instance.setOption(option, true);
    instance.off("click");
    instance.on("click", go);
    return instance;
  }

  function bars(rows, title, dark) {
    return {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 14, fontFamily: FONT } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, right: 0 },
      grid: { left: 8, right: 8, top: 58, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: rows.map(function (r) { return r.name; }), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
      yAxis: [{ type: "value", name: "个" }, { type: "value", name: "亿元" }],
      series: [
        { name: "项目数", type: "bar", data: rows.map(function (r) { return { value: r.projects, url: r.url }; }) },
        { name: "总投资（亿元）", type: "bar", yAxisIndex: 1, data: rows.map(function (r) { return { value: r.investment, url: r.url }; }) }
      ]
    };
  }

  function pie(rows, title) {
    var data = rows.map(function (r) { return { name: r.name, value: r.projects === undefined ? r.value : r.projects, url: r.url, itemStyle: r.colour ? { color: r.colour } : undefined }; });
    var total = data.reduce(function (sum, d) { return sum + (Number(d.value) || 0); }, 0);
    return {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 14, fontFamily: FONT } },
      tooltip: { trigger: "item", formatter: "{b}：{c} 个（{d}%）" },
      // all zero: ECharts would draw equal slices, which reads as if there were some; empty slices draw no label
      graphic: total ? [] : [{ type: "text", left: "center", top: "middle",
                               style: { text: "暂无", fontSize: 16, fill: "#6c757d", font: "16px " + FONT } }],
      series: [{ type: "pie", radius: ["35%", "62%"], top: 30,
                 data: data.filter(function (d) { return Number(d.value) > 0; }) }]
    };
  }

  function trend(points, title) {
    return {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 14, fontFamily: FONT } },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 0 },
      grid: { left: 8, right: 8, top: 58, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: points.map(function (p) { return p.month; }) },
      yAxis: { type: "value", name: "亿元" },
      series: [
        { name: "当月完成", type: "bar", data: points.map(function (p) { return { value: p.done, url: p.url }; }) },
        { name: "累计完成", type: "line", data: points.map(function (p) { return { value: p.cumulative, url: p.url }; }) },
        { name: "序时计划", type: "line", lineStyle: { type: "dashed" }, data: points.map(function (p) { return { value: p.plan, url: p.url }; }) }
      ]
    };
  }

  function tooltip(x) {
    var esc = window.Tuijin.escapeHtml;
    if (x.data && x.data.stage) { return esc(x.data.name) + "<br>" + esc(x.data.stage) + " · " + esc(x.data.warning); }
    return esc(x.name);
  }

  window.TuijinBattleMap = {
    charts: function (payload, dark) {
      var c = payload.charts;
      chart("chart-park", bars(c.park, "按园区", dark), dark);
      chart("chart-chain", bars(c.chain, "按产业链", dark), dark);
      chart("chart-category", pie(c.category, "按项目类别"), dark);
      chart("chart-band", bars(c.band, "按投资规模", dark), dark);
      chart("chart-trend", trend(c.trend, payload.year + "年月度完成投资与序时计划"), dark);
      chart("chart-warnings", pie(c.warnings, "预警项目（按等级）"), dark);
    },
    map: function (id, data, geo, dark) {
      echarts.registerMap("district", geo);
      var points = data.points.map(function (p) {
        return { value: [p[0], p[1]], name: p[3], stage: p[4], warning: p[6], url: "/projects/" + p[2] + "/", itemStyle: { color: p[5] } };
      });
      return chart(id, {
        tooltip: { trigger: "item", formatter: tooltip },
        geo: { map: "district", roam: true, label: { show: false },
               itemStyle: { areaColor: dark ? "#14233c" : "#eef3f8", borderColor: dark ? "#4a6fa5" : "#7a93b3" },
               emphasis: { label: { show: false }, itemStyle: { areaColor: dark ? "#1d3357" : "#dde8f3" } } },
        series: [{ type: "scatter", coordinateSystem: "geo", symbolSize: 7, large: points.length > 3000, data: points },
                 areaLabels(geo, dark)]
      }, dark);
    }
  };

  /* The area names as their own series drawn above the project dots (the geo component's labels sit under
     them): a park's name just above its northern edge, clear of the dots clustered on its centre, the district's
     near its southern edge, each with a halo. */
  function areaLabels(geo, dark) {
    var data = geo.features.map(function (feature) {
      var ring = feature.geometry.type === "Polygon" ? feature.geometry.coordinates[0] : feature.geometry.coordinates[0][0];
      var lons = ring.map(function (c) { return c[0]; }), lats = ring.map(function (c) { return c[1]; });
      var lon = (Math.min.apply(null, lons) + Math.max.apply(null, lons)) / 2;
      var park = feature.properties.kind === "park";
      var south = Math.min.apply(null, lats), north = Math.max.apply(null, lats);
      var lat = park ? north : south + (north - south) * 0.12;  // the district's name low down, clear of the parks'
      return { name: feature.properties.name, value: [lon, lat], label: { position: park ? "top" : "inside" } };
    });
    return {
      type: "scatter", coordinateSystem: "geo", symbolSize: 0, silent: true, z: 10, tooltip: { show: false }, data: data,
      label: { show: true, formatter: "{b}", fontWeight: "bold", color: dark ? "#dde" : "#334",
               textBorderColor: dark ? "#14233c" : "#fff", textBorderWidth: 3 }
    };
  }

  function drawMap(el, dark) {
    return fetch(el.getAttribute("data-geo-url"))
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        TuijinBattleMap.map(el.id, window.Tuijin.jsonData("map-data"), geo, dark);
        el.dataset.ready = "1";
      });
  }

  /* The big screen refreshes every minute from data-refresh-url: charts and card numbers, as text. */
  function refreshScreen(url) {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (fresh) {
        TuijinBattleMap.charts(fresh, true);
        fresh.cards.forEach(function (card) {
          var link = document.querySelector('[data-testid="screen-card-' + card.key + '"]');
          if (link) { link.textContent = card.value === null ? "—" : card.value; }
        });
        document.querySelector('[data-testid="refreshed"]').textContent =
          "刷新于 " + new Date().toLocaleTimeString("zh-CN") + " · 每 60 秒自动刷新";
      })
      .catch(function () { window.location.reload(); });
  }

  /* <div data-battlemap="dashboard|map|screen">: which page this is; its data is in json_script elements. */
  function boot() {
    var root = document.querySelector("[data-battlemap]");
    if (!root) { return; }
    var kind = root.getAttribute("data-battlemap");
    var dark = kind === "screen";
    if (kind === "dashboard" || kind === "screen") { TuijinBattleMap.charts(window.Tuijin.jsonData("battle-payload"), dark); }
    document.querySelectorAll("[data-geo-url]").forEach(function (el) { drawMap(el, dark); });
    if (kind === "screen") {
      var url = root.getAttribute("data-refresh-url");
      setInterval(function () { refreshScreen(url); }, 60000);
    }
  }

  window.Tuijin.onReady(boot);
})();
