/** The comparison page: the form, an ECharts bar chart of the metric across bodies, and the ranking table. */
import { html } from 'hono/html';
import { METRICS, formatMetric } from '../../research/metrics.js';
import { LEVELS } from '../../research/compare.js';
import { comparisonHeader, type Comparison } from '../../research/compare-report.js';
import type { RawComparisonInput } from '../../research/compare.js';
import { statusNote } from '../../research/ranking.js';
import { page, qs, reportHref, scriptJson, type Html } from '../layout.js';
import { chartData } from '../../research/compare-chart-data.js';
import { rateText } from '../../research/compare-report.js';
import { BODY_KINDS } from '../../model/body-kind.js';

export interface CompareView {
  readonly input: RawComparisonInput & { readonly body?: string | undefined };
  readonly chart?: ReturnType<typeof chartData> | undefined;
  readonly years: readonly number[];
  readonly comparison?: Comparison | undefined;
  readonly error?: string | undefined;
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
  <label>类别 <select name="kind"><option value="">any</option>${BODY_KINDS.map((k) => html`<option${sel(i.kind, k)}>${k}</option>`)}</select></label>
  <label>最小分母 <input name="min" value="${i.min ?? ''}" size="4" placeholder="default"></label>
  <button type="submit">Compare</button>
</form>
${v.error ? html`<p class="error">${v.error}</p>` : ''}
${c ? html`
<div class="summary">${comparisonHeader(c).map((l) => html`<p>${l}</p>`)}</div>
<p>Download: <a href="/compare${qs({ ...i, format: 'csv' })}" id="download-csv">CSV</a> · <a href="/compare${qs({ ...i, format: 'json' })}" id="download-json">JSON</a></p>
<div id="chart-dist" class="chart"></div>
<div class="charts-row"><div id="chart-map" class="chart half"></div>${v.chart?.history ? html`<div id="chart-years" class="chart half"></div>` : ''}</div>
${scriptJson('chart-data', v.chart)}
<table class="list" id="ranking"><tr><th>排名</th><th>机关</th><th>地区</th><th>级别</th><th>新收申请</th><th>${c.request.metric.label}</th><th>百分位</th><th></th></tr>
${c.ranking.rows.map((r) => html`<tr class="${r.status}${String(r.bodyId) === i.body ? ' current' : ''}"><td>${r.rank ?? '-'}</td><td><a href="${reportHref(r.reportId)}">${r.body ?? '?'}</a>
  ${r.bodyId ? html`<a class="mark" href="/compare${qs({ ...i, body: r.bodyId })}#chart-dist" title="mark on the charts">◎</a>` : ''}</td>
  <td>${r.regionCode ?? ''}</td><td>${r.level ?? ''}</td><td class="n">${r.applications ?? ''}</td>
  <td class="n">${rateText(c, r)}</td><td class="n">${r.percentile === null ? '' : r.percentile.toFixed(1)}</td>
  <td>${statusNote(r, { minDenominator: c.request.minDenominator, denominatorLabel: c.request.metric.denominatorLabel })}</td></tr>`)}
</table>` : ''}`, { scripts: c ? ['/static/echarts.min.js', '/static/compare-chart.js'] : [] });
}
