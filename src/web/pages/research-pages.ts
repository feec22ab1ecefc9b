/** Pages of the researcher surface: the read-only SQL page, the coverage table, a citable cell. */
import { html } from 'hono/html';
import { KEY_INFO } from '../../template/index.js';
import { cellHref, documentHref, externalLink, fmtDate, fmtNumber, page, reportHref, type Html } from '../layout.js';

export interface SqlView {
  readonly sql: string;
  readonly result?: { columns: readonly string[]; rows: readonly Record<string, unknown>[]; cut: boolean } | undefined;
  readonly error?: string | undefined;
  readonly links?: { csv: string; json: string; share: string } | undefined;
}

const cell = (v: unknown): string => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString()
  : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function sqlPage(v: SqlView): Html {
  return page('SQL (read-only)', html`
<form method="get" action="/sql" class="sql">
  <textarea name="sql" rows="6" cols="100" id="sql-input" placeholder="SELECT body, year, flag_count FROM report_latest ORDER BY flag_count DESC LIMIT 20">${v.sql}</textarea><br>
  <button type="submit">Run</button> <span class="muted">One statement, in a read-only transaction with a time limit. Views: report_latest, cells_wide, report_metrics, report_metrics_yoy.</span>
</form>
${v.error ? html`<p class="error" id="sql-error">${v.error}</p>` : ''}
${v.result ? html`
<p id="sql-summary">${v.result.rows.length} row${v.result.rows.length === 1 ? '' : 's'}${v.result.cut ? ' (cut: the page shows the first rows; the downloads hold all)' : ''} ·
  <a href="${v.links!.csv}" id="download-csv">CSV</a> · <a href="${v.links!.json}" id="download-json">JSON</a> · <a href="${v.links!.share}" id="share-link">link to this query</a></p>
<table class="list" id="sql-result"><tr>${v.result.columns.map((c) => html`<th>${c}</th>`)}</tr>
${v.result.rows.map((r) => html`<tr>${v.result!.columns.map((c) => html`<td>${cell(r[c])}</td>`)}</tr>`)}
</table>` : ''}`);
}

import type { CoverageRow } from '../../research/coverage.js';

export function coveragePage(rows: readonly CoverageRow[], links: { csv: string; json: string }): Html {
  const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)}%` : '—');
  return page('覆盖 Coverage', html`
<p>Per province and year: the governments the site registry expects a report from, those with one, every report found (departments and townships included), and those flagged.
<a href="${links.csv}" id="download-csv">CSV</a> · <a href="${links.json}" id="download-json">JSON</a></p>
<table class="list" id="coverage"><tr><th>省份</th><th>年度</th><th>应报 (registry)</th><th>已报 governments</th><th>覆盖率</th><th>报告 found</th><th>有标记 flagged</th></tr>
${rows.map((r) => html`<tr><td>${r.province_name ?? r.province ?? '(no region)'} ${r.province ?? ''}</td><td>${r.year}</td>
  <td class="n">${r.sites_expected}</td><td class="n">${r.governments_reporting}</td><td class="n">${pct(r.governments_reporting, r.sites_expected)}</td>
  <td class="n"><a href="/flags?region=${r.province ?? ''}&year=${r.year}">${r.reports_found}</a></td><td class="n">${r.reports_flagged}</td></tr>`)}
</table>`);
}

export interface CiteView {
  readonly url: string; readonly body: string; readonly regionCode: string | null; readonly year: number; readonly key: string;
  readonly reportId: number; readonly documentId: number; readonly version: number; readonly sourceUrl: string; readonly fetchedAt: Date;
  readonly value: number | null; readonly raw: string | null; readonly stated: boolean;
}

/** The cite-this-number block: everything a footnote needs, and the stable link. */
export function citeBlock(v: CiteView): Html {
  const label = KEY_INFO.get(v.key)?.label ?? v.key;
  const text = `${v.body}《${v.year}年政府信息公开工作年度报告》，${label}：${v.raw ?? ''}。来源：${v.sourceUrl}（抓取于 ${fmtDate(v.fetchedAt)}，存档版本 ${v.version}）。${v.url}`;
  return html`<section id="cite" class="cite"><h2>引用 Cite this number</h2>
<dl class="facts">
  <div><dt>Stable link</dt><dd><a href="${v.url}" id="cite-url">${v.url}</a></dd></div>
  <div><dt>Value as printed</dt><dd id="cite-raw">${v.stated ? (v.raw || '(blank)') : 'not printed in this report'}</dd></div>
  <div><dt>Value</dt><dd>${v.value === null ? 'blank (null — not 0)' : fmtNumber(v.value)}</dd></div>
  <div><dt>Source</dt><dd>${externalLink(v.sourceUrl)}</dd></div>
  <div><dt>Fetched</dt><dd>${fmtDate(v.fetchedAt)}</dd></div>
  <div><dt>Stored version</dt><dd><a href="${documentHref(v.documentId)}?report=${v.reportId}&key=${v.key}#highlight">version ${v.version}</a> (document ${v.documentId}, report <a href="${reportHref(v.reportId)}">${v.reportId}</a>)</dd></div>
</dl>
<textarea readonly rows="3" cols="100" id="cite-text">${text}</textarea></section>`;
}

export function citePage(v: CiteView): Html {
  return page(`${v.body} ${v.year} · ${KEY_INFO.get(v.key)?.label ?? v.key}`, html`${citeBlock(v)}
<p><a href="${cellHref(v.reportId, v.key)}">the cell's page</a> (history across years, flags naming it)</p>`);
}

/**
 * The stable citation path of a cell: body region code + body name + year + key.
 * It names what was reported, not a database id, so it survives re-extraction and new document versions.
 */
export const citePath = (regionCode: string | null, body: string, year: number, key: string): string =>
  `/cite/${encodeURIComponent(regionCode ?? '-')}/${encodeURIComponent(body)}/${year}/${encodeURIComponent(key)}`;
