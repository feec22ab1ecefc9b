/** The comparison page: the form, an ECharts bar chart of the metric across bodies, and the ranking table. */
import { html } from 'hono/html';
import { METRICS, formatMetric } from '../../research/metrics.js';
import { LEVELS } from '../../research/compare.js';
import { comparisonHeader, type Comparison } from '../../research/compare-report.js';
import type { RawComparisonInput } from '../../research/compare.js';
import { statusNote } from '../../research/ranking.js';
import { page, reportHref, scriptJson, type Html } from '../layout.js';

export interface CompareView {
  readonly input: RawComparisonInput;
  readonly years: readonly number[];
  readonly comparison?: Comparison | undefined;
  readonly error?: string | undefined;
}

/** What the chart script draws: bars in ranking order, quartile lines, and how to print values. */
export function chartData(c: Comparison) {
  return {
    title: `${c.request.metric.label} · ${c.request.region?.name ?? c.request.region?.prefix ?? '全部地区'} · ${c.request.year}`,
    kind: c.request.metric.kind,
    bars: c.ranking.rows.filter((r) => r.value !== null).map((r) => ({ name: r.body ?? '?', value: r.value, ranked: r.status === 'ranked' })),
    quartiles: { p25: c.ranking.peers.p25, p50: c.ranking.peers.p50, p75: c.ranking.peers.p75 },
  };
}

export function comparePage(v: CompareView): Html {
  const i = v.input;
  const sel = (a: string | undefined, b: string) => ((a ?? '') === b ? html` selected` : '');
  const c = v.comparison;
  return page('比较 Compare', html`
<form method="get" action="/compare" class="filters">
  <label>地区 <input name="region" value="${i.region ?? ''}" size="10" placeholder="330000 / 浙江"></label>
  <label>年度 <select name="year">${v.years.map((y) => html`<option${sel(i.year, String(y))}>${y}</option>`)}</select></label>
  <label>指标 <select name="metric">${METRICS.map((m) => html`<option value="${m.id}"${sel(i.metric ?? 'grant_rate', m.id)}>${m.label} (${m.id})</option>`)}</select></label>
  <label>级别 <select name="level"><option value="">any</option>${LEVELS.map((l) => html`<option${sel(i.level, l)}>${l}</option>`)}</select></label>
  <label>最少申请数 <input name="min" value="${i.min ?? ''}" size="4" placeholder="30"></label>
  <button type="submit">Compare</button>
</form>
${v.error ? html`<p class="error">${v.error}</p>` : ''}
${c ? html`
<div class="summary">${comparisonHeader(c).map((l) => html`<p>${l}</p>`)}</div>
<div id="chart" class="chart"></div>
${scriptJson('chart-data', chartData(c))}
<table class="list" id="ranking"><tr><th>排名</th><th>机关</th><th>地区</th><th>级别</th><th>新收申请</th><th>${c.request.metric.label}</th><th>百分位</th><th></th></tr>
${c.ranking.rows.map((r) => html`<tr class="${r.status}"><td>${r.rank ?? '-'}</td><td><a href="${reportHref(r.reportId)}">${r.body ?? '?'}</a></td>
  <td>${r.regionCode ?? ''}</td><td>${r.level ?? ''}</td><td class="n">${r.applications ?? ''}</td>
  <td class="n">${formatMetric(c.request.metric, r.value)}</td><td class="n">${r.percentile === null ? '' : r.percentile.toFixed(1)}</td>
  <td>${statusNote(r, { minDenominator: c.request.minDenominator, denominatorLabel: c.request.metric.denominatorLabel })}</td></tr>`)}
</table>` : ''}`, { scripts: c ? ['/static/echarts.min.js', '/static/compare-chart.js'] : [] });
}
