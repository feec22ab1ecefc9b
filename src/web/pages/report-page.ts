/** The report page: facts, metrics, flags, tables A/B/C as printed, and the body's other years. */
import { html } from 'hono/html';
import type { TemplateId } from '../../model/report.js';
import { KEY_INFO } from '../../template/index.js';
import { formatMetric, metricById } from '../../research/metrics.js';
import type { ReportMetricsRow } from '../../research/views.js';
import { reportGrids, type Grid } from '../../template/grid.js';
import type { CellRow, FlagRow, ReportHead } from '../queries.js';
import { correctionsSection, flagReview, type ReportReview } from '../review/report-review.js';
import type { CorrectionRow } from '../../store/corrections.js';
import {
  bodyHref, cellAnchor, cellHref, documentHref, externalLink, fmtDate, fmtNumber, page, reportHref, severityBadge, type Html,
} from '../layout.js';

export interface ReportView {
  readonly head: ReportHead;
  readonly cells: readonly CellRow[];
  readonly flags: readonly FlagRow[];
  readonly metrics: ReportMetricsRow | undefined;
  /** The body's newest report per year. */
  readonly years: readonly ReportMetricsRow[];
  /** Flag states, corrections and the reviewer's forms (src/web/review). */
  readonly review?: ReportReview;
}

/** Keys named by any flag of the report (flag cells may also hold non-cell figures such as `narrative`). */
export const flaggedKeys = (flags: readonly FlagRow[]): Set<string> =>
  new Set(flags.flatMap((f) => Object.keys(f.cells ?? {})).filter((k) => KEY_INFO.has(k)));

function valueCell(reportId: number, key: string, cells: ReadonlyMap<string, CellRow>, flagged: ReadonlySet<string>,
  reviewed?: ReadonlyMap<string, CorrectionRow>): Html {
  const c = cells.get(key);
  const label = KEY_INFO.get(key)?.label ?? key;
  const r = reviewed?.get(key);
  if (r) {
    // A reviewer's correction is the value; the extracted one stays in the title and on the cell page.
    const was = c ? (c.value === null ? 'blank' : fmtNumber(c.value)) : 'not printed';
    return html`<td id="${cellAnchor(key)}" class="v reviewed${flagged.has(key) ? ' flagged' : ''}" data-key="${key}" title="${label}: reviewed by ${r.created_by} (extracted ${was})"><a href="${cellHref(reportId, key)}">${r.value === null ? '␠' : fmtNumber(r.value)}</a></td>`;
  }
  const cls = ['v', flagged.has(key) ? 'flagged' : '', !c ? 'absent' : c.value === null ? 'blank' : '', c?.how === 'inferred' ? 'inferred' : ''].filter(Boolean).join(' ');
  if (!c) return html`<td id="${cellAnchor(key)}" class="${cls}" data-key="${key}" title="${label}: not printed"></td>`;
  const shown = c.value === null ? (c.raw.trim() || '␠') : fmtNumber(c.value);
  const how = c.how === 'inferred' ? ` (inferred: ${c.why ?? 'chosen among readings'})` : '';
  return html`<td id="${cellAnchor(key)}" class="${cls}" data-key="${key}" title="${label}: ${c.raw}${how}"><a href="${cellHref(reportId, key)}">${shown}</a></td>`;
}

function gridTable(g: Grid, reportId: number, cells: ReadonlyMap<string, CellRow>, flagged: ReadonlySet<string>,
  reviewed?: ReadonlyMap<string, CorrectionRow>): Html {
  return html`<section class="table" id="table-${g.table}"><h2>${g.title}</h2><table class="grid grid-${g.table}">
${g.rows.map((row) => html`<tr>${row.map((c) => {
    if (c.kind === 'value') return valueCell(reportId, c.key, cells, flagged, reviewed);
    const span = html`${c.colspan ? html` colspan="${c.colspan}"` : ''}${c.rowspan ? html` rowspan="${c.rowspan}"` : ''}`;
    return c.head ? html`<th${span}>${c.text}</th>` : html`<td class="label"${span}>${c.text}</td>`;
  })}</tr>\n`)}
</table></section>`;
}

function flagList(reportId: number, flags: readonly FlagRow[], review?: ReportReview): Html {
  if (flags.length === 0) return html`<p class="muted">No flags: every check that could run passed.</p>`;
  return html`<ul class="flags">${flags.map((f) => html`<li id="flag-${f.id}" class="flag">
  ${severityBadge(f.severity)} <code class="rule">${f.rule}</code> ${f.message}
  <span class="flag-cells">${Object.entries(f.cells ?? {}).map(([k, v]) => KEY_INFO.has(k)
    ? html`<a href="#${cellAnchor(k)}" class="flag-cell">${k} = ${v === null ? 'blank' : fmtNumber(v)}</a> `
    : html`<span class="flag-cell">${k} = ${v === null ? 'blank' : fmtNumber(v)}</span> `)}</span>
  ${f.related_report_id ? html`<a href="${reportHref(f.related_report_id)}">related report</a>` : ''}
  ${flagReview(f.flag_key, review, reportHref(reportId, '#flags'))}
</li>`)}</ul>`;
}

function metricsBlock(m: ReportMetricsRow): Html {
  const item = (id: string, v: number | null) => {
    const metric = metricById(id)!;
    return html`<div><dt>${metric.label}</dt><dd data-metric="${id}">${formatMetric(metric, v)}</dd></div>`;
  };
  return html`<dl class="metrics">
  ${item('applications', m.applications)}${item('handled', m.handled)}${item('grant_rate', m.grant_rate)}
  ${item('denial_rate', m.denial_rate)}${item('review_correction_rate', m.review_correction_rate)}
  ${item('litigation_loss_rate', m.litigation_loss_rate)}
  <div><dt>数据完整度</dt><dd data-metric="completeness">${formatMetric({ kind: 'rate' }, m.completeness)}
    <small>(${m.cells_filled ?? '?'} of ${m.cells_expected ?? '?'} cells, ${m.cells_blank ?? 0} blank)</small></dd></div>
</dl>`;
}

function yearsTable(current: number, years: readonly ReportMetricsRow[]): Html {
  if (years.length === 0) return html``;
  return html`<section id="history"><h2>历年报告 Reports of this body</h2><table class="list">
<tr><th>年度</th><th>模板</th><th>新收申请</th><th>实质公开率</th><th>完整度</th><th>标记</th></tr>
${years.map((y) => html`<tr${y.report_id === current ? html` class="current"` : ''}>
  <td><a href="${reportHref(y.report_id)}">${y.year}</a></td><td>${y.template ?? ''}</td><td class="n">${fmtNumber(y.applications)}</td>
  <td class="n">${formatMetric({ kind: 'rate' }, y.grant_rate)}</td><td class="n">${formatMetric({ kind: 'rate' }, y.completeness)}</td>
  <td class="n">${y.flag_count}</td></tr>`)}
</table></section>`;
}

export function reportPage(v: ReportView): Html {
  const h = v.head;
  const cells = new Map(v.cells.map((c) => [c.key, c]));
  const flagged = flaggedKeys(v.flags);
  const template = h.template === '2019' || h.template === '2021' ? (h.template as TemplateId) : null;
  const grids = template ? reportGrids(template, { otherAsOneRow: h.other_as_one_row }) : [];
  const title = h.title ?? `${h.body ?? h.organization ?? 'Report'} ${h.year ?? ''}`;
  return page(title, html`
${h.superseded_by === h.id ? html`<p class="banner">This extraction was retired: ${h.retired_why ?? 'its document yields no report now'}.</p>`
  : h.superseded_by ? html`<p class="banner">This extraction was superseded by <a href="${reportHref(h.superseded_by)}">report ${h.superseded_by}</a>.</p>` : ''}
<dl class="facts">
  <div><dt>机关</dt><dd>${h.body_id ? html`<a href="${bodyHref(h.body_id)}">${h.body}</a>` : h.organization ?? '?'}</dd></div>
  <div><dt>地区</dt><dd>${h.region_name ?? ''} ${h.region_code ?? ''} ${h.level ?? ''}</dd></div>
  <div><dt>年度</dt><dd>${h.year ?? '?'}</dd></div>
  <div><dt>模板</dt><dd>${h.template ?? 'unknown'}${h.other_as_one_row ? '（六）one row' : ''}</dd></div>
  <div><dt>发布日期</dt><dd>${h.published_date ?? ''}</dd></div>
  <div><dt>来源</dt><dd>${externalLink(h.url)} · <a href="${documentHref(h.document_id)}" id="source-link">stored version ${h.version}</a>, fetched ${fmtDate(h.fetched_at)}</dd></div>
  <div><dt>提取</dt><dd>report ${h.id}, extractor ${h.extractor_version}</dd></div>
</dl>
${v.metrics ? metricsBlock(v.metrics) : ''}
<section id="flags"><h2>标记 Flags (${v.flags.length})</h2>${flagList(h.id, v.flags, v.review)}</section>
${v.review ? correctionsSection(v.review, reportHref(h.id, '#corrections')) : ''}
${grids.length
    ? grids.map((g) => gridTable(g, h.id, cells, flagged, v.review?.applied))
    : html`<section><h2>Cells</h2><p class="muted">Template unknown: cells as stored.</p><table class="list">
${v.cells.map((c) => html`<tr><td>${c.key}</td><td>${KEY_INFO.get(c.key)?.label ?? ''}</td>${valueCell(h.id, c.key, cells, flagged, v.review?.applied)}</tr>`)}</table></section>`}
${yearsTable(h.id, v.years)}
${(h.warnings ?? []).length ? html`<section><h2>Extraction warnings</h2><ul>${h.warnings.map((w) => html`<li>${w}</li>`)}</ul></section>` : ''}
`);
}
