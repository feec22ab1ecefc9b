/**
 * A report as a file (DOCX or PDF) with the same prose and tables as its HTML page: the
 * farm's attachments and any test that needs a document written the way offices write them.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import type { Cells, Layout } from './cells.js';
import { simplePdf, type PdfItem } from './pdf.js';
import { tableGrids, type Grid } from './tables.js';

export type AttachmentFormat = 'docx' | 'pdf';

/** What a printed report holds, in reading order around the three tables. */
export interface PrintedReport {
  title: string;
  /** The line under the title (body and date). */
  byline: string;
  /** The document's author property. */
  author: string;
  /** 一、总体情况 (lines before table A) and 五/六 (lines after table C). */
  before: readonly string[];
  after: readonly string[];
  layout: Layout;
  cells: Cells;
}

type Block = { p: string } | { table: Grid };

/** The report in reading order: title, prose, tables under their headings. */
function blocks(d: PrintedReport): Block[] {
  const g = tableGrids(d.layout, d.cells);
  const ps = (lines: readonly string[]): Block[] => lines.map((p) => ({ p }));
  return [
    { p: d.title }, { p: d.byline },
    ...ps(d.before),
    { p: '二、主动公开政府信息情况' }, { table: g.a },
    { p: '三、收到和处理政府信息公开申请情况' }, { table: g.b },
    { p: '四、政府信息公开行政复议、行政诉讼情况' }, { table: g.c },
    ...ps(d.after),
  ];
}

export async function reportDocx(d: PrintedReport): Promise<Buffer> {
  const children = blocks(d).map((b) => ('p' in b ? new Paragraph(b.p) : docxTable(b.table)));
  const doc = new Document({ creator: d.author, title: d.title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}

function docxTable(grid: Grid): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: grid.map((row) => new TableRow({
      children: row.map((td) => new TableCell({
        children: [new Paragraph(td.text)],
        ...(td.colspan ? { columnSpan: td.colspan } : {}),
        ...(td.rowspan ? { rowSpan: td.rowspan } : {}),
      })),
    })),
  });
}

// ---------------------------------------------------------------- PDF

const PAGE = { width: 842, height: 595, margin: 36 };
const SIZE = 7;
const LINE = 11;

/** Text width in points: CJK full width, ASCII half. */
const widthOf = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 256 ? 0.5 : 1), 0) * SIZE;

/** Column start of every cell, as a browser lays out rowspan/colspan. */
function place(grid: Grid): { row: number; col: number; span: number; text: string }[] {
  const taken: boolean[][] = [];
  const out: { row: number; col: number; span: number; text: string }[] = [];
  grid.forEach((cells, r) => {
    let c = 0;
    for (const td of cells) {
      while (taken[r]?.[c]) c++;
      const span = td.colspan ?? 1;
      for (let dr = 0; dr < (td.rowspan ?? 1); dr++) for (let dc = 0; dc < span; dc++) (taken[r + dr] ??= [])[c + dc] = true;
      out.push({ row: r, col: c, span, text: td.text });
      c += span;
    }
  });
  return out;
}

/** A table as positioned text: columns as wide as their longest single cell, each row one text line. */
function tableItems(grid: Grid, top: number): { items: PdfItem[]; height: number } {
  const cells = place(grid);
  const ncols = Math.max(...cells.map((c) => c.col + c.span));
  const widths = Array.from({ length: ncols }, (_v, i) => Math.max(28, ...cells.filter((c) => c.col === i && c.span === 1).map((c) => widthOf(c.text) + 8)));
  // A spanning cell wider than its columns widens the last of them.
  for (const c of cells.filter((x) => x.span > 1)) {
    const have = widths.slice(c.col, c.col + c.span).reduce((a, b) => a + b, 0);
    if (widthOf(c.text) + 8 > have) widths[c.col + c.span - 1]! += widthOf(c.text) + 8 - have;
  }
  const x0 = (i: number) => PAGE.margin + widths.slice(0, i).reduce((a, b) => a + b, 0);
  const items = cells.filter((c) => c.text).map((c) => ({ x: x0(c.col), y: top + c.row * LINE, text: c.text }));
  return { items, height: grid.length * LINE };
}

export function reportPdf(d: PrintedReport): Buffer {
  const pages: PdfItem[][] = [[]];
  let y = PAGE.margin;
  const room = (h: number) => {
    if (y + h > PAGE.height - PAGE.margin) { pages.push([]); y = PAGE.margin; }
  };
  const perLine = Math.floor((PAGE.width - 2 * PAGE.margin) / SIZE);
  for (const b of blocks(d)) {
    if ('p' in b) {
      for (let i = 0; i < b.p.length; i += perLine) {
        room(LINE);
        pages.at(-1)!.push({ x: PAGE.margin, y, text: b.p.slice(i, i + perLine) });
        y += LINE;
      }
    } else {
      const t = tableItems(b.table, 0);
      room(t.height);
      pages.at(-1)!.push(...t.items.map((it) => ({ ...it, y: it.y + y })));
      y += t.height + LINE;
    }
  }
  return simplePdf(pages, { width: PAGE.width, height: PAGE.height, fontSize: SIZE, title: d.title });
}
