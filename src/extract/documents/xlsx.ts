/**
 * Spreadsheets (.xlsx, and .xls through LibreOffice) → lines. Some counties attach the
 * statistical tables as a workbook (`统计表.xls`). Each sheet is read table by table (see
 * `sheetLines`), each as the grid it draws — merged ranges once, over the columns they span
 * and down the rows they cover — and listed as a ruled PDF table is (layout-grid.ts
 * `tableRows`): the cells that begin in each row, padding dropped. A row of one cell (a title,
 * a heading, a note) is a line of its own.
 */
import ExcelJS from 'exceljs';
import type { DocumentRead } from './index.js';
import { pipeLine, spanTableRows, type SpanCell } from './layout-grid.js';
import { officeConvert } from './office.js';
import { readCell } from '../values.js';
import { shownNumber } from './number-format.js';

/** Cells a sheet may hold before it is no report table (a data dump): larger sheets are refused. */
const MAX_CELLS = 200_000;

export async function readXlsx(bytes: Uint8Array, where: string, format: 'xlsx' | 'xls' = 'xlsx'): Promise<DocumentRead> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    return { ok: false, error: `${where}: ${format.toUpperCase()} is corrupt or not a workbook (${(err as Error).message})`, warnings: [] };
  }
  const lines: string[] = [];
  const warnings: string[] = [];
  for (const sheet of book.worksheets) {
    const rows = sheet.rowCount, cols = sheet.columnCount;
    // A hidden sheet (a template, last year's copy, a helper) is no part of what the workbook shows.
    if (sheet.state !== 'visible') { warnings.push(`${where}: sheet ${sheet.name} is hidden: not read`); continue; }
    if (rows * cols > MAX_CELLS) { warnings.push(`${where}: sheet ${sheet.name}: ${rows} × ${cols} cells, too large for a report table: not read`); continue; }
    lines.push(...sheetLines(shownSheet(sheet, rows, cols)));
  }
  const title = lines.find((l) => !l.startsWith('|')) ?? null;
  return { ok: true, format, pages: book.worksheets.length, text: lines.join('\n'), title, ocr: false, confidence: 1, warnings };
}

/** A legacy .xls: saved as XLSX by LibreOffice, then read as one. */
export async function readXls(bytes: Uint8Array, where: string, opts: { timeoutMs: number }): Promise<DocumentRead> {
  const converted = await officeConvert(bytes, 'xls', opts.timeoutMs);
  if (!converted.ok) {
    const hint = converted.why.startsWith('LibreOffice wrote no') ? ' (LibreOffice Calc, Debian\'s libreoffice-calc-nogui, reads .xls)' : '';
    return { ok: false, error: `${where}: XLS cannot be read: ${converted.why}${hint}`, warnings: [] };
  }
  return readXlsx(converted.bytes, where, 'xls');
}

interface Merge { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number }

/**
 * A sheet as it shows, read once: each cell's text and the merged range over it, by 1-based
 * row and column counted over the rows and columns shown.
 */
interface SheetText {
  readonly rowCount: number;
  readonly colCount: number;
  readonly merges: readonly Merge[];
  readonly text: (r: number, c: number) => string;
  readonly mergeAt: (r: number, c: number) => Merge | undefined;
}

/** A cell's text as the sheet shows it: a number (or a formula's numeric result) in its number format (number-format.ts). */
function shownText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : null;
  return n === null ? cell.text : shownNumber(n, cell.numFmt);
}

/**
 * The sheet without its hidden rows and columns: Excel neither shows nor prints them, and a
 * hidden helper column inside a table would give each row a value too many, a hidden row a
 * row the page does not have. A merge keeps the shown rows and columns it covers.
 */
function shownSheet(sheet: ExcelJS.Worksheet, rowCount: number, colCount: number): SheetText {
  const rows = [0], cols = [0]; // shown index → sheet index
  for (let r = 1; r <= rowCount; r++) if (!sheet.findRow(r)?.hidden) rows.push(r);
  for (let c = 1; c <= colCount; c++) if (!sheet.getColumn(c).hidden) cols.push(c);
  const rowAt = new Map(rows.map((r, i) => [r, i])), colAt = new Map(cols.map((c, i) => [c, i]));
  const shown = (at: Map<number, number>, from: number, to: number): number[] => {
    const out: number[] = [];
    for (let x = from; x <= to; x++) { const i = at.get(x); if (i) out.push(i); }
    return out;
  };
  const texts = new Map<number, Map<number, string>>();
  const put = (r: number, c: number, text: unknown): void => {
    const t = String(text ?? '').replace(/\s+/g, ' ').trim();
    if (t) (texts.get(r) ?? texts.set(r, new Map()).get(r)!).set(c, t);
  };
  sheet.eachRow((row, r) => row.eachCell((cell, c) => {
    const sr = rowAt.get(r), sc = colAt.get(c);
    if (sr && sc) put(sr, sc, shownText(cell));
  }));
  const merges = sheetMerges(sheet).flatMap((m): Merge[] => {
    const rs = shown(rowAt, m.top, m.bottom), cs = shown(colAt, m.left, m.right);
    if (!rs.length || !cs.length || rs.length * cs.length < 2) return [];
    // A merge whose first row or column is hidden still shows its text in what is left of it.
    if (!rowAt.has(m.top) || !colAt.has(m.left)) put(rs[0]!, cs[0]!, shownText(sheet.getCell(m.top, m.left)));
    return [{ top: rs[0]!, bottom: rs.at(-1)!, left: cs[0]!, right: cs.at(-1)! }];
  });
  const over = new Map<string, Merge>();
  for (const m of merges) for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) over.set(`${r},${c}`, m);
  return {
    rowCount: rows.length - 1, colCount: cols.length - 1, merges,
    text: (r, c) => texts.get(r)?.get(c) ?? '', mergeAt: (r, c) => over.get(`${r},${c}`),
  };
}

/**
 * A sheet's lines. A sheet often holds several tables one under another (tables A, B and C
 * pasted in turn) over columns as wide as the widest: each block of rows between empty rows
 * is read as a table of its own, as wide as its own cells and merges reach — else every row of
 * a narrow table would end in the wide table's empty columns, blanks the aligner might take
 * for its own.
 */
function sheetLines(cells: SheetText): string[] {
  const { rowCount, colCount, merges } = cells;
  // How far each row reaches: its last cell with text, or the right edge of a merge over it.
  const reach = (r: number): number => {
    let last = 0;
    for (let c = 1; c <= colCount; c++) if (cells.text(r, c)) last = c;
    for (const m of merges) if (r >= m.top && r <= m.bottom) last = Math.max(last, m.right);
    return last;
  };
  const reaches = Array.from({ length: rowCount + 1 }, (_, r) => (r ? reach(r) : 0));
  const out: string[] = [];
  for (let top = 1; top <= rowCount;) {
    if (!reaches[top]) { top++; continue; }
    let bottom = top;
    while (bottom + 1 <= rowCount && reaches[bottom + 1]) bottom++;
    const width = Math.max(...reaches.slice(top, bottom + 1));
    out.push(...blockLines(top, bottom, width, cells, reaches));
    top = bottom + 1;
  }
  return out;
}

/**
 * A block's rows, each as wide as its header: tables pasted with no empty row between them
 * share one block, and a row of a narrow table must not take the wide table's empty columns
 * for cells. A row ends where it or the nearest header row above it (two or more cells, all
 * words) last reaches; rows before any header take the block's width.
 */
function blockLines(top: number, bottom: number, width: number, { text, mergeAt }: SheetText, reaches: readonly number[]): string[] {
  const isHeader = (r: number): boolean => {
    const words = Array.from({ length: reaches[r]! }, (_, i) => text(r, i + 1)).filter(Boolean);
    return words.length >= 2 && words.every((w) => readCell(w).kind === 'text');
  };
  const rows: SpanCell[][] = [];
  let header = 0;
  for (let r = top; r <= bottom; r++) {
    if (isHeader(r)) header = r;
    const end = header ? Math.max(reaches[r]!, reaches[header]!) : width;
    const row: SpanCell[] = [];
    for (let c = 1; c <= end;) {
      const m = mergeAt(r, c);
      const span = m ? m.right - m.left + 1 : 1;
      row.push({ text: m && m.top < r ? '' : text(m?.top ?? r, m?.left ?? c), span, continues: !!m && m.top < r });
      c += span;
    }
    rows.push(row);
  }
  // A row of one cell (a title, a heading, a note) is a line of its own, not a table row.
  return spanTableRows(rows).map((texts) => (texts.length === 1 ? texts[0]! : pipeLine(texts)));
}

/** The sheet's merged ranges (1-based rows and columns). */
function sheetMerges(sheet: ExcelJS.Worksheet): Merge[] {
  const ranges = (sheet.model as { merges?: string[] }).merges ?? [];
  return ranges.flatMap((a) => {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(a);
    if (!m) return [];
    const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return [{ top: Number(m[2]), left: col(m[1]!), bottom: Number(m[4]), right: col(m[3]!) }];
  });
}
