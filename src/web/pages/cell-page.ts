/** One cell: its value and raw text, where it was read, the flags naming it, and its history across years. */
import { html } from 'hono/html';
import { KEY_INFO } from '../../template/index.js';
import type { CellHistoryRow, CellRow, FlagRow, ReportHead } from '../queries.js';
import { cellAnchor, cellHref, documentHref, fmtNumber, page, qs, reportHref, severityBadge, type Html } from '../layout.js';
import { citePath } from './research-pages.js';
import { correctionPanel } from '../review/correction-form.js';
import type { ReportReview } from '../review/report-review.js';
import type { ExcerptLine } from '../review/source-excerpt.js';

export interface CellView {
  readonly head: ReportHead;
  readonly key: string;
  /** undefined when the report does not print this cell. */
  readonly cell: CellRow | undefined;
  readonly flags: readonly FlagRow[];
  readonly history: readonly CellHistoryRow[];
  /** The source excerpt and the correction form (src/web/review). */
  readonly review?: { readonly review: ReportReview; readonly excerpt: readonly ExcerptLine[] | null; readonly next: string };
}

function provenance(c: CellRow): string {
  const parts = [`table ${c.table_id}`];
  if (c.html_table !== null) parts.push(`HTML table ${c.html_table}`);
  if (c.row_index !== null) parts.push(`row ${c.row_index}`);
  if (c.col_index !== null) parts.push(`column ${c.col_index}`);
  if (c.line_index !== null) parts.push(`line ${c.line_index + 1}`);
  if (c.page !== null) parts.push(`page ${c.page}`);
  if (c.text_line !== null) parts.push(`line ${c.text_line + 1} of the reader's text`);
  return parts.join(', ');
}

export function cellPage(v: CellView): Html {
  const info = KEY_INFO.get(v.key);
  const h = v.head;
  const c = v.cell;
  // The document page opens at the value: its <td>, its lines, or its box on the PDF page.
  const sourceHref = `${documentHref(h.document_id)}${qs({ report: h.id, key: v.key })}#highlight`;
  const cite = h.body && h.year !== null ? citePath(h.region_code, h.body, h.year, v.key) : null;
  return page(`${info?.label ?? v.key}`, html`
<p><a href="${reportHref(h.id, `#${cellAnchor(v.key)}`)}">← ${h.body ?? h.organization ?? 'report'} ${h.year ?? ''}</a></p>
<dl class="facts">
  <div><dt>Key</dt><dd><code>${v.key}</code></dd></div>
  <div><dt>Label</dt><dd>${info ? `${info.label} (table ${info.table})` : 'not a template cell'}</dd></div>
  <div><dt>Value</dt><dd id="cell-value">${c ? (c.value === null ? 'blank (null — not 0)' : fmtNumber(c.value)) : 'not printed in this report'}</dd></div>
  ${c ? html`<div><dt>Raw text</dt><dd><code id="cell-raw">${c.raw}</code>${c.unit ? html` · unit ${c.unit}` : ''}</dd></div>
  <div><dt>Read at</dt><dd id="cell-provenance">${provenance(c)}${c.confidence !== null ? ` · confidence ${c.confidence}` : ''}</dd></div>` : ''}
  <div><dt>Source</dt><dd><a href="${sourceHref}" id="cell-source">stored document version ${h.version}</a> of ${h.url} (<a href="${documentHref(h.document_id)}/raw">raw bytes</a>)</dd></div>
  ${cite ? html`<div><dt>Cite</dt><dd><a href="${cite}" id="cell-cite">stable link to cite this number</a> (body, year and key: it survives re-extraction)</dd></div>` : ''}
</dl>
${v.review ? correctionPanel({ reportId: h.id, key: v.key, documentId: h.document_id, cell: c, ...v.review }) : ''}
<section><h2>标记 Flags naming this cell</h2>
${v.flags.length ? html`<ul class="flags">${v.flags.map((f) => html`<li>${severityBadge(f.severity)} <code>${f.rule}</code> ${f.message} <a href="${reportHref(h.id, `#flag-${f.id}`)}">on the report</a></li>`)}</ul>`
    : html`<p class="muted">None.</p>`}
</section>
<section id="cell-history"><h2>历年 History across years</h2>
<table class="list"><tr><th>年度</th><th>模板</th><th>值</th><th>原文</th></tr>
${v.history.map((r) => html`<tr${r.report_id === h.id ? html` class="current"` : ''}><td><a href="${cellHref(r.report_id, v.key)}">${r.year}</a></td><td>${r.template ?? ''}</td>
  <td class="n">${r.stated ? (r.value === null ? 'blank' : fmtNumber(r.value)) : '—'}</td><td><code>${r.raw ?? ''}</code></td></tr>`)}
</table></section>`);
}
