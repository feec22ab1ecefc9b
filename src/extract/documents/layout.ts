/**
 * Page layout → text: rebuild lines and table rows from positioned text items
 * (PDF text layer or OCR words). Pure; coordinates are PDF-style (y grows up).
 */
import { printedValue, readCell } from '../values.js';

export interface TextItem { str: string; x: number; y: number; w: number; h: number; vertical?: boolean }
export interface PageItems { width: number; height: number; items: TextItem[] }

interface Cell { text: string; x0: number; x1: number; y: number; h: number }
interface Line { page: number; y: number; h: number; cells: Cell[] }
interface Row { line: Line; labels: Cell[]; values: Cell[]; extra: Line[] }

const PAGE_NUMBER = /^[-—–－\s]*(第\s*)?\d+\s*(页)?(\s*\/\s*\d+)?[-—–－\s]*$/;

// Values as values.ts reads them (OCR reads a dash as a lone 一).
const isValue = (s: string): boolean => { const k = readCell(s, { ocr: true }).kind; return k === 'number' || k === 'placeholder'; };

/** Same baseline within half the smaller glyph height. */
function groupLines(items: TextItem[], page: number, cellGap: number): Line[] {
  // Stacked (vertical) group labels sit beside many rows; they label no single row.
  const sorted = items.filter((i) => !i.vertical && !(i.str.trim().length >= 2 && i.h > 2.5 * i.w)).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; h: number; items: TextItem[] }[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - it.y) <= 0.5 * Math.min(last.h, it.h || last.h)) last.items.push(it);
    else lines.push({ y: it.y, h: it.h || 10, items: [it] });
  }
  return lines.map((l) => ({ page, y: l.y, h: l.h, cells: splitCells(l.items, cellGap) }));
}

/** A gap wider than ~0.8 em starts a new cell; CJK runs are joined without spaces. */
function splitCells(items: TextItem[], cellGap: number): Cell[] {
  const cells: Cell[] = [];
  for (const it of [...items].sort((a, b) => a.x - b.x)) {
    const last = cells[cells.length - 1];
    const gap = last ? it.x - last.x1 : Infinity;
    if (last && gap <= Math.max(3, cellGap * Math.min(it.h || 10, last.h))) {
      const space = gap > 0.25 * it.h && /[A-Za-z0-9]$/.test(last.text) && /^[A-Za-z0-9]/.test(it.str) ? ' ' : '';
      last.text += space + it.str.trim();
      last.x1 = Math.max(last.x1, it.x + it.w);
    } else cells.push({ text: it.str.trim(), x0: it.x, x1: it.x + it.w, y: it.y, h: it.h || 10 });
  }
  return cells.filter((c) => c.text);
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

const pipe = (cells: string[]): string => `| ${cells.join(' | ')} |`;

/** Column centres of a run of rows: value cells clustered by x-centre. */
function columns(rows: Row[]): number[] {
  const xs = rows.flatMap((r) => r.values.map((v) => (v.x0 + v.x1) / 2)).sort((a, b) => a - b);
  const cols: { sum: number; n: number }[] = [];
  for (const x of xs) {
    const last = cols[cols.length - 1];
    if (last && x - last.sum / last.n <= 9) { last.sum += x; last.n++; } else cols.push({ sum: x, n: 1 });
  }
  return cols.map((c) => c.sum / c.n);
}

function nearest(cols: number[], x: number): number {
  let best = 0;
  for (let i = 1; i < cols.length; i++) if (Math.abs(cols[i]! - x) < Math.abs(cols[best]! - x)) best = i;
  return best;
}

/** Label cells of a row plus wrapped label fragments above/below, merged by column. */
function labelTexts(row: Row): string[] {
  const all = [...row.labels, ...row.extra.flatMap((l) => l.cells)];
  const groups: Cell[][] = [];
  for (const c of all) {
    const g = groups.find((g) => g.some((o) => c.x0 < o.x1 + 2 && o.x0 < c.x1 + 2));
    if (g) g.push(c); else groups.push([c]);
  }
  return groups
    .map((g) => ({ x: Math.min(...g.map((c) => c.x0)), text: g.sort((a, b) => b.y - a.y || a.x0 - b.x0).map((c) => c.text).join('') }))
    .sort((a, b) => a.x - b.x)
    .map((g) => g.text);
}

export interface LaidOut { lines: string[]; title: string | null }

/** `cellGap`: gap, in glyph heights, that separates cells (OCR word boxes sit further apart than text-layer runs). */
export function layoutPages(pages: PageItems[], opts: { cellGap?: number } = {}): LaidOut {
  const lines: Line[] = [];
  pages.forEach((p, i) => {
    const ls = groupLines(p.items, i + 1, opts.cellGap ?? 0.8);
    // Drop page numbers in the top/bottom margins.
    lines.push(...ls.filter((l) => !(l.cells.length <= 3 && PAGE_NUMBER.test(l.cells.map((c) => c.text).join('')) && (l.y < 0.1 * p.height || l.y > 0.9 * p.height))));
  });
  const rows = new Map<Line, Row>();
  for (const l of lines) { const r = asRow(l); if (r) rows.set(l, r); }
  attachFragments(lines, rows);
  return { lines: render(lines, rows), title: titleOf(lines) };
}

/** Label lines that wrap around a value row (no values of their own, just left of the values, within ~1 line) join it. */
function attachFragments(lines: Line[], rows: Map<Line, Row>): void {
  for (const l of lines) {
    if (rows.has(l)) continue;
    let best: Row | null = null;
    let bestDist = Infinity;
    for (const r of rows.values()) {
      if (r.line.page !== l.page) continue;
      const d = Math.abs(r.line.y - l.y);
      const firstValueX = Math.min(...r.values.map((v) => v.x0));
      if (d < bestDist && l.cells.every((c) => c.x1 <= firstValueX + 1)) { best = r; bestDist = d; }
    }
    if (best && bestDist <= 1.5 * l.h) best.extra.push(l);
  }
}

function render(lines: Line[], rows: Map<Line, Row>): string[] {
  const attached = new Set([...rows.values()].flatMap((r) => r.extra));
  const out: string[] = [];
  let run: Row[] = [];
  let above: Line[] = []; // plain lines since the last row: the next run's header candidates
  let header: Line[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    const cols = withHeaderColumns(columns(run), run, header);
    for (const r of run) {
      const vals: string[] = cols.map(() => '');
      for (const v of r.values) { const k = nearest(cols, (v.x0 + v.x1) / 2); const t = printedValue(v.text, { ocr: true }); vals[k] = vals[k] ? `${vals[k]} ${t}` : t; }
      out.push(pipe([...labelTexts(r), ...vals]));
    }
    run = [];
  };
  for (const l of lines) {
    if (attached.has(l)) continue;
    const r = rows.get(l);
    if (r) {
      if (run.length && (above.length > 0 || !overlaps(run, r))) flush();
      if (run.length === 0) header = above.filter((h) => h.page === r.line.page).slice(-8);
      above = [];
      run.push(r);
      continue;
    }
    // A table header repeated at the top of the next page: drop it, the table goes on.
    const text = l.cells.map((c) => c.text).join(' ');
    const last = run[run.length - 1];
    if (last && above.length === 0 && l.page > last.line.page && header.some((h) => h.cells.map((c) => c.text).join(' ') === text)) continue;
    flush();
    above.push(l);
    out.push(text);
  }
  flush();
  return out;
}

/** Rows of one table share the x-span of their values. */
function overlaps(run: Row[], r: Row): boolean {
  const cols = columns(run);
  const x0 = Math.min(...r.values.map((v) => v.x0)), x1 = Math.max(...r.values.map((v) => v.x1));
  return x0 <= cols[cols.length - 1]! + 9 && x1 >= cols[0]! - 9;
}

/**
 * A column blank in every row of a run leaves no value to cluster: take the
 * column centres from the header above instead, when it explains every value column.
 */
function withHeaderColumns(cols: number[], run: Row[], header: Line[]): number[] {
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

/** The biggest text near the top of page one, wrapped lines joined. */
function titleOf(lines: Line[]): string | null {
  const first = lines.filter((l) => l.page === 1).slice(0, 8);
  if (first.length === 0) return null;
  const big = Math.max(...first.map((l) => l.h));
  const title = first.filter((l) => l.h >= big - 0.5).map((l) => l.cells.map((c) => c.text).join('')).join('');
  return title || null;
}
