/**
 * A stored document shown at the place a value was read from: the <td> of an
 * HTML table (the document's innermost tables drawn again as plain tables, the
 * cell highlighted), the lines of its decoded text around the value's offsets
 * (the same decoded text the extractor read, so line numbers agree), or the PDF
 * page with the value's box drawn over it. Only text is drawn: no markup of the
 * stored page reaches the browser.
 */
import { Parser } from 'htmlparser2';
import { html, raw } from 'hono/html';
import type { Html } from './layout.js';

export interface Place {
  readonly start: number | null;
  readonly end: number | null;
  readonly line: number | null;
  readonly page: number | null;
  readonly box: readonly number[] | null;
  readonly textLine: number | null;
  readonly raw: string;
}

interface Td { text: string; rowspan: number; colspan: number; start: number; end: number; head: boolean }

/** The innermost tables of a page, as rows of cells with their source offsets. */
export function pageTables(source: string): Td[][][] {
  const tables: Td[][][] = [];
  const open: { rows: Td[][]; nested: boolean }[] = [];
  let td: Td | null = null;
  const parser: Parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'table') { for (const t of open) t.nested = true; open.push({ rows: [], nested: false }); }
      else if (name === 'tr' && open.length) open.at(-1)!.rows.push([]);
      else if ((name === 'td' || name === 'th') && open.length) {
        const t = open.at(-1)!;
        if (t.rows.length === 0) t.rows.push([]);
        td = { text: '', rowspan: Math.max(1, Number(attrs.rowspan) || 1), colspan: Math.max(1, Number(attrs.colspan) || 1), start: parser.startIndex, end: source.length, head: name === 'th' };
        t.rows.at(-1)!.push(td);
      } else if (name === 'br' && td) td.text += ' ';
    },
    onclosetag(name, implied) {
      if ((name === 'td' || name === 'th') && td) { td.end = implied ? parser.startIndex : parser.endIndex + 1; td = null; }
      else if (name === 'table' && open.length) { const t = open.pop()!; if (!t.nested) tables.push(t.rows); }
    },
    ontext(data) { if (td) td.text += data; },
  }, { decodeEntities: true, lowerCaseTags: true });
  parser.end(source);
  return tables;
}

const clean = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** The table holding the highlighted cell, drawn again from its text; the cell marked. */
export function htmlCellView(source: string, place: Place): Html | null {
  if (place.start === null) return null;
  for (const rows of pageTables(source)) {
    if (!rows.some((r) => r.some((c) => c.start === place.start))) continue;
    return html`<table class="source-table">${rows.map((r) => html`<tr>${r.map((c) => {
      const hit = c.start === place.start;
      const span = html`${c.rowspan > 1 ? html` rowspan="${c.rowspan}"` : ''}${c.colspan > 1 ? html` colspan="${c.colspan}"` : ''}`;
      return hit ? html`<td${span} class="hl" id="hl">${clean(c.text)}</td>` : html`<td${span}>${clean(c.text)}</td>`;
    })}</tr>`)}</table>`;
  }
  return null;
}

/** Lines of the decoded text around the value, numbered as the extractor numbers them, the value marked. */
export function textLinesView(text: string, place: Place, context = 12): Html | null {
  const lines = text.split('\n');
  const starts = [0];
  for (let i = 0; i < lines.length - 1; i++) starts.push(starts[i]! + lines[i]!.length + 1);
  const at = place.line;
  if (at === null || at >= lines.length) return null;
  // One giant line (minified HTML) is shown as a window of characters around the value.
  const window = (l: number) => {
    const s = starts[l]!, line = lines[l]!;
    const from = place.start !== null && line.length > 600 ? Math.max(0, place.start - s - 300) : 0;
    const to = place.start !== null && line.length > 600 ? Math.min(line.length, (place.end ?? place.start) - s + 300) : line.length;
    return { s, from, to, line };
  };
  const first = Math.max(0, at - context), last = Math.min(lines.length - 1, at + context);
  const out: Html[] = [];
  for (let l = first; l <= last; l++) {
    const { s, from, to, line } = window(l);
    const a = place.start !== null ? Math.max(from, Math.min(to, place.start - s)) : null;
    const b = place.end !== null ? Math.max(from, Math.min(to, place.end - s)) : null;
    const body = a !== null && b !== null && b > a
      ? html`${line.slice(from, a)}<mark id="${l === at ? 'hl-text' : ''}">${line.slice(a, b)}</mark>${line.slice(b, to)}`
      : html`${line.slice(from, to)}`;
    out.push(html`<span id="L${l + 1}" class="line${l === at ? ' hl-line' : ''}"><a class="ln" href="#L${l + 1}">${l + 1}</a>${from > 0 ? '…' : ''}${body}${to < line.length ? '…' : ''}\n</span>`);
  }
  return html`<pre class="source">${out}</pre>`;
}

/** A PDF page as an image with the value's box drawn over it (fractions of the page → percentages). */
export function pdfPageView(documentId: number, place: Place): Html | null {
  if (place.page === null) return null;
  const b = place.box;
  const pct = (v: number) => `${(v * 100).toFixed(3)}%`;
  const style = b && b.length === 4
    ? `left:${pct(b[0]!)};top:${pct(b[1]!)};width:${pct(b[2]! - b[0]!)};height:${pct(b[3]! - b[1]!)}` : '';
  return html`<div class="pdf-page"><img src="/document/${documentId}/page/${place.page}.png" alt="page ${place.page}" id="pdf-page-img">
${b ? html`<div class="pdf-box" id="hl" style="${raw(style)}"></div>` : ''}</div>`;
}
