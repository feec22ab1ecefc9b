// Draws the comparison charts from the page's JSON block (no inline script: the CSP allows only our own files).
// Built to stay readable for thousands of bodies: no per-body labels; a box and dots per region, a tile map, a body's years.
(function () {
  var dataEl = document.getElementById('chart-data');
  if (!dataEl || typeof echarts === 'undefined') return;
  var data = JSON.parse(dataEl.textContent);
  if (!data) return;
  var started = performance.now();
  var pct = data.kind === 'rate' || data.kind === 'change_rate' || data.kind === 'change_points';
  var fmt = function (v) {
    if (v === null || v === undefined) return '—';
    return pct ? (v * 100).toFixed(1) + (data.kind === 'change_points' ? ' pp' : '%') : String(Math.round(v * 100) / 100);
  };
  var names = data.groups.map(function (g) { return g.name; });
  // A stable jitter per body, so dots of one region spread without moving between loads.
  var jitter = function (id) { var x = Math.sin(id * 12.9898) * 43758.5453; return (x - Math.floor(x) - 0.5) * 0.5; };
  var charts = [];
  var distEl = document.getElementById('chart-dist');
  if (distEl) {
    var dist = echarts.init(distEl, null, { renderer: 'canvas' });
    var lines = [['P25', data.quartiles.p25], ['P50', data.quartiles.p50], ['P75', data.quartiles.p75]]
      .filter(function (q) { return q[1] !== null; })
      .map(function (q) { return { name: q[0], yAxis: q[1], label: { formatter: q[0] + ' ' + fmt(q[1]) } }; });
    var series = [
      { name: 'box', type: 'boxplot', data: data.groups.map(function (g) { return g.box || [null, null, null, null, null]; }),
        itemStyle: { color: 'rgba(59,111,182,0.08)', borderColor: '#3b6fb6' }, markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#c0392b' }, data: lines } },
      { name: 'bodies', type: 'scatter', large: data.points.length > 2000, symbolSize: 4,
        data: data.points.map(function (p) { return { value: [p[0] + jitter(p[3]), p[1]], name: p[4], itemStyle: { color: p[2] ? 'rgba(59,111,182,0.55)' : 'rgba(150,150,150,0.5)' } }; }) },
    ];
    if (data.selected && data.selected.group !== null) {
      series.push({ name: 'selected', type: 'scatter', symbol: 'diamond', symbolSize: 16, z: 10, itemStyle: { color: '#e74c3c', borderColor: '#fff' },
        label: { show: true, position: 'right', formatter: data.selected.name + ' ' + fmt(data.selected.value) },
        data: [[data.selected.group, data.selected.value]] });
    }
    dist.setOption({
      animation: false,
      title: { text: data.title + ' · ' + data.points.length + ' bodies', left: 'center', textStyle: { fontSize: 14 } },
      // richText tooltips are drawn on the canvas: body names are never parsed as HTML.
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: function (p) {
        return p.seriesName === 'box' ? names[p.dataIndex] + ' (' + data.groups[p.dataIndex].n + ' ranked): median ' + fmt(data.groups[p.dataIndex].median) : (p.name || '') + ' ' + fmt(p.value[1]);
      } },
      grid: { left: 60, right: 30, bottom: 80 },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: names.length > 12 ? 40 : 0, interval: 0 }, boundaryGap: true },
      yAxis: { type: 'value', axisLabel: { formatter: fmt }, scale: true },
      series: series,
    });
    charts.push(dist);
  }
  var mapEl = document.getElementById('chart-map');
  if (mapEl) {
    var map = echarts.init(mapEl, null, { renderer: 'canvas' });
    var maxX = Math.max.apply(null, data.groups.map(function (g) { return g.x; }).concat([0]));
    var maxY = Math.max.apply(null, data.groups.map(function (g) { return g.y; }).concat([0]));
    var medians = data.groups.map(function (g) { return g.median; }).filter(function (m) { return m !== null; });
    map.setOption({
      animation: false,
      title: { text: '按区划代码 by region code (median)', left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { renderMode: 'richText', formatter: function (p) { var g = data.groups[p.dataIndex]; return g.name + ' ' + g.code + ': ' + fmt(g.median) + ' (' + g.n + ')'; } },
      xAxis: { type: 'category', data: Array.from({ length: maxX + 1 }, function (_, i) { return i; }), show: false },
      yAxis: { type: 'category', data: Array.from({ length: maxY + 1 }, function (_, i) { return i; }), inverse: true, show: false },
      grid: { left: 10, right: 10, top: 30, bottom: 40 },
      visualMap: { min: medians.length ? Math.min.apply(null, medians) : 0, max: medians.length ? Math.max.apply(null, medians) : 1,
        orient: 'horizontal', left: 'center', bottom: 0, calculable: false, formatter: fmt, inRange: { color: ['#f7fbff', '#08519c'] } },
      series: [{ type: 'heatmap', data: data.groups.map(function (g) { return [g.x, g.y, g.median]; }),
        label: { show: true, fontSize: 10, formatter: function (p) { var g = data.groups[p.dataIndex]; return g.name.replace(/(省|市|自治区|壮族|回族|维吾尔|特别行政区)/g, '') + '\n' + fmt(g.median); } },
        itemStyle: { borderColor: '#fff', borderWidth: 2 } }],
    });
    map.on('click', function (p) {
      var g = data.groups[p.dataIndex];
      var u = new URL(window.location.href); u.searchParams.set('region', g.code); window.location.href = u.toString();
    });
    charts.push(map);
  }
  var yearsEl = document.getElementById('chart-years');
  if (yearsEl && data.history) {
    var years = echarts.init(yearsEl, null, { renderer: 'canvas' });
    years.setOption({
      animation: false,
      title: { text: data.history.name + ' 历年', left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: fmt },
      xAxis: { type: 'category', data: data.history.points.map(function (p) { return p[0]; }) },
      yAxis: { type: 'value', axisLabel: { formatter: fmt }, scale: true },
      series: [{ type: 'line', connectNulls: false, data: data.history.points.map(function (p) { return p[1]; }), itemStyle: { color: '#e74c3c' } }],
    });
    charts.push(years);
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.setAttribute('data-chart-ms', String(Math.round(performance.now() - started)));
  charts.forEach(function (c) { c.getDom().setAttribute('data-rendered', 'true'); });
})();
