/**
 * Where each token sits in the text of the stored document: character offsets
 * [start, end) into the decoded, normalised document text (see `sourceText`),
 * from which the line follows. Provenance must land on the stored document, not
 * on the text the tokeniser derived from it (HTML → body text, whose lines are
 * not the page's lines).
 *
 * Independent of how tokens are made: tokens come in document order, so each is
 * found after the one before. A table cell is the k-th <td>/<th> of its
 * innermost table (by first appearance of its grid position); prose is found by
 * its text. Text is compared folded (half-width, no white space, no invisible
 * characters), as the tokeniser folds it. A token not found gets no position —
 * never a guessed one.
 */
import { Parser } from 'htmlparser2';
import { normalizeText } from './normalize.js';
import type { Token } from './tokens.js';
import type { ExtractedCell, Provenance } from '../model/report.js';
import type { LinePlace } from './documents/layout.js';
import { toHalfWidth } from './values.js';
import { hides, zeroSizeText } from './html-hidden.js';
import { PageStyles } from './html-stylesheet.js';

/** The document's visible text folded, with each folded character's source range. */
interface Visible { text: string; from: number[]; to: number[] }

/** One character as the tokeniser compares it: white space and invisible characters dropped, full-width to ASCII, look-alikes mapped. */
function fold(c: string): string {
  const code = c.charCodeAt(0);
  if (code <= 0x20 || code === 0xa0 || code === 0xad || code === 0x1680 || (code >= 0x2000 && code <= 0x200d) || code === 0x2028 || code === 0x2029
    || code === 0x202f || code === 0x205f || code === 0x2060 || code === 0x3000 || code === 0xfeff) return '';
  if (code >= 0xff01 && code <= 0xff5e) return toHalfWidth(c);
  if ((code >= 0x2e80 && code <= 0x2fdf) || (code >= 0xf900 && code <= 0xfaff)) return normalizeText(c);
  return c;
}
export const foldText = (s: string): string => [...s].map(fold).join('');

function pushText(v: Visible, data: string, start: number, end: number, exact: boolean): void {
  let at = start;
  for (const c of data) {
    const f = fold(c);
    const from = exact ? at : start, to = exact ? at + c.length : end;
    for (const x of f) { v.text += x; v.from.push(from); v.to.push(to); }
    at += c.length;
  }
}

interface Td { start: number; end: number; vStart: number; vEnd: number }

/** One pass of htmlparser2: visible text (no script/style/head) and the cells of every innermost table. */
function scanHtml(html: string): { visible: Visible; tables: Td[][] } {
  const visible: Visible = { text: '', from: [], to: [] };
  const tables: Td[][] = [];
  const open: { tds: Td[]; nested: boolean }[] = [];
  let td: Td | null = null;
  let hidden = 0;
  // Elements the page hides (html-hidden.ts), as the extractor skips them: the depth of the outermost open one.
  let depth = 0, hiddenAt = 0;
  const styles = PageStyles.of(html);
  const parser: Parser = new Parser({
    onopentag(name, attribs) {
      depth++;
      if (!hiddenAt && (hides(name, attribs.style, 'hidden' in attribs, td !== null, styles, attribs.class, attribs.id)
        || zeroSizeText(name, attribs.style, td !== null, html, parser.endIndex + 1))) hiddenAt = depth;
      if (hiddenAt) return;
      if (name === 'script' || name === 'style' || name === 'noscript' || name === 'head' || name === 'title') hidden++;
      else if (name === 'table') { for (const t of open) t.nested = true; open.push({ tds: [], nested: false }); }
      else if ((name === 'td' || name === 'th') && open.length) {
        td = { start: parser.startIndex, end: html.length, vStart: visible.text.length, vEnd: visible.text.length };
        open.at(-1)!.tds.push(td);
      }
    },
    onclosetag(name, implied) {
      const inHidden = hiddenAt > 0;
      if (hiddenAt === depth) hiddenAt = 0;
      depth = Math.max(0, depth - 1);
      if (inHidden) return;
      if (name === 'script' || name === 'style' || name === 'noscript' || name === 'head' || name === 'title') hidden = Math.max(0, hidden - 1);
      else if ((name === 'td' || name === 'th') && td) {
        td.end = implied ? parser.startIndex : parser.endIndex + 1;
        td.vEnd = visible.text.length;
        td = null;
      } else if (name === 'table' && open.length) {
        const t = open.pop()!;
        if (!t.nested) tables.push(t.tds);
      }
    },
    ontext(data) {
      if (hidden || hiddenAt) return;
      const start = parser.startIndex, end = parser.endIndex + 1;
      pushText(visible, data, start, end, html.slice(start, end) === data);
    },
  }, { decodeEntities: true, lowerCaseTags: true });
  parser.end(html);
  return { visible, tables };
}

type Located = Token & { readonly start?: number; readonly end?: number };

// withRange copies these fields one by one: a field added to Token must be added there too (the compiler checks this list).
type Copied = 'text' | 'line' | 'htmlTable' | 'row' | 'col' | 'segment' | 'soft' | 'boundary' | 'openEnd' | 'cut' | 'cutShown' | 'maybeSign' | 'start' | 'end';
export const TOKEN_FIELDS_COPIED: [Exclude<keyof Token, Copied>] extends [never] ? true : never = true;

/** The token with its offsets; copied field by field (a spread of tokens of many shapes is slow, and every token passes here). */
function withRange(t: Token, start: number, end: number): Located {
  const o: { -readonly [K in keyof Token]: Token[K] } = { text: t.text };
  if (t.line !== undefined) o.line = t.line;
  if (t.htmlTable !== undefined) o.htmlTable = t.htmlTable;
  if (t.row !== undefined) o.row = t.row;
  if (t.col !== undefined) o.col = t.col;
  if (t.segment !== undefined) o.segment = t.segment;
  if (t.soft !== undefined) o.soft = t.soft;
  if (t.boundary !== undefined) o.boundary = t.boundary;
  if (t.openEnd !== undefined) o.openEnd = t.openEnd;
  if (t.cut !== undefined) o.cut = t.cut;
  if (t.cutShown !== undefined) o.cutShown = t.cutShown;
  if (t.maybeSign !== undefined) o.maybeSign = t.maybeSign;
  o.start = start;
  o.end = end;
  return o;
}

/** HTML: offsets of each token in the page source (a table cell: its whole <td> element). */
export function locateHtml(html: string, tokens: readonly Token[]): Located[] {
  const { visible, tables } = scanHtml(html);
  const order = new Map<number, Map<string, number>>();
  let cursor = 0;
  return tokens.map((t): Located => {
    const want = foldText(t.text);
    if (t.htmlTable !== undefined && t.row !== undefined && t.col !== undefined) {
      const seen = order.get(t.htmlTable) ?? new Map<string, number>();
      order.set(t.htmlTable, seen);
      const key = `${t.row},${t.col}`;
      if (!seen.has(key)) seen.set(key, seen.size);
      const cell = tables[t.htmlTable]?.[seen.get(key)!];
      if (!cell) return t;
      // The cell's text must hold the token's: a parse that differs from the tokeniser's is not trusted.
      const inCell = visible.text.slice(cell.vStart, cell.vEnd);
      const at = want ? inCell.indexOf(want, Math.max(0, cursor - cell.vStart)) : 0;
      const at0 = at < 0 && want ? inCell.indexOf(want) : at;
      if (at0 < 0) return t;
      cursor = Math.max(cursor, cell.vStart + at0 + want.length);
      return withRange(t, cell.start, cell.end);
    }
    if (!want) return t;
    const i = visible.text.indexOf(want, cursor);
    if (i < 0) return t;
    cursor = i + want.length;
    return withRange(t, visible.from[i]!, visible.to[i + want.length - 1]!);
  });
}

/**
 * Plain text: offsets of each token on its own line (blank cells keep only their
 * line). Tokens come in order, so each is looked for after the one before when
 * that is on its line. The token's text is looked for as printed first (almost
 * always there); only a line that does not hold it verbatim is folded and searched.
 */
export function locateText(text: string, tokens: readonly Token[]): Located[] {
  const lineStarts = lineStartsOf(text);
  let cursor = 0;
  let folded: { line: number; visible: Visible } | null = null;
  let held: { line: number; text: string } | null = null;
  return tokens.map((t): Located => {
    if (t.line === undefined) return t;
    const ls = lineStarts[t.line] ?? text.length;
    const le = (lineStarts[t.line + 1] ?? text.length + 1) - 1;
    const from = cursor >= ls && cursor <= le ? cursor : ls;
    const raw = t.text.trim();
    if (raw) {
      // Searched in the line alone: a miss must not scan the rest of the document.
      if (held?.line !== t.line) held = { line: t.line, text: text.slice(ls, le) };
      const i = held.text.indexOf(raw, from - ls);
      if (i >= 0) { cursor = ls + i + raw.length; return withRange(t, ls + i, cursor); }
    }
    const want = foldText(t.text);
    if (!want) return t;
    if (folded?.line !== t.line) {
      const visible: Visible = { text: '', from: [], to: [] };
      pushText(visible, text.slice(ls, le), ls, le, true);
      folded = { line: t.line, visible };
    }
    const v = folded.visible;
    let k = 0;
    while (k < v.from.length && v.from[k]! < from) k++;
    let i = v.text.indexOf(want, k);
    if (i < 0) i = v.text.indexOf(want);
    if (i < 0) return t;
    cursor = v.to[i + want.length - 1]!;
    return withRange(t, v.from[i]!, cursor);
  });
}

/** Offsets where each line starts (0-based lines, split on \n as the tokeniser splits). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line holding an offset. */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid]! <= offset) lo = mid; else hi = mid - 1; }
  return lo;
}

/** A token's place in `table` as provenance keeps it (only the fields it has). */
export function tokenPlace(t: Token, table: Provenance['table']): Provenance {
  const out: { -readonly [K in keyof Provenance]: Provenance[K] } = { table };
  if (t.htmlTable !== undefined) out.htmlTable = t.htmlTable;
  if (t.row !== undefined) out.row = t.row;
  if (t.col !== undefined) out.col = t.col;
  if (t.line !== undefined) out.line = t.line;
  if (t.start !== undefined) out.start = t.start;
  if (t.end !== undefined) out.end = t.end;
  return out;
}

// A provenance's fields besides its table, in the order they print. onStoredText copies these,
// one statement each (every cell passes there: a loop of keyed reads was a hot spot); a field added
// to Provenance must be added to this list (the compiler checks) and to the copy (a test checks).
export const PLACE_KEYS = ['htmlTable', 'row', 'col', 'line', 'start', 'end', 'page', 'box', 'textLine'] as const;
export const PLACE_KEYS_COPIED: [Exclude<keyof Provenance, 'table' | (typeof PLACE_KEYS)[number]>] extends [never] ? true : never = true;

/** The provenance with its line set to `line` (or dropped when undefined), fields in PLACE_KEYS order. */
function withLine(p: Provenance, line: number | undefined): Provenance {
  const out: { -readonly [K in keyof Provenance]: Provenance[K] } = { table: p.table };
  if (p.htmlTable !== undefined) out.htmlTable = p.htmlTable;
  if (p.row !== undefined) out.row = p.row;
  if (p.col !== undefined) out.col = p.col;
  if (p.start !== undefined) out.start = p.start;
  if (p.end !== undefined) out.end = p.end;
  if (p.page !== undefined) out.page = p.page;
  if (p.box !== undefined) out.box = p.box;
  if (p.textLine !== undefined) out.textLine = p.textLine;
  // The line goes last, as the provenance has always printed.
  if (line !== undefined) out.line = line;
  return out;
}

/**
 * Provenance on the stored text: an HTML value's line follows from its offset
 * (the tokeniser's line counts the derived body text, not the page: it is
 * dropped when the offset is unknown); a text value's line is the tokeniser's.
 */
export function onStoredText(details: readonly ExtractedCell[], text: string, html: boolean): ExtractedCell[] {
  const starts = lineStartsOf(text);
  return details.map((d) => {
    const p = d.provenance;
    const at = p.start !== undefined ? lineAt(starts, p.start) : html ? undefined : p.line;
    return { ...d, provenance: withLine(p, at) };
  });
}

/**
 * Provenance for a document read through a reader (PDF, DOCX, DOC, OFD): the
 * line of the reader's text, and the page and box the reader gives for it —
 * for a pipe row, the box of the cell the value came from. Offsets into the
 * reader's text are not positions in the stored file and are dropped.
 */
export function onReaderText(details: readonly ExtractedCell[], text: string, places: readonly LinePlace[] | undefined): ExtractedCell[] {
  const starts = lineStartsOf(text);
  return details.map((d) => {
    const { line, start, end: _end, htmlTable: _t, row: _r, col: _c, ...rest } = d.provenance;
    if (line === undefined) return { ...d, provenance: rest };
    const place = places?.[line];
    let box = place?.box;
    if (place?.cells && start !== undefined) {
      // The n-th pipe of the row opens the n-th cell: `| label | 1 |  | 3 |`.
      const before = text.slice(starts[line] ?? 0, start);
      const cell = place.cells[(before.match(/\|/g) ?? []).length - 1];
      if (cell) box = cell;
    }
    const usable = box && box[2] > box[0] && box[3] > box[1];
    return { ...d, provenance: { ...rest, textLine: line, ...(place ? { page: place.page } : {}), ...(usable ? { box: box! } : {}) } };
  });
}
