/** Home, search results and a body's page. */
import { html } from 'hono/html';
import { formatMetric } from '../../research/metrics.js';
import { regionName } from '../../research/region.js';
import type { ReportMetricsRow } from '../../research/views.js';
import type { BodyHit } from '../queries.js';
import { bodyHref, fmtNumber, page, qs, reportHref, type Html } from '../layout.js';

export function homePage(rows: readonly { province: string | null; year: number; reports: number; flagged: number }[]): Html {
  return page('政府信息公开工作年度报告', html`
<p>Search a body or a region above, compare the bodies of a region, or review the flags the checks raised.</p>
<table class="list"><tr><th>省份</th><th>年度</th><th>报告</th><th>有标记</th><th></th></tr>
${rows.map((r) => html`<tr><td>${r.province ? `${regionName(r.province) ?? ''} ${r.province}` : '(no region)'}</td><td>${r.year}</td>
  <td class="n">${r.reports}</td><td class="n"><a href="/flags${qs({ region: r.province, year: r.year })}">${r.flagged}</a></td>
  <td>${r.province ? html`<a href="/compare${qs({ region: r.province, year: r.year })}">compare</a>` : ''}</td></tr>`)}
</table>`);
}

export function searchPage(q: string, hits: readonly BodyHit[]): Html {
  return page(q ? `检索: ${q}` : '检索 Search', html`
${q ? html`<p id="result-count">${hits.length} bod${hits.length === 1 ? 'y' : 'ies'} found.</p>` : html`<p>Type part of a body's name, a region name, or a GB/T 2260 code prefix (33, 3301, 330106).</p>`}
${hits.length ? html`<table class="list" id="results"><tr><th>机关</th><th>地区</th><th>级别</th><th>报告年度</th></tr>
${hits.map((b) => html`<tr><td><a href="${bodyHref(b.id)}">${b.name}</a></td><td>${b.region_name ?? ''} ${b.region_code ?? ''}</td><td>${b.level ?? ''}</td>
  <td>${b.years.map((y) => html`${y} `)}</td></tr>`)}
</table>` : ''}`, { q });
}

export function bodyPage(body: { id: number; name: string; region_code: string | null; region_name: string | null; level: string | null; kind: string },
  reports: readonly ReportMetricsRow[]): Html {
  return page(body.name, html`
<dl class="facts">
  <div><dt>地区</dt><dd>${body.region_name ?? ''} ${body.region_code ?? ''}</dd></div>
  <div><dt>级别</dt><dd>${body.level ?? ''}</dd></div><div><dt>类别</dt><dd>${body.kind}</dd></div>
</dl>
<table class="list"><tr><th>年度</th><th>模板</th><th>新收申请</th><th>办理总数</th><th>实质公开率</th><th>不予公开率</th><th>复议纠错率</th><th>完整度</th><th>标记</th></tr>
${reports.map((r) => html`<tr><td><a href="${reportHref(r.report_id)}">${r.year}</a></td><td>${r.layout ?? r.template ?? ''}</td>
  <td class="n">${fmtNumber(r.applications)}</td><td class="n">${fmtNumber(r.handled)}</td>
  <td class="n">${formatMetric({ kind: 'rate' }, r.grant_rate)}</td><td class="n">${formatMetric({ kind: 'rate' }, r.denial_rate)}</td>
  <td class="n">${formatMetric({ kind: 'rate' }, r.review_correction_rate)}</td><td class="n">${formatMetric({ kind: 'rate' }, r.completeness)}</td>
  <td class="n">${r.flag_count ? html`<a href="${reportHref(r.report_id, '#flags')}">${r.flag_count}</a>` : '0'}</td></tr>`)}
</table>`);
}
