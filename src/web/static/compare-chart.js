// Draws the comparison chart from the page's JSON block (no inline script: the CSP allows only our own files).
(function () {
  var el = document.getElementById('chart');
  var dataEl = document.getElementById('chart-data');
  if (!el || !dataEl || typeof echarts === 'undefined') return;
  var data = JSON.parse(dataEl.textContent);
  var pct = data.kind === 'rate' || data.kind === 'change_rate' || data.kind === 'change_points';
  var fmt = function (v) {
    if (v === null || v === undefined) return '—';
    return pct ? (v * 100).toFixed(1) + (data.kind === 'change_points' ? ' pp' : '%') : String(v);
  };
  var lines = [['P25', data.quartiles.p25], ['P50', data.quartiles.p50], ['P75', data.quartiles.p75]]
    .filter(function (q) { return q[1] !== null; })
    .map(function (q) { return { name: q[0], yAxis: q[1], label: { formatter: q[0] + ' ' + fmt(q[1]) } }; });
  var chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    title: { text: data.title, left: 'center', textStyle: { fontSize: 14 } },
    // richText tooltips are drawn on the canvas: body names are never parsed as HTML.
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: fmt },
    grid: { left: 60, right: 70, bottom: 120 },
    xAxis: { type: 'category', data: data.bars.map(function (b) { return b.name; }), axisLabel: { rotate: 35, interval: 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: fmt } },
    series: [{
      type: 'bar',
      data: data.bars.map(function (b) {
        return { value: b.value, itemStyle: { color: b.ranked ? '#3b6fb6' : '#b8b8b8' } };
      }),
      markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#c0392b' }, data: lines },
    }],
  });
  window.addEventListener('resize', function () { chart.resize(); });
  el.setAttribute('data-rendered', 'true');
})();
