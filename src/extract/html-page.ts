/**
 * An HTML page as extraction reads it, built in one pass over the tokenizer's
 * events with explicit stacks (no recursion, linear in the page): the cells of
 * every innermost `<table>` on its span-expanded grid, the text around them as
 * prose runs, and the title. Layout tables (tables holding tables) read as prose,
 * one line per cell, so navigation never becomes cells of a report table.
 */
import { TABLE_B_COLUMNS, TABLE_B_ROWS, TABLE_C_COLUMNS, TABLE_C_GROUPS } from '../template/index.js';
import { scanHtml } from './html-scan.js';
import { InputTooLargeError } from './limits.js';

export interface HtmlCell { readonly text: string; readonly row: number; readonly col: number }
export interface HtmlTable { readonly index: number; readonly cells: readonly HtmlCell[] }
/** Prose text (lines separated by `\n`) or one innermost table, in page order. */
export type PageBlock = string | HtmlTable;

export interface HtmlPageParts {
  readonly title: string | null;
  readonly blocks: readonly PageBlock[];
  readonly tables: number;
  readonly warnings: readonly string[];
}

export interface HtmlPageLimits {
  /** Text content beyond this many characters fails the page (a report holds about 20,000). */
  readonly maxTextChars?: number;
}

/**
 * Spans larger than the template's tables are clamped: they only place cells on
 * the grid, and an absurd `colspan` must cost nothing.
 */
export const SPAN_LIMIT = {
  cols: Math.max(TABLE_C_GROUPS.length * TABLE_C_COLUMNS.length, 3 + TABLE_B_COLUMNS.length),
  rows: 3 + TABLE_B_ROWS.length,
} as const;

// Cell text keeps where blocks and <br>s were: joined (a header split over <p>s reads
// as one word) if the table is innermost, line breaks if it turns out to be layout.
const BLOCK = '\u0001';
const BR = '\u0002';
const MARKERS = /[\u0001\u0002]/g;

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'li', 'listing', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'ul', 'option', 'legend',
]);
const PRE = new Set(['pre', 'listing']);
const SECTIONS = new Set(['thead', 'tbody', 'tfoot']);

interface Cell { text: string; readonly row: number; readonly col: number }

/** `dst.push(...src)` without spreading: a layout table can hold more cells than a call has arguments. */
const append = <T>(dst: T[], src: readonly T[]): void => { for (const x of src) dst.push(x); };
type Item = Cell | PageBlock[];

interface TableState {
  readonly items: Item[];
  nested: boolean;
  foster: string;
  caption: boolean;
  row: number;
  inRow: boolean;
  col: number;
  cell: Cell | null;
  /** Columns still covered by a rowspan from a row above: column → rows left after the current one. */
  readonly below: Map<number, number>;
  clamped: boolean;
}

const newTable = (): TableState => ({
  items: [], nested: false, foster: '', caption: false, row: -1, inRow: false, col: 0, cell: null, below: new Map(), clamped: false,
});

const spanOf = (attrs: string, name: 'colspan' | 'rowspan'): number => {
  if (!attrs) return 1;
  const m = (name === 'colspan' ? /colspan\s*=\s*["']?\s*(\d+)/i : /rowspan\s*=\s*["']?\s*(\d+)/i).exec(attrs);
  return m ? Math.max(1, Number(m[1]) || 1) : 1;
};

export function readHtmlPage(html: string, limits: HtmlPageLimits = {}): HtmlPageParts {
  const maxText = limits.maxTextChars ?? Infinity;
  const out: PageBlock[] = [];
  const stack: TableState[] = [];
  const warnings: string[] = [];
  let prose = '';
  let title: string | null = null;
  let inTitle = false;
  let pre = 0;
  let chars = 0;
  let tableCount = 0;

  /** Where finished blocks go: the enclosing table's cell (it becomes layout), or the page. */
  const emit = (blocks: PageBlock[]): void => {
    const parent = stack[stack.length - 1];
    if (parent) { parent.items.push(blocks); return; }
    if (prose) { out.push(prose); prose = ''; }
    append(out, blocks);
  };
  const closeCell = (t: TableState): void => {
    if (t.cell) { t.items.push(t.cell); t.cell = null; }
  };
  const endRow = (t: TableState): void => {
    closeCell(t);
    if (!t.inRow) return;
    t.inRow = false;
    for (const [c, left] of t.below) { if (left <= 1) t.below.delete(c); else t.below.set(c, left - 1); }
  };
  const startRow = (t: TableState): void => {
    endRow(t);
    t.row++;
    t.col = 0;
    t.inRow = true;
  };
  const openCell = (t: TableState, attrs: string): void => {
    if (t.caption) t.caption = false;
    closeCell(t);
    if (!t.inRow) startRow(t);
    while (t.below.has(t.col)) t.col++;
    let cs = spanOf(attrs, 'colspan'), rs = spanOf(attrs, 'rowspan');
    if (cs > SPAN_LIMIT.cols || rs > SPAN_LIMIT.rows) {
      if (!t.clamped) warnings.push(`a table cell spans ${cs} columns × ${rs} rows: clamped to the template's ${SPAN_LIMIT.cols} × ${SPAN_LIMIT.rows}`);
      t.clamped = true;
      cs = Math.min(cs, SPAN_LIMIT.cols);
      rs = Math.min(rs, SPAN_LIMIT.rows);
    }
    t.cell = { text: '', row: t.row, col: t.col };
    if (rs > 1) for (let c = t.col; c < t.col + cs; c++) t.below.set(c, Math.max(t.below.get(c) ?? 0, rs));
    t.col += cs;
  };
  const closeTable = (): void => {
    const t = stack.pop()!;
    endRow(t);
    const blocks: PageBlock[] = t.foster.trim() ? [t.foster] : [];
    if (!t.nested) {
      const cells = (t.items as Cell[]).map((c) => ({ text: c.text.replace(MARKERS, (m) => (m === BR ? ' ' : '')), row: c.row, col: c.col }));
      blocks.push({ index: tableCount++, cells });
    } else {
      // A layout table: each cell's text as prose lines, tables inside it where they stand.
      for (const item of t.items) {
        if (Array.isArray(item)) append(blocks, item);
        else if (item.text) blocks.push(`\n${item.text.replace(MARKERS, '\n')}\n`);
      }
    }
    emit(blocks);
  };
  const openTable = (): void => {
    let parent = stack[stack.length - 1];
    // <table> straight inside a table (not in a cell) closes it, as browsers do.
    while (parent && (!parent.cell || parent.caption)) { closeTable(); parent = stack[stack.length - 1]; }
    if (parent) {
      parent.nested = true;
      const cell = parent.cell!;
      if (cell.text) { parent.items.push({ ...cell }); cell.text = ''; }
    } else if (prose) { out.push(prose); prose = ''; }
    stack.push(newTable());
  };
  /** A block boundary (or a line break) wherever the text currently goes. */
  const boundary = (br: boolean): void => {
    const t = stack[stack.length - 1];
    if (!t) prose += '\n';
    else if (t.cell && !t.caption) t.cell.text += br ? BR : BLOCK;
    else t.foster += '\n';
  };
  const addText = (s: string, raw: boolean): void => {
    chars += s.length;
    if (chars > maxText) throw new InputTooLargeError(`page holds more than ${maxText.toLocaleString('en')} characters of text, over the limit (raise it with --text-limit)`);
    const t = stack[stack.length - 1];
    const inCell = t !== undefined && t.cell !== null && !t.caption;
    // Outside <pre>, line breaks in the source are white space, as a browser shows them.
    if (raw) s = s.replace(/\r\n?/g, '\n');
    if (s.includes('\n') || s.includes('\r')) s = raw ? (inCell ? s.replace(/\n/g, BR) : s) : s.replace(/[\r\n]/g, ' ');
    if (!t) prose += s;
    else if (inCell) t.cell!.text += s;
    else t.foster += s;
  };

  scanHtml(html, {
    attributesOf: new Set(['td', 'th']),
    open(name, attrs) {
      const t = stack[stack.length - 1];
      switch (name) {
        case 'table': openTable(); return;
        case 'title': inTitle = true; return;
        case 'br': boundary(true); return;
        case 'td': case 'th': if (t) openCell(t, attrs); return;
        case 'tr': if (t) { t.caption = false; startRow(t); } return;
        case 'caption': if (t) { endRow(t); t.caption = true; } return;
      }
      if (t && SECTIONS.has(name)) { t.caption = false; endRow(t); return; }
      if (PRE.has(name)) pre++;
      if (BLOCKS.has(name)) boundary(false);
    },
    close(name) {
      const t = stack[stack.length - 1];
      switch (name) {
        case 'table': if (t) closeTable(); return;
        case 'title': inTitle = false; return;
        case 'br': boundary(true); return;
        case 'td': case 'th': if (t) closeCell(t); return;
        case 'tr': if (t) endRow(t); return;
        case 'caption': if (t) t.caption = false; return;
      }
      if (t && SECTIONS.has(name)) { endRow(t); return; }
      if (PRE.has(name)) pre = Math.max(0, pre - 1);
      if (BLOCKS.has(name)) boundary(false);
    },
    text(s, raw) {
      if (inTitle) { if (title === null) title = s; return; }
      addText(s.includes(BLOCK) || s.includes(BR) ? s.replace(MARKERS, ' ') : s, raw === true || pre > 0);
    },
  });
  while (stack.length) closeTable();
  if (prose) out.push(prose);
  return { title, blocks: out, tables: tableCount, warnings };
}
