/**
 * Laid-out blocks → text lines with their places: prose lines as they are, table
 * rows as ONE pipe line each (`| label | 1 |  | 3 |`, empty cells kept). Stream
 * rows take their columns from where a run's values cluster; ruled tables print
 * their grid rows, held until the table ends since the next page may add to the
 * cells of its last row. Cells cut off at the edge of the printed area are not read.
 */
import { CUT_MARK } from '../tokens.js';
import { printedValue } from '../values.js';
import { continuation, paddingXs, pipeLine, tableRows, withoutPadding, type GridCell, type GridTable } from './layout-grid.js';
import { columns, labelGroups, nearest, overlaps, withHeaderColumns, type Row } from './layout-stream.js';
import { inkIn, type Cell, type Line, type PageItems, type Rect, type Word } from './layout-words.js';

const STREAM_UNREAD_INK = 12;

/** Where a value of row `r` in column `k` would be printed: halfway to the neighbouring columns, one line high. */
function slotBox(cols: readonly number[], k: number, r: Row): Rect {
  const half = (i: number, j: number): number => Math.abs(cols[j]! - cols[i]!) / 2;
  const left = k > 0 ? half(k - 1, k) : cols.length > 1 ? half(k, k + 1) : 20;
  const right = k + 1 < cols.length ? half(k, k + 1) : left;
  return { x0: cols[k]! - 0.8 * left, x1: cols[k]! + 0.8 * right, y0: r.line.y, y1: r.line.y + 0.8 * r.line.h };
}

/** A box on a page as fractions of the page [x0, y0, x1, y1], origin top left. */
export type Box = readonly [number, number, number, number];

/**
 * Where a line of the laid-out text sits: its page, its box, and for a pipe row the box of each
 * cell (null: an empty cell). `doubts`, per cell, says why its reading cannot be trusted (OCR
 * below its confidence bar, or ink where OCR read nothing), null where it can.
 */
export interface LinePlace {
  readonly page: number; readonly box: Box; readonly cells?: readonly (Box | null)[];
  readonly doubts?: readonly (string | null)[];
  /** OCR pages: each cell's OCR confidence (0–1), null where it has no words. */
  readonly confs?: readonly (number | null)[];
  /**
   * OCR pages, a line read as prose (no cells): the lowest confidence (0–1) of its words
   * that may give a value (see `mayGiveValue`) — what a value read from the line is worth (1 when none may).
   */
  readonly conf?: number;
  /**
   * OCR pages, a line read as prose: every bit of ink on the line lies under a word read, so an
   * empty stretch between its bars is blank on the scan too (absent when ink was left unread).
   */
  readonly inkRead?: true;
}

/** OCR word confidence (0–100) below which a value is not stated as read. */
export const OCR_SURE = 80;

const doubtOf = (c: { conf?: number; unread?: boolean }): string | null =>
  c.unread ? 'OCR could not read the ink in this cell for sure' : c.conf !== undefined && c.conf < OCR_SURE ? `OCR confidence ${Math.round(c.conf)} (below ${OCR_SURE})` : null;
const ocrOf = (cells: { conf?: number; unread?: boolean }[]): Pick<LinePlace, 'doubts' | 'confs'> => {
  const doubts = cells.map(doubtOf), confs = cells.map((c) => (c.conf === undefined ? null : c.conf / 100));
  return { ...(doubts.some(Boolean) ? { doubts } : {}), ...(confs.some((c) => c !== null) ? { confs } : {}) };
};

/**
 * Whether a word of a prose line could give a value: it holds a digit outside a row label's
 * item number. Only a label's own number is excused — `3.危及“三安全一稳定”`, `（2）其他` — when
 * the rest of the word is a label (two ideographs or more, no digit); a word OCR read with
 * bars in it (`|晨了国家科室|0|0|9|`), a label glued to a value (`合法权益0`), a garbled number
 * (`1O`) or a date all count, at their word's confidence.
 */
const ITEM_NUMBER = /^[(（]?\d{1,2}[)）.、．]/;
const mayGiveValue = (text: string): boolean => text.split(/[\s|丨]+/).some((part) => {
  if (!/\d/.test(part)) return false;
  const rest = part.replace(ITEM_NUMBER, '');
  return rest === part || /\d/.test(rest) || (rest.match(/\p{Script=Han}/gu) ?? []).length < 2;
});

/** Two words with no visible space between them (as `splitCells` tells one). */
const touching = (a: Word, b: Word): boolean => Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1) <= 0.12 * Math.max(a.h, b.h);

/**
 * A line's confidence: its least sure word that may give a value, or Latin letters touching a
 * digit (`1` and `O` read as two words, printed `1O`). Word by word, not cell by cell: a label
 * read unsure and set close to its bar joins its values' cell, and its doubt is not theirs; nor
 * is that of a mark read apart from them (`||` read `H`).
 */
const lineConf = (words: readonly Word[]): Pick<LinePlace, 'conf'> => {
  if (!words.some((w) => w.conf !== undefined)) return {}; // a text layer
  const glued = (w: Word): boolean => /^[A-Za-z]+$/.test(w.text) && words.some((d) => d !== w && /\d/.test(d.text) && touching(w, d));
  const confs = words.filter((w) => w.conf !== undefined && (mayGiveValue(w.text) || glued(w))).map((w) => w.conf!);
  return { conf: confs.length ? Math.min(...confs) / 100 : 1 };
};

/** A prose line of an OCR page whose ink is all under its words: nothing on it went unread. */
const inkRead = (cells: readonly Cell[], page: PageItems): Pick<LinePlace, 'inkRead'> => {
  if (!page.ink || !cells.some((c) => c.conf !== undefined)) return {};
  const y0 = Math.min(...cells.map((c) => c.y)), y1 = Math.max(...cells.map((c) => c.y + 0.8 * c.h));
  // Off the words, a block of the ink map clear of each (blocks straddling a word's edge hold its ink).
  const spans = [...cells].sort((a, b) => a.x0 - b.x0).map((c) => [c.x0 - page.ink!.block, c.x1 + page.ink!.block] as const);
  let x = 0, unread = 0;
  for (const [a, b] of [...spans, [page.width, page.width] as const]) {
    if (a > x) unread += inkIn(page.ink, { x0: x, x1: a, y0, y1 });
    x = Math.max(x, b);
  }
  return unread > STREAM_UNREAD_INK ? {} : { inkRead: true };
};

export type Block = { kind: 'line'; line: Line } | { kind: 'grid'; table: GridTable };

export interface Rendered { lines: string[]; places: LinePlace[]; warnings: string[] }

/**
 * A row whose end is cut off: `…` where the closing pipe would be (tokens.ts), so nothing after
 * its last cell reads as a blank — and a last cell that is blank still reads as one.
 */
const openRow = (cells: string[]): string => `${pipeLine(cells)} ${CUT_MARK}`;
const rowText = (cells: { text: string }[]): string => cells.map((c) => c.text).join('\u0001');

type Span = Pick<Cell, 'x0' | 'x1' | 'y' | 'h'>;

/** The box around text (PDF coordinates, y up: a glyph spans y … y + h) as page fractions, top left origin. */
function boxOf(spans: readonly Span[], page: PageItems): Box {
  if (spans.length === 0) return [0, 0, 0, 0];
  const x0 = Math.min(...spans.map((c) => c.x0)), x1 = Math.max(...spans.map((c) => c.x1));
  const y0 = Math.min(...spans.map((c) => c.y)), y1 = Math.max(...spans.map((c) => c.y + c.h));
  const f = (v: number, of: number): number => Math.round(Math.min(1, Math.max(0, v / (of || 1))) * 10000) / 10000;
  return [f(x0, page.width), f(page.height - y1, page.height), f(x1, page.width), f(page.height - y0, page.height)];
}

/**
 * A document's line pitch: the smallest distance between neighbouring prose lines that recurs
 * (three times at least, within 10 %), no less than most of a line's height. A page with
 * one cell a line and blank cells as empty lines (`103\n\n\n3\n\n`) is printed with
 * gaps of two, three … pitches, and the pitch itself shows where a paragraph wraps.
 */
function linePitch(pairs: readonly (readonly [Line, Line])[]): number | null {
  const ds = pairs.map(([a, b]) => a.y - b.y).filter((d) => d > 0).sort((a, b) => a - b);
  const hs = pairs.map(([a]) => a.h).sort((a, b) => a - b);
  const h = hs[hs.length >> 1] ?? 0;
  const d = ds.find((x) => x >= 0.8 * h && ds.filter((e) => Math.abs(e - x) <= 0.1 * x).length >= 3);
  if (d === undefined) return null;
  // Refined on every gap that is a whole number of it (scan and OCR put each line a pixel or
  // two off, and a few wrapped lines alone would leave the error to grow ninefold across a gap of nine).
  const whole = ds.map((e) => [e, Math.round(e / d)] as const).filter(([e, k]) => k >= 1 && Math.abs(e / d - k) <= 0.25);
  return whole.reduce((a, [e]) => a + e, 0) / whole.reduce((a, [, k]) => a + k, 0);
}

/**
 * Empty lines a gap between two prose lines stands for: a whole number of pitches beyond the
 * first, or none when it is not one. On a scan, none either when the gap holds ink: OCR left
 * something there unread, and an empty line would state a blank cell the page may fill.
 */
function emptyLinesBetween(above: Line, below: Line, pitch: number | null, page: PageItems): number {
  if (!pitch || above.page !== below.page) return 0;
  const k = (above.y - below.y) / pitch;
  if (k < 1.8 || Math.abs(k - Math.round(k)) > 0.2) return 0;
  const gap = { x0: 0, x1: page.width, y0: below.y + 1.25 * below.h, y1: above.y - 0.25 * above.h };
  if (page.ink && gap.y1 > gap.y0 && inkIn(page.ink, gap) > STREAM_UNREAD_INK) return 0;
  return Math.round(k) - 1;
}

export function render(blocks: readonly Block[], rows: Map<Line, Row>, pages: readonly PageItems[]): Rendered {
  const out: Rendered = { lines: [], places: [], warnings: [] };
  const pageOf = (n: number): PageItems => pages[n - 1]!;
  const emit = (text: string, place: LinePlace): void => { out.lines.push(text); out.places.push(place); };
  const cutPages = new Set<number>();
  const noteCut = (page: number): void => {
    if (cutPages.has(page)) return;
    cutPages.add(page);
    out.warnings.push(`page ${page}: a table runs past the printed area; its cells beyond the edge are left out`);
  };
  const attached = new Set([...rows.values()].flatMap((r) => r.extra));
  // Prose lines next to each other on a page: their spacing gives the document's pitch (one
  // style throughout; a page of gaps alone shows none of its own), and the empty lines of a
  // text printed as it is (a <pre>, a plain-text page) are kept as empty lines.
  const prose = (b: Block): Line | null => (b.kind === 'line' && !rows.has(b.line) && !attached.has(b.line) ? b.line : null);
  const pairs: [Line, Line][] = [];
  blocks.forEach((b, i) => { const a = i > 0 ? prose(blocks[i - 1]!) : null, l = prose(b); if (a && l && a.page === l.page) pairs.push([a, l]); });
  const pitch = linePitch(pairs);
  let lastProse: Line | null = null;
  let run: Row[] = [];
  let above: Line[] = []; // plain lines since the last row: the next run's header candidates
  let header: Line[] = [];
  let chain: { head: GridCell[][]; rows: { page: number; cells: GridCell[] }[]; last: GridTable; padding: [number, number][] } | null = null;

  const flushRun = (): void => {
    if (run.length === 0) return;
    let cols = withHeaderColumns(columns(run), run, header);
    // Columns from the first one holding cut-off text on are not read (their values may be partial).
    const firstCut = cols.findIndex((_, k) => run.some((r) => r.values.some((v) => v.clipped && nearest(cols, (v.x0 + v.x1) / 2) === k)));
    if (firstCut >= 0) { cols = cols.slice(0, firstCut); noteCut(run[0]!.line.page); }
    for (const r of run) {
      const vals: Cell[][] = cols.map(() => []);
      for (const v of r.values) {
        if (cols.length === 0 || v.clipped) continue;
        const k = nearest(cols, (v.x0 + v.x1) / 2);
        if (firstCut >= 0 && (v.x0 + v.x1) / 2 > cols[cols.length - 1]! + 9) continue;
        vals[k]!.push(v);
      }
      const texts = vals.map((cs) => cs.map((c) => printedValue(c.text, { ocr: true })).join(' '));
      const labels = labelGroups(r);
      const page = pageOf(r.line.page);
      const box = boxOf([...r.line.cells, ...r.extra.flatMap((e) => e.cells)], page);
      if (labels.length === 0 && texts.every(Boolean) && firstCut < 0) {
        // A full row of values with no label reads the same as printed, space-separated.
        emit(texts.join(' '), { page: r.line.page, box });
        continue;
      }
      // A value slot OCR left empty is a blank only if the scan is blank there too.
      const slot = (k: number): { conf?: number; unread?: boolean } => {
        const cs = vals[k]!;
        if (cs.length) { const confs = cs.flatMap((c) => (c.conf === undefined ? [] : [c.conf])); return confs.length ? { conf: Math.min(...confs) } : {}; }
        return { unread: !!page.ink && inkIn(page.ink, slotBox(cols, k, r)) > STREAM_UNREAD_INK };
      };
      emit((firstCut >= 0 ? openRow : pipeLine)([...labels.map((g) => g.text), ...texts]), {
        page: r.line.page, box,
        cells: [...labels.map((g) => boxOf(g.cells, page)), ...vals.map((cs) => (cs.length ? boxOf(cs, page) : null))],
        ...ocrOf([...labels.map(() => ({})), ...vals.map((_, k) => slot(k))]),
      });
    }
    run = [];
  };

  const flushChain = (): void => {
    if (!chain) return;
    for (const { page, cells } of chain.rows) {
      // A row is read up to its first cell cut off by the edge of the printed area.
      const cut = cells.findIndex((c) => c.clipped);
      if (cut >= 0) noteCut(page);
      const kept = cut >= 0 ? cells.slice(0, cut) : cells;
      if (kept.length === 0) continue;
      const p = pageOf(page);
      // On an OCR'd page (it has an ink map) a cell reading a lone 一 is the dash OCR misread.
      const text = (t: string): string => (p.ink ? printedValue(t, { ocr: true }) : t);
      emit((cut >= 0 ? openRow : pipeLine)(kept.map((c) => text(c.text))), {
        page, box: boxOf(kept.flatMap((c) => c.words), p), cells: kept.map((c) => (c.words.length ? boxOf(c.words, p) : null)),
        ...ocrOf(kept),
      });
    }
    chain = null;
  };

  for (const b of blocks) {
    if (!prose(b)) lastProse = null;
    if (b.kind === 'grid') {
      flushRun();
      above = [];
      const t = b.table;
      if (chain && t.page === chain.last.page + 1) {
        const rest = rowsOf(withoutPadding(t, continuation(chain.last, t) ?? t.cells, chain.padding));
        // The header printed again on the new page: drop the repeat, the table goes on.
        let skip = 0;
        while (skip < rest.length - 1 && skip < chain.head.length && rowText(rest[skip]!) === rowText(chain.head[skip]!)) skip++;
        chain.rows.push(...rest.slice(skip).map((cells) => ({ page: t.page, cells })));
        chain.last = t;
        continue;
      }
      flushChain();
      const head = tableRows(t);
      chain = { head, rows: head.map((cells) => ({ page: t.page, cells })), last: t, padding: paddingXs(t) };
      continue;
    }
    flushChain();
    const l = b.line;
    if (attached.has(l)) continue;
    const r = rows.get(l);
    if (r) {
      if (run.length && (above.length > 0 || !overlaps(run, r))) flushRun();
      if (run.length === 0) header = above.filter((h) => h.page === r.line.page).slice(-8);
      above = [];
      run.push(r);
      continue;
    }
    // A table header repeated at the top of the next page: drop it, the table goes on.
    const last = run[run.length - 1];
    if (last && above.length === 0 && l.page > last.line.page && header.some((h) => h.text === l.text)) continue;
    flushRun();
    above.push(l);
    if (lastProse) for (let k = emptyLinesBetween(lastProse, l, pitch, pageOf(l.page)); k > 0; k--) emit('', { page: l.page, box: [0, 0, 0, 0] });
    lastProse = l;
    emit(l.text, { page: l.page, box: boxOf(l.cells, pageOf(l.page)), ...lineConf(l.words), ...inkRead(l.cells, pageOf(l.page)) });
  }
  flushRun();
  flushChain();
  return out;
}

/** Cells grouped by the row they begin in, in order. */
function rowsOf(cells: GridCell[]): GridCell[][] {
  const byRow = new Map<number, GridCell[]>();
  for (const c of cells) byRow.set(c.r0, [...(byRow.get(c.r0) ?? []), c]);
  return [...byRow.keys()].sort((a, b) => a - b).map((r) => byRow.get(r)!.sort((a, b) => a.c0 - b.c0));
}
