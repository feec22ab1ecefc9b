/**
 * Ruled tables: when a page draws its table borders, the rules give the grid —
 * rows, columns, merged cells — and every word falls into one cell. Labels wrapped
 * over several lines, stacked header characters, blank cells, whole blank rows and
 * cells printed without padding all read as the table is drawn, with no guessing
 * from text positions. Tables without borders are left to the stream reader.
 */
import { inkIn, type Rect, type Rule, type Word } from './layout-words.js';
import type { InkMap } from './raster-rules.js';
import { APART, digitsAcross, readCell } from '../values.js';

/**
 * A ruled table on one page. Each cell spans grid rows r0..r1-1 and columns c0..c1-1;
 * `openTop`/`openBottom` say, per column, that no rule closes the table there (a page
 * break cut it, or a cell merged down over the break).
 */
export interface GridTable {
  page: number; top: number; bottom: number; x0: number; x1: number;
  xs: number[]; rowCount: number; cells: GridCell[];
  openTop: boolean[]; openBottom: boolean[];
}
/**
 * `clipped`: the cell runs past the visible area of the page, so its text may be cut off or missing.
 * `conf`: the lowest OCR confidence of its words; `unread`: OCR found no text where the image has ink.
 */
export interface GridCell {
  text: string; words: Word[]; clipped: boolean; r0: number; r1: number; c0: number; c1: number;
  conf?: number; unread?: boolean;
}

const TOL = 1.5; // rules this close are one line
const UNREAD_INK = 12; // dark pixels (at 200 dpi) that are more than specks: a glyph OCR missed
const COVER = 0.6; // an edge is ruled when rules cover this share of it
const MAX_LEVELS = 400;

interface Seg { at: number; from: number; to: number }

/** Tables found among a page's rules, with the words that fall inside them taken out of `words`. */
export function gridTables(rules: readonly Rule[], words: Word[], page: number, clip?: Rect, ink?: InkMap): { tables: GridTable[]; rest: Word[] } {
  const found = grids(rules).sort((a, b) => area(a) - area(b)); // a table nested in a cell takes its words first
  let rest = words;
  const tables: GridTable[] = [];
  for (const g of found) {
    const { table, outside } = fill(g, rest, page, clip, ink);
    rest = outside;
    if (table) tables.push(table);
  }
  return { tables: tables.sort((a, b) => b.top - a.top), rest };
}

function grids(rules: readonly Rule[]): Grid[] {
  const h = mergeSegs(rules.filter((r) => Math.abs(r.y1 - r.y0) < 0.5).map((r) => ({ at: (r.y0 + r.y1) / 2, from: r.x0, to: r.x1 })));
  const v = mergeSegs(rules.filter((r) => Math.abs(r.x1 - r.x0) < 0.5).map((r) => ({ at: (r.x0 + r.x1) / 2, from: r.y0, to: r.y1 })));
  return components(h, v).map((c) => grid(c.h, c.v)).filter((g): g is Grid => g !== null);
}

/** The boxes of the tables the rules draw (a grid of at least two columns). */
export function gridBoxes(rules: readonly Rule[]): Rect[] {
  return grids(rules).map((g) => ({ x0: g.xs[0]!, x1: g.xs[g.xs.length - 1]!, y0: g.ys[g.ys.length - 1]!, y1: g.ys[0]! }));
}

/** The box of every cell (merged cells as one) of the tables the rules draw. */
export function gridCellBoxes(rules: readonly Rule[]): Rect[] {
  return grids(rules).flatMap((g) => {
    const boxes = new Map<number, Rect>();
    g.region.forEach((cols, r) => cols.forEach((k, c) => {
      const b = boxes.get(k);
      const cell = { x0: g.xs[c]!, x1: g.xs[c + 1]!, y0: g.ys[r + 1]!, y1: g.ys[r]! };
      boxes.set(k, b ? { x0: Math.min(b.x0, cell.x0), x1: Math.max(b.x1, cell.x1), y0: Math.min(b.y0, cell.y0), y1: Math.max(b.y1, cell.y1) } : cell);
    }));
    return [...boxes.values()];
  });
}

/** Collinear pieces (each cell's own border) joined into lines. */
function mergeSegs(segs: Seg[]): Seg[] {
  const out: Seg[] = [];
  const sorted = [...segs].sort((a, b) => a.at - b.at || a.from - b.from);
  const levels: Seg[][] = [];
  for (const s of sorted) {
    const lv = levels[levels.length - 1];
    if (lv && Math.abs(lv[0]!.at - s.at) <= TOL) lv.push(s); else levels.push([s]);
  }
  for (const lv of levels) {
    const at = lv.reduce((n, s) => n + s.at, 0) / lv.length;
    const spans = lv.map((s) => ({ from: s.from, to: s.to })).sort((a, b) => a.from - b.from);
    let cur = { ...spans[0]! };
    for (const s of spans.slice(1)) {
      if (s.from <= cur.to + 2) cur.to = Math.max(cur.to, s.to);
      else { out.push({ at, ...cur }); cur = { ...s }; }
    }
    out.push({ at, ...cur });
  }
  return out;
}

/** Sets of horizontal and vertical lines that touch one another. */
function components(h: Seg[], v: Seg[]): { h: Seg[]; v: Seg[] }[] {
  const parent = [...h, ...v].map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  h.forEach((a, i) => v.forEach((b, j) => {
    if (b.at >= a.from - 2 && b.at <= a.to + 2 && a.at >= b.from - 2 && a.at <= b.to + 2) parent[find(i)] = find(h.length + j);
  }));
  const groups = new Map<number, { h: Seg[]; v: Seg[] }>();
  [...h, ...v].forEach((s, i) => {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    (i < h.length ? g.h : g.v).push(s);
    groups.set(find(i), g);
  });
  return [...groups.values()];
}

interface Grid { ys: number[]; xs: number[]; region: number[][]; h: Seg[]; v: Seg[] }
const area = (g: Grid): number => (g.xs[g.xs.length - 1]! - g.xs[0]!) * (g.ys[0]! - g.ys[g.ys.length - 1]!);

function levels(segs: Seg[], desc: boolean): number[] {
  const at = [...new Set(segs.map((s) => s.at))].sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of at) if (!out.length || x - out[out.length - 1]! > TOL) out.push(x);
  return desc ? out.reverse() : out;
}

const covered = (segs: Seg[], at: number, from: number, to: number): boolean => {
  let n = 0;
  for (const s of segs) if (Math.abs(s.at - at) <= TOL) n += Math.max(0, Math.min(s.to, to) - Math.max(s.from, from));
  return n >= COVER * (to - from);
};

/** Rows × columns between the lines, grid cells joined where no rule separates them. */
function grid(h: Seg[], v: Seg[]): Grid | null {
  // A table cut by a page break has no rule along the cut: its edge is where the cross rules end.
  const ends = (segs: Seg[]): Seg[] => segs.length ? [{ at: Math.min(...segs.map((s) => s.from)), from: 0, to: 0 }, { at: Math.max(...segs.map((s) => s.to)), from: 0, to: 0 }] : [];
  const ys = levels([...h, ...ends(v)], true), xs = levels([...v, ...ends(h)], false);
  if (ys.length < 2 || xs.length < 3 || ys.length > MAX_LEVELS || xs.length > MAX_LEVELS) return null; // one column: a framed paragraph
  const R = ys.length - 1, C = xs.length - 1;
  const id = (r: number, c: number): number => r * C + c;
  const parent = Array.from({ length: R * C }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
    if (c + 1 < C && !covered(v, xs[c + 1]!, ys[r + 1]!, ys[r]!)) parent[find(id(r, c + 1))] = find(id(r, c));
    if (r + 1 < R && !covered(h, ys[r + 1]!, xs[c]!, xs[c + 1]!)) parent[find(id(r + 1, c))] = find(id(r, c));
  }
  const region = Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => find(id(r, c))));
  return { ys, xs, region, h, v };
}

function fill(g: Grid, words: Word[], page: number, clip?: Rect, ink?: InkMap): { table: GridTable | null; outside: Word[] } {
  const { ys, xs, region } = g;
  const R = ys.length - 1, C = xs.length - 1;
  const openTop = xs.slice(0, -1).map((x, c) => !covered(g.h, ys[0]!, x, xs[c + 1]!));
  const openBottom = xs.slice(0, -1).map((x, c) => !covered(g.h, ys[R]!, x, xs[c + 1]!));
  const inCell = new Map<number, Word[]>();
  const outside: Word[] = [];
  for (const w of words.flatMap((w) => splitAtRules(w, g))) {
    const cx = (w.x0 + w.x1) / 2, cy = w.vertical ? w.y + w.h / 2 : w.y + 0.35 * w.h;
    const c = xs.findIndex((x, i) => i < C && cx >= x && cx < xs[i + 1]!);
    let r = ys.findIndex((y, i) => i < R && cy <= y && cy > ys[i + 1]!);
    // Across an open edge a cell's text may run past where its rules stop (a row split by a
    // page break): a word whose glyphs reach into the table belongs to the edge row.
    if (r < 0 && c >= 0 && !w.vertical) {
      if (openBottom[c] && cy <= ys[R]! && w.y + 0.85 * w.h > ys[R]!) r = R - 1;
      else if (openTop[c] && cy > ys[0]! && w.y - 0.15 * w.h < ys[0]!) r = 0;
    }
    if (r < 0 || c < 0) { outside.push(w); continue; }
    const k = region[r]![c]!;
    inCell.set(k, [...(inCell.get(k) ?? []), w]);
  }
  if (inCell.size === 0) return { table: null, outside };
  const beyond = cutCells(g, clip, [...inCell.values()].flat());
  const spans = new Map<number, { r0: number; r1: number; c0: number; c1: number; cut: boolean }>();
  region.forEach((cols, r) => cols.forEach((k, c) => {
    const s = spans.get(k);
    if (!s) spans.set(k, { r0: r, r1: r + 1, c0: c, c1: c + 1, cut: beyond(r, c) });
    else { s.r1 = Math.max(s.r1, r + 1); s.c1 = Math.max(s.c1, c + 1); s.c0 = Math.min(s.c0, c); s.cut ||= beyond(r, c); }
  }));
  const cells = [...spans].map(([k, s]) => {
    const ws = inCell.get(k) ?? [];
    const confs = ws.flatMap((w) => (w.conf === undefined ? [] : [w.conf]));
    // An empty cell of a scan is empty only if the image is too: ink there is text OCR did not read.
    const m = 2;
    const unread = !!ink && ws.length === 0 && inkIn(ink, { x0: xs[s.c0]! + m, x1: xs[s.c1]! - m, y0: ys[s.r1]! + m, y1: ys[s.r0]! - m }) > UNREAD_INK;
    return {
      text: cellText(ws), words: ws, clipped: s.cut || ws.some((w) => w.clipped), r0: s.r0, r1: s.r1, c0: s.c0, c1: s.c1,
      ...(confs.length ? { conf: Math.min(...confs) } : {}), ...(unread ? { unread } : {}),
    };
  }).sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  return { table: { page, top: ys[0]!, bottom: ys[R]!, x0: xs[0]!, x1: xs[C]!, xs, rowCount: R, cells, openTop, openBottom }, outside };
}

/**
 * A word running across a column rule is text of two cells read as one (OCR joins the
 * digits of neighbouring cells once their border is gone): split it where the rule
 * crosses it, each character taking an equal share of the word's width.
 */
function splitAtRules(w: Word, g: Grid): Word[] {
  const chars = [...w.text];
  if (w.vertical || chars.length < 2) return [w];
  const { xs, ys } = g;
  const cy = w.y + 0.35 * w.h;
  const r = ys.findIndex((y, i) => i + 1 < ys.length && cy <= y && cy > ys[i + 1]!);
  if (r < 0) return [w];
  const per = (w.x1 - w.x0) / chars.length;
  // Where each character sits: from the reader when it knows, else equal shares of the width.
  const spans = w.chars ?? chars.map((_, i) => ({ x0: w.x0 + i * per, x1: w.x0 + (i + 1) * per }));
  const centre = (i: number): number => (spans[i]!.x0 + spans[i]!.x1) / 2;
  // Rules strictly inside the word, with characters on both sides.
  const cuts = xs.filter((x) => centre(0) < x && centre(chars.length - 1) > x && covered(g.v, x, ys[r + 1]!, ys[r]!));
  if (!cuts.length) return [w];
  const out: Word[] = [];
  let from = 0;
  for (const x of [...cuts, Infinity]) {
    let to = from;
    while (to < chars.length && centre(to) < x) to++;
    if (to > from) out.push({ ...w, text: chars.slice(from, to).join(''), x0: spans[from]!.x0, x1: spans[to - 1]!.x1, chars: spans.slice(from, to) });
    from = to;
  }
  return out;
}

/**
 * Which grid cells the edge of the visible area cuts: those past it, and, when the table is cut
 * at an edge it reaches (a word there is cut off, or its rules run on past it), those at that
 * edge. A table that merely fits the print area (shrunk to fit) ends on its edge uncut.
 */
function cutCells(g: Grid, clip: Rect | undefined, words: Word[]): (r: number, c: number) => boolean {
  const { xs, ys } = g;
  const R = ys.length - 1, C = xs.length - 1;
  // A side no rule closes is where the cross rules end. With the other side closed, that is where
  // the table was cut (printed past the margin, then scanned), not where it ends: the edge
  // column's cells may have lost their text.
  const open = (segs: Seg[], at: number): boolean => !segs.some((s) => Math.abs(s.at - at) <= TOL);
  const openLeft = open(g.v, xs[0]!), openRight = open(g.v, xs[C]!);
  const cutLeft = openLeft && !openRight, cutRight = openRight && !openLeft;
  if (!clip) return (_r, c) => (cutLeft && c === 0) || (cutRight && c === C - 1);
  const clipped = words.some((w) => w.clipped);
  const left = cutLeft || (xs[0]! <= clip.x0 + 1 && (clipped || g.h.some((s) => s.from < clip.x0 - 1)));
  const right = cutRight || (xs[C]! >= clip.x1 - 1 && (clipped || g.h.some((s) => s.to > clip.x1 + 1)));
  const bottom = ys[R]! <= clip.y0 + 1 && (clipped || g.v.some((s) => s.from < clip.y0 - 1));
  const top = ys[0]! >= clip.y1 - 1 && (clipped || g.v.some((s) => s.to > clip.y1 + 1));
  return (r, c) => xs[c]! < clip.x0 - 1 || xs[c + 1]! > clip.x1 + 1 || ys[r + 1]! < clip.y0 - 1 || ys[r]! > clip.y1 + 1
    || (left && c === 0) || (right && c === C - 1) || (top && r === 0) || (bottom && r === R - 1);
}

/**
 * A table cell as Word and spreadsheets write it: its text, the grid columns it spans, and
 * whether it goes on a merge from the row above; or, `absent`, grid columns the row leaves
 * without a cell (Word's gridBefore/gridAfter: a row indented or ended short), which shift the
 * cells after them.
 */
export interface SpanCell { readonly text: string; readonly span: number; readonly continues: boolean; readonly absent?: boolean }

/** Widest span read (grid columns; Word's own limit of a table's columns): a file claiming more must not size the grid. */
const MAX_SPAN = 63;

/**
 * A table given row by row as cells with spans (a Word table, a spreadsheet) as the grid it
 * draws: each cell once, over the grid columns it spans and down the rows its vertical merge
 * covers — the form a ruled PDF table takes, so `tableRows` reads both alike.
 */
export function gridFromSpans(rows: readonly (readonly SpanCell[])[]): GridTable {
  const cells: GridCell[] = [];
  let width = 0;
  let open = new Map<number, GridCell>(); // by first grid column: the cell a merge below would go on
  rows.forEach((row, r) => {
    let c = 0;
    const next = new Map<number, GridCell>();
    for (const given of row) {
      const w = given.span > MAX_SPAN ? { ...given, span: MAX_SPAN } : given;
      if (w.absent) { c += w.span; continue; }
      const above = w.continues ? open.get(c) : undefined;
      if (above && above.c1 === c + w.span) { above.r1 = r + 1; next.set(c, above); } else {
        const cell: GridCell = { text: w.continues ? '' : w.text, words: [], clipped: false, r0: r, r1: r + 1, c0: c, c1: c + w.span };
        cells.push(cell);
        next.set(c, cell);
      }
      c += w.span;
    }
    width = Math.max(width, c);
    open = next;
  });
  const xs = Array.from({ length: width + 1 }, (_, i) => i);
  const none = xs.slice(1).map(() => false);
  return { page: 0, top: 0, bottom: 0, x0: 0, x1: width, xs, rowCount: rows.length, cells, openTop: none, openBottom: [...none] };
}

/** A row of cell texts as the pipe line every reader writes for the aligner. */
export const pipeLine = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/**
 * The rows of a table given with spans, as `tableRows` lists them (padding dropped), each as its
 * cell texts (a `|` in a text written `｜`, as `cellText` writes one; the tokeniser still reads
 * either as a cell wall, so such a cell is split); rows with no text left out.
 */
export function spanTableRows(rows: readonly (readonly SpanCell[])[]): string[][] {
  return tableRows(gridFromSpans(rows)).map((r) => r.map((c) => c.text.replace(/\|/g, '｜').trim())).filter((r) => r.some(Boolean));
}

/**
 * Each row lists the cells that begin in it, left to right (as HTML lists them) — but
 * none of a padding column: one whose every cell is its own and blank, header rows
 * included (an empty column closing a Word table). Such a column has no header: it is
 * no column of the report, and a row read with it would have a blank too many, which
 * the aligner might take for a cell.
 */
export function tableRows(t: GridTable): GridCell[][] {
  const rows: GridCell[][] = Array.from({ length: t.rowCount }, () => []);
  for (const c of withoutPadding(t, t.cells)) rows[c.r0]!.push(c);
  return rows.filter((r) => r.length);
}

/**
 * `cells` of `t` (all of them, or what a continuation left) without those of its padding
 * columns. A table going on from the page before has no header of its own, so a column
 * blank in it is padding only where the table's first part has padding (`headPadding`:
 * those columns' x-ranges) — else it is a column whose cells happen to be blank here.
 */
export function withoutPadding(t: GridTable, cells: readonly GridCell[], headPadding?: readonly (readonly [number, number])[]): GridCell[] {
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 2;
  const padding = [...paddingColumns(t)].filter((c) => !headPadding || headPadding.some(([x0, x1]) => same(x0, t.xs[c]!) && same(x1, t.xs[c + 1]!)));
  const inBands = bandPadding(t);
  return cells.filter((c) => !(c.c1 - c.c0 === 1 && padding.includes(c.c0)) && !inBands.has(c));
}

/**
 * The padding of a ragged table's blocks. A table whose blocks differ in width (table A printed
 * as one HTML table: three value columns, then one) puts each block's closing empty cell in
 * another column of the grid, so no whole column is padding, and a row read with its block's
 * padding has a blank too many — one the aligner may drop in the wrong place. A band of rows
 * cut alike (the same cells over the same columns) whose header row names every column but
 * the last, and whose last cell is blank and its own in every row, is closed by padding.
 */
function bandPadding(t: GridTable): Set<GridCell> {
  const out = new Set<GridCell>();
  const byRow: GridCell[][] = Array.from({ length: t.rowCount }, () => []);
  for (const c of t.cells) for (let r = c.r0; r < c.r1; r++) byRow[r]!.push(c);
  for (const cs of byRow) cs.sort((a, b) => a.c0 - b.c0);
  const cut = byRow.map((cs) => cs.map((c) => `${c.c0}-${c.c1}`).join(','));
  const own = (c: GridCell | undefined): c is GridCell => !!c && c.r1 - c.r0 === 1 && !c.text.trim() && !c.unread && !c.clipped;
  for (let a = 0, b = 1; a < t.rowCount; a = b, b = a + 1) {
    while (b < t.rowCount && cut[b] === cut[a]) b++;
    const band = byRow.slice(a, b);
    const lasts = band.map((cs) => cs.at(-1));
    const header = band.some((cs) => cs.length >= 3 && cs.slice(0, -1).every((c) => readCell(c.text).kind === 'text'));
    if (band.length >= 2 && header && lasts.every(own)) for (const c of lasts) out.add(c as GridCell);
  }
  return out;
}

/** The x-ranges of a table's padding columns. */
export const paddingXs = (t: GridTable): [number, number][] => [...paddingColumns(t)].map((c) => [t.xs[c]!, t.xs[c + 1]!]);

function paddingColumns(t: GridTable): Set<number> {
  const out = new Set<number>();
  for (let col = 0; col < t.xs.length - 1; col++) {
    const touching = t.cells.filter((c) => c.c0 <= col && col < c.c1);
    // A cut edge column lost its text to the cut: it is no padding (its cells are clipped).
    if (touching.length && touching.every((c) => c.c1 - c.c0 === 1 && !c.text.trim() && !c.unread && !c.clipped)) out.add(col);
  }
  return out;
}

/**
 * `next` goes on from `prev` over a page break when the columns line up and `prev` is open at
 * its foot: then each cell of `next`'s first row that is open at its head is the rest of the
 * cell above it on the previous page (a row split by the break, or a cell merged down over it)
 * and its text joins that cell. Returns the cells of `next` that remain, or null if `next` is
 * a table of its own.
 */
export function continuation(prev: GridTable, next: GridTable): GridCell[] | null {
  if (next.page !== prev.page + 1 || !prev.openBottom.some(Boolean) || !next.openTop.some(Boolean)) return null;
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 2;
  const rest: GridCell[] = [];
  let joined = 0;
  for (const c of next.cells) {
    const open = c.r0 === 0 && next.openTop.slice(c.c0, c.c1).every(Boolean);
    const above = open ? prev.cells.find((p) => p.r1 === prev.rowCount && prev.openBottom.slice(p.c0, p.c1).every(Boolean)
      && same(prev.xs[p.c0]!, next.xs[c.c0]!) && same(prev.xs[p.c1]!, next.xs[c.c1]!)) : undefined;
    if (!above) { rest.push(c); continue; }
    above.text = joinLines(above.text, c.text);
    above.clipped ||= c.clipped;
    joined++;
  }
  return joined ? rest : null;
}

/** Words of one cell in reading order: lines top to bottom; wrapped CJK joins without a space. */
export function cellText(words: readonly Word[]): string {
  const lines: Word[][] = [];
  for (const w of [...words].sort((a, b) => b.y - a.y || a.x0 - b.x0)) {
    const last = lines[lines.length - 1];
    if (last && !w.vertical && !last[0]!.vertical && Math.abs(last[0]!.y - w.y) <= 0.5 * Math.min(last[0]!.h, w.h)) last.push(w);
    else lines.push([w]);
  }
  return lines
    .map((l) => l.sort((a, b) => a.x0 - b.x0).reduce((s, w, i) => (i > 0 && (w.spaced || w.x0 - l[i - 1]!.x1 > 0.25 * w.h) ? joinWords(s, w.text) : s + w.text), ''))
    .reduce(joinLines, '')
    .replace(/\|/g, '｜');
}

/**
 * Wrapped lines of a cell: CJK joins directly; Latin words and numbers keep a space between them.
 * Digits above digits are two numbers stacked in the cell or one broken over two lines, which the
 * cell does not say: kept apart with a broken bar, the cell holds its column and states no value
 * (read `1 2`, they were two values and moved the row's later ones a column).
 */
export const joinLines = (a: string, b: string): string => (!a || !b ? a + b : digitsAcross(a, b) ? `${a}${APART}${b}`
  : /[A-Za-z0-9.%]$/.test(a) && /^[A-Za-z0-9+\-]/.test(b) ? `${a} ${b}` : a + b);
const joinWords = (a: string, b: string): string => (/[\u3000-\u9fff\uff00-\uffef]$/.test(a) && /^[\u3000-\u9fff\uff00-\uffef]/.test(b) ? a + b : `${a} ${b}`);
