/**
 * A stored document version: its facts, and its text as the extractor read it
 * (decoded and normalised: line numbers agree with provenance). Asked for a
 * cell (?report=&key=), the page opens at the value: the <td> highlighted in
 * its table, the source lines with the value marked, or the PDF page with the
 * value's box; and the raw text it was read from.
 */
import { html } from 'hono/html';
import { KEY_INFO } from '../../template/index.js';
import { documentHref, externalLink, fmtDate, fmtNumber, page, reportHref, type Html } from '../layout.js';
import { htmlCellView, pdfPageView, textLinesView, type Place } from '../source-view.js';

export interface DocumentView {
  readonly id: number; readonly url: string; readonly final_url: string; readonly version: number;
  readonly fetched_at: Date; readonly first_seen_at: Date; readonly http_status: number;
  readonly content_type: string | null; readonly charset: string | null; readonly sha256: string;
  readonly size: number; readonly kind: string; readonly title: string | null; readonly bytes: Uint8Array;
}

export interface Highlight { readonly reportId: number; readonly key: string; readonly value: number | null; readonly place: Place }

export interface DocumentContent {
  /** The decoded text (HTML and text documents). */
  readonly text: string | null;
  /** What a document reader made of a PDF/DOCX/DOC, when the document is one. */
  readonly readerText: string | null;
  readonly isPdf: boolean;
  readonly isHtml: boolean;
}

/** Text documents are shown decoded; PDFs, office files and images by their raw route and reader text. */
export function isText(d: Pick<DocumentView, 'content_type' | 'bytes'>): boolean {
  const type = (d.content_type ?? '').toLowerCase();
  if (/^(text\/|application\/(xhtml\+xml|xml|json))/.test(type)) return true;
  if (type) return false;
  return !d.bytes.subarray(0, 1024).includes(0);
}

function highlightBlock(d: DocumentView, c: DocumentContent, h: Highlight): Html {
  const label = KEY_INFO.get(h.key)?.label ?? h.key;
  const where = [
    h.place.line !== null ? `line ${h.place.line + 1}` : '', h.place.page !== null ? `page ${h.place.page}` : '',
    h.place.textLine !== null ? `line ${h.place.textLine + 1} of the reader's text` : '',
  ].filter(Boolean).join(', ');
  const table = c.isHtml && c.text !== null ? htmlCellView(c.text, h.place) : null;
  const lines = c.text !== null ? textLinesView(c.text, h.place) : null;
  const pdf = c.isPdf ? pdfPageView(d.id, h.place) : null;
  const reader = c.readerText !== null && h.place.textLine !== null
    ? textLinesView(c.readerText, { ...h.place, line: h.place.textLine, start: null, end: null }) : null;
  return html`<section id="highlight" class="highlight"><h2>读取位置 Where the value was read</h2>
<p><a href="${reportHref(h.reportId)}">report ${h.reportId}</a> · <code>${h.key}</code> ${label} = <strong id="hl-value">${h.value === null ? 'blank' : fmtNumber(h.value)}</strong>,
read from the raw text <code id="hl-raw">${h.place.raw || '(empty)'}</code>${where ? ` at ${where}` : ''}.</p>
${table ? html`<h3>The cell in its table</h3>${table}` : ''}
${pdf ? html`<h3>Page ${h.place.page}</h3>${pdf}` : ''}
${lines ? html`<h3>The stored text around it</h3>${lines}` : ''}
${reader ? html`<h3>The reader's text around it</h3>${reader}` : ''}
${!table && !pdf && !lines && !reader ? html`<p class="muted">This cell has no stored position (read before positions were kept, or not found in the document).</p>` : ''}
</section>`;
}

export function documentPage(d: DocumentView, reports: readonly { id: number; year: number | null; superseded_by: number | null }[],
  content: DocumentContent, highlight?: Highlight): Html {
  const lines = content.text === null ? [] : content.text.split('\n');
  return page(d.title ?? `Document ${d.id}`, html`
<dl class="facts">
  <div><dt>URL</dt><dd>${externalLink(d.url)}${d.final_url !== d.url ? html` → ${externalLink(d.final_url)}` : ''}</dd></div>
  <div><dt>Version</dt><dd>${d.version} · fetched ${fmtDate(d.fetched_at)} · first seen ${fmtDate(d.first_seen_at)} · HTTP ${d.http_status}</dd></div>
  <div><dt>Content</dt><dd>${d.content_type ?? 'unknown type'} · ${d.size} bytes · sha256 <code>${d.sha256.slice(0, 16)}…</code> · ${d.kind}</dd></div>
  <div><dt>Raw</dt><dd><a href="${documentHref(d.id)}/raw" id="raw-link">the stored bytes</a> (served with scripts disabled)</dd></div>
  <div><dt>Reports</dt><dd>${reports.map((r) => html`<a href="${reportHref(r.id)}">report ${r.id} (${r.year ?? '?'})${r.superseded_by === r.id ? ', retired' : r.superseded_by ? ', superseded' : ''}</a> `)}</dd></div>
</dl>
${highlight ? highlightBlock(d, content, highlight) : ''}
${content.text === null
    ? html`<p class="muted">Binary document: open the raw bytes.</p>`
    : html`<h2>Decoded text (as the extractor read it)</h2><pre class="source">${lines.map((l, i) => html`<span id="L${i + 1}" class="line"><a class="ln" href="#L${i + 1}">${i + 1}</a>${l}\n</span>`)}</pre>`}`);
}
