/**
 * Tables without borders: rows are lines holding values apart from their label,
 * columns are where the values of a run of rows cluster, and label lines wrapped
 * around a row (no values, left of them, within a line) join it.
 */
import type { Cell, Line } from './layout-words.js';
import { readCell } from '../values.js';

export interface Row { line: Line; labels: Cell[]; values: Cell[]; extra: Line[] }

/** A value cell as values.ts reads it (OCR reads a dash as a lone 一). */
export const isValue = (s: string): boolean => { const k = readCell(s, { ocr: true }).kind; return k === 'number' || k === 'placeholder'; };

/** Rows among the lines, with their wrapped label fragments attached. */
export function streamRows(lines: readonly Line[]): Map<Line, Row> {
  const rows = new Map<Line, Row>();
  for (const l of lines) { const r = asRow(l); if (r) rows.set(l, r); }
  attachFragments(lines, rows);
  return rows;
}

/** A table row: at least one value cell standing apart from its label, or two values. */
function asRow(line: Line): Row | null {
  const values = line.cells.filter((c) => isValue(c.text));
  if (values.length === 0) return null;
  const firstValue = line.cells.findIndex((c) => isValue(c.text));
  const labels = line.cells.slice(0, firstValue);
  // Text after the first value (e.g. a unit or note) means prose, not a row.
  if (line.cells.slice(firstValue).some((c) => !isValue(c.text))) return null;
  if (values.length < 2 && labels.length === 0) return null;
  return { line, labels, values, extra: [] };
}

/** Column centres of a run of rows: value cells clustered by x-centre. */
export function columns(rows: Row[]): number[] {
  // Two values of one row are never one column, however close they are printed.
  const xs = rows.flatMap((r, i) => r.values.map((v) => ({ x: (v.x0 + v.x1) / 2, row: i }))).sort((a, b) => a.x - b.x);
  const cols: { sum: number; n: number; rows: Set<number> }[] = [];
  for (const { x, row } of xs) {
    const last = cols[cols.length - 1];
    if (last && x - last.sum / last.n <= 9 && !last.rows.has(row)) { last.sum += x; last.n++; last.rows.add(row); } else cols.push({ sum: x, n: 1, rows: new Set([row]) });
  }
  return cols.map((c) => c.sum / c.n);
}

export function nearest(cols: number[], x: number): number {
  let best = 0;
  for (let i = 1; i < cols.length; i++) if (Math.abs(cols[i]! - x) < Math.abs(cols[best]! - x)) best = i;
  return best;
}

/** Label cells of a row plus wrapped label fragments above/below, merged by column, with the cells of each. */
export function labelGroups(row: Row): { text: string; cells: Cell[] }[] {
  const all = [...row.labels, ...row.extra.flatMap((l) => l.cells)];
  const groups: Cell[][] = [];
  for (const c of all) {
    // Strict overlap: the columns of a table printed without padding touch but never overlap.
    const g = groups.find((g) => g.some((o) => c.x0 < o.x1 - 0.5 && o.x0 < c.x1 - 0.5));
    if (g) g.push(c); else groups.push([c]);
  }
  return groups
    .map((g) => ({ x: Math.min(...g.map((c) => c.x0)), cells: g, text: g.sort((a, b) => b.y - a.y || a.x0 - b.x0).map((c) => c.text).join('') }))
    .sort((a, b) => a.x - b.x);
}

// A line opening with an enumerator (一、 （二） 3. (4)) starts a label; a wrapped label's next line never does.
const ENUMERATOR = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[（(]?[①-⑳])/;
// A line citing an article of the 条例 (第二十条第（五）项) heads a block of table A: it is no label's part.
const ARTICLE = /^第[一二三四五六七八九十百零〇\d]+条/;

/**
 * Label lines wrapped around a value row (no values of their own, left of the values, within
 * two lines) join it. Between two rows, a line goes on the label above when the line before it
 * is full (text wraps only when a line runs out of room) and it opens with no enumerator;
 * else it begins the label of the row below. A line below its row and above none goes on
 * only where text wraps; an article heading goes on no label.
 */
function attachFragments(lines: readonly Line[], rows: Map<Line, Row>): void {
  const byPage = new Map<number, Line[]>();
  for (const l of lines) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l]);
  for (const pageLines of byPage.values()) {
    const sorted = [...pageLines].sort((a, b) => b.y - a.y);
    const pageRows = sorted.filter((l) => rows.has(l)).map((l) => rows.get(l)!);
    if (!pageRows.length) continue;
    // The right edge of the labels: a line reaching it (within about a character) is full.
    const labelEnd = Math.max(...pageRows.flatMap((r) => r.labels.map((c) => c.x1)));
    const full = (l: Line): boolean => { const last = l.cells[l.cells.length - 1]; return !!last && last.x1 >= labelEnd - 1.3 * last.h; };
    sorted.forEach((l, i) => {
      if (rows.has(l) || ARTICLE.test(l.text)) return;
      // Same type size as the row (a heading is bigger), within two lines, left of its values.
      const fits = (r: Row): boolean => Math.abs(l.h - r.line.h) <= 0.15 * r.line.h && Math.abs(r.line.y - l.y) <= 2.2 * r.line.h
        && l.cells.every((c) => c.x1 <= Math.min(...r.values.map((v) => v.x0)) + 1);
      const above = [...sorted.slice(0, i)].reverse().map((x) => rows.get(x)).find((r) => r) ?? null;
      const below = sorted.slice(i + 1).map((x) => rows.get(x)).find((r) => r) ?? null;
      const a = above && fits(above) ? above : null, b = below && fits(below) ? below : null;
      if (!a && !b) return;
      const prev = sorted[i - 1];
      let to: Row;
      if (!a || !b) {
        // A lone line below its row goes on the label only where text wraps: close under it, or after a full line.
        const wraps = !a || Math.abs(a.line.y - l.y) <= 1.5 * l.h || (!!prev && Math.abs(prev.y - l.y) <= 2.2 * l.h && full(prev));
        if (!wraps) return;
        to = (a ?? b)!;
      }
      else if (ENUMERATOR.test(l.text)) to = b;
      else if (prev && Math.abs(prev.y - l.y) <= 2.2 * l.h && full(prev)) to = a;
      else if (full(l)) to = b;
      else to = Math.abs(a.line.y - l.y) <= Math.abs(b.line.y - l.y) ? a : b;
      to.extra.push(l);
    });
  }
}

/** Rows of one table share the x-span of their values. */
export function overlaps(run: Row[], r: Row): boolean {
  const cols = columns(run);
  const x0 = Math.min(...r.values.map((v) => v.x0)), x1 = Math.max(...r.values.map((v) => v.x1));
  return x0 <= cols[cols.length - 1]! + 9 && x1 >= cols[0]! - 9;
}

/**
 * A column blank in every row of a run leaves no value to cluster: take the
 * column centres from the header above instead, when it explains every value column.
 */
export function withHeaderColumns(cols: number[], run: Row[], header: Line[]): number[] {
  const labelEnd = Math.max(0, ...run.flatMap((r) => [...r.labels, ...r.extra.flatMap((e) => e.cells)].map((c) => c.x1)));
  if (cols.length < 2) return cols;
  // Header cells left of the first value column by more than a column gap head the label column.
  const gap = Math.min(...cols.slice(1).map((c, i) => c - cols[i]!));
  const right = (l: Line): Cell[] => l.cells.filter((c) => (c.x0 + c.x1) / 2 > Math.max(labelEnd + 2, cols[0]! - gap * 1.5));
  // One header cell per column: every value column matches a distinct header cell.
  const fits = (cand: number[]): boolean => cand.length > cols.length && new Set(cols.map((c) => cand.findIndex((h) => Math.abs(h - c) <= 9))).size === cols.length && cols.every((c) => cand.some((h) => Math.abs(h - c) <= 9));
  const best = [...header].sort((a, b) => right(b).length - right(a).length)[0];
  if (best) {
    const cand = right(best).map((c) => (c.x0 + c.x1) / 2);
    if (fits(cand)) return cand;
  }
  return cols;
}
