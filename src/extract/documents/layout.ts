/**
 * Page layout → text: rebuild lines and table rows from positioned text (a PDF or
 * OFD text layer, or OCR words), as plain lines with each table row as ONE pipe
 * line for the shared aligner, and where each line sits. Page furniture is dropped
 * first (page-furniture.ts); ruled tables are read from their grid (layout-grid.ts),
 * others from text positions (layout-stream.ts); layout-render.ts writes the lines.
 * Pure; coordinates are PDF-style (y up).
 */
import { withoutFurniture } from './page-furniture.js';
import { gridTables } from './layout-grid.js';
import { render, type Block, type LinePlace } from './layout-render.js';
import { streamRows } from './layout-stream.js';
import { groupLines, wordsOf, type Line, type PageItems, type Rect } from './layout-words.js';

export type { PageItems, TextItem, Rule } from './layout-words.js';
export type { Box, LinePlace } from './layout-render.js';

export interface LaidOut { lines: string[]; title: string | null; places: LinePlace[]; warnings: string[] }

/** `cellGap`: the default gap, in glyph heights, that separates cells; a page may set its own. */
export function layoutPages(pages: readonly PageItems[], opts: { cellGap?: number } = {}): LaidOut {
  const gap = (p: PageItems): number => p.cellGap ?? opts.cellGap ?? 0.8;
  // Text beyond the page box is as cut off as text beyond a clip.
  const visible = (p: PageItems): Rect => p.clip ?? { x0: 0, y0: 0, x1: p.width, y1: p.height };
  const perPage = pages.map((p, i) => ({ height: p.height, lines: groupLines(wordsOf(p.items, visible(p)), i + 1, gap(p)) }));
  const kept = withoutFurniture(perPage);
  const blocks: Block[] = [];
  pages.forEach((p, i) => {
    // Furniture is gone; vertical words (never in lines) stay for the grid cells they sit in.
    const words = [...kept[i]!.flatMap((l) => l.words), ...wordsOf(p.items, visible(p)).filter((w) => w.vertical)];
    const { tables, rest } = gridTables(p.rules ?? [], words, i + 1, visible(p), p.ink);
    const pageBlocks: [number, Block][] = [
      ...groupLines(rest, i + 1, gap(p)).map((line) => [line.y, { kind: 'line', line }] as [number, Block]),
      ...tables.map((table) => [table.top, { kind: 'grid', table }] as [number, Block]),
    ];
    blocks.push(...pageBlocks.sort((a, b) => b[0] - a[0]).map(([, b]) => b));
  });
  const lines = blocks.flatMap((b) => (b.kind === 'line' ? [b.line] : []));
  const out = render(blocks, streamRows(lines), pages);
  return { lines: out.lines, title: titleOf(lines), places: out.places, warnings: out.warnings };
}

/** The biggest text near the top of page one, wrapped lines joined. */
function titleOf(lines: Line[]): string | null {
  const first = lines.filter((l) => l.page === 1).slice(0, 8);
  if (first.length === 0) return null;
  const big = Math.max(...first.map((l) => l.h));
  const title = first.filter((l) => l.h >= big - 0.5).map((l) => l.cells.map((c) => c.text).join('')).join('');
  return title || null;
}
