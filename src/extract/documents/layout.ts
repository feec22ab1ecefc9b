/**
 * Page layout → text: rebuild lines and table rows from positioned text (a PDF or
 * OFD text layer, or OCR words), as plain lines with each table row as ONE pipe
 * line for the shared aligner. Ruled tables are read from their grid
 * (layout-grid.ts), others from text positions (layout-stream.ts); page furniture
 * is dropped first (page-furniture.ts). Pure; coordinates are PDF-style (y up).
 */
import { withoutFurniture } from './page-furniture.js';
import { continuation, gridTables, tableRows, type GridCell, type GridTable } from './layout-grid.js';
import { columns, labelTexts, nearest, overlaps, streamRows, withHeaderColumns, type Row } from './layout-stream.js';
import { groupLines, wordsOf, type Box, type Line, type PageItems } from './layout-words.js';

export type { PageItems, TextItem, Rule } from './layout-words.js';

export interface LaidOut { lines: string[]; title: string | null; warnings: string[] }

type Block = { kind: 'line'; line: Line } | { kind: 'grid'; table: GridTable };

/** `cellGap`: gap, in glyph heights, that separates cells (OCR word boxes sit further apart than text-layer runs). */
export function layoutPages(pages: readonly PageItems[], opts: { cellGap?: number } = {}): LaidOut {
  const cellGap = opts.cellGap ?? 0.8;
  // Text beyond the page box is as cut off as text beyond a clip.
  const visible = (p: PageItems): Box => p.clip ?? { x0: 0, y0: 0, x1: p.width, y1: p.height };
  const perPage = pages.map((p, i) => ({ height: p.height, lines: groupLines(wordsOf(p.items, visible(p)), i + 1, cellGap) }));
  const kept = withoutFurniture(perPage);
  const blocks: Block[] = [];
  pages.forEach((p, i) => {
    // Furniture is gone; vertical words (never in lines) stay for the grid cells they sit in.
    const words = [...kept[i]!.flatMap((l) => l.words), ...wordsOf(p.items, visible(p)).filter((w) => w.vertical)];
    const { tables, rest } = gridTables(p.rules ?? [], words, i + 1, visible(p));
    const lines = groupLines(rest, i + 1, cellGap);
    const pageBlocks: [number, Block][] = [
      ...lines.map((line) => [line.y, { kind: 'line', line }] as [number, Block]),
      ...tables.map((table) => [table.top, { kind: 'grid', table }] as [number, Block]),
    ];
    blocks.push(...pageBlocks.sort((a, b) => b[0] - a[0]).map(([, b]) => b));
  });
  const lines = blocks.flatMap((b) => (b.kind === 'line' ? [b.line] : []));
  const warnings: string[] = [];
  return { lines: render(blocks, streamRows(lines), warnings), title: titleOf(lines), warnings };
}

const pipe = (cells: string[]): string => `| ${cells.join(' | ')} |`;
/** A row whose end is cut off: no closing pipe, so nothing after its last cell reads as a blank. */
const openRow = (cells: string[]): string => `| ${cells.join(' | ')}`;
const rowText = (cells: { text: string }[]): string => cells.map((c) => c.text).join('\u0001');

function render(blocks: Block[], rows: Map<Line, Row>, warnings: string[]): string[] {
  const cutAt = new Set<number>();
  const noteCut = (page: number): void => {
    if (cutAt.has(page)) return;
    cutAt.add(page);
    warnings.push(`page ${page}: a table runs past the printed area; its cells beyond the edge are left out`);
  };
  const attached = new Set([...rows.values()].flatMap((r) => r.extra));
  const out: string[] = [];
  let run: Row[] = [];
  let above: Line[] = []; // plain lines since the last row: the next run's header candidates
  let header: Line[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    let cols = withHeaderColumns(columns(run), run, header);
    // Columns from the first one holding cut-off text on are not read (their values may be partial).
    const firstCut = cols.findIndex((_, k) => run.some((r) => r.values.some((v) => v.clipped && nearest(cols, (v.x0 + v.x1) / 2) === k)));
    if (firstCut >= 0) { cols = cols.slice(0, firstCut); noteCut(run[0]!.line.page); }
    for (const r of run) {
      const vals: string[] = cols.map(() => '');
      for (const v of r.values) {
        if (cols.length === 0) break;
        const k = nearest(cols, (v.x0 + v.x1) / 2);
        if (v.clipped || (firstCut >= 0 && (v.x0 + v.x1) / 2 > cols[cols.length - 1]! + 9)) continue;
        vals[k] = vals[k] ? `${vals[k]} ${v.text}` : v.text;
      }
      const labels = labelTexts(r);
      // A full row of values with no label reads the same as printed, space-separated.
      out.push(labels.length === 0 && vals.every(Boolean) && firstCut < 0 ? vals.join(' ') : (firstCut >= 0 ? openRow : pipe)([...labels, ...vals]));
    }
    run = [];
  };
  // Ruled tables going on over page breaks are one table: held until it ends, since the next
  // page may add to the cells of its last row.
  let chain: { head: GridCell[][]; rows: GridCell[][]; last: GridTable } | null = null;
  const flushChain = (): void => {
    if (!chain) return;
    for (const r of chain.rows) {
      // A row is read up to its first cell cut off by the edge of the printed area.
      const cut = r.findIndex((c) => c.clipped);
      if (cut >= 0) noteCut(chain.last.page);
      if (cut < 0) out.push(pipe(r.map((c) => c.text)));
      else if (cut > 0) out.push(openRow(r.slice(0, cut).map((c) => c.text)));
    }
    chain = null;
  };
  for (const b of blocks) {
    if (b.kind === 'grid') {
      flush();
      above = [];
      const t = b.table;
      if (chain && t.page === chain.last.page + 1) {
        const rows = rowsOf(continuation(chain.last, t) ?? t.cells);
        // The header printed again on the new page: drop the repeat, the table goes on.
        let skip = 0;
        while (skip < rows.length - 1 && skip < chain.head.length && rowText(rows[skip]!) === rowText(chain.head[skip]!)) skip++;
        chain.rows.push(...rows.slice(skip));
        chain.last = t;
        continue;
      }
      flushChain();
      chain = { head: tableRows(t), rows: tableRows(t), last: t };
      continue;
    }
    flushChain();
    const l = b.line;
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
    const last = run[run.length - 1];
    if (last && above.length === 0 && l.page > last.line.page && header.some((h) => h.text === l.text)) continue;
    flush();
    above.push(l);
    out.push(l.text);
  }
  flush();
  flushChain();
  return out;
}

/** Cells grouped by the row they begin in, in order. */
function rowsOf(cells: GridCell[]): GridCell[][] {
  const byRow = new Map<number, GridCell[]>();
  for (const c of cells) byRow.set(c.r0, [...(byRow.get(c.r0) ?? []), c]);
  return [...byRow.keys()].sort((a, b) => a - b).map((r) => byRow.get(r)!.sort((a, b) => a.c0 - b.c0));
}

/** The biggest text near the top of page one, wrapped lines joined. */
function titleOf(lines: Line[]): string | null {
  const first = lines.filter((l) => l.page === 1).slice(0, 8);
  if (first.length === 0) return null;
  const big = Math.max(...first.map((l) => l.h));
  const title = first.filter((l) => l.h >= big - 0.5).map((l) => l.cells.map((c) => c.text).join('')).join('');
  return title || null;
}
