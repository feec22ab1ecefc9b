/**
 * An HTML page as extraction reads it, built in one pass over the tokenizer's
 * events with explicit stacks (no recursion, linear in the page): the cells of
 * every innermost `<table>` on its span-expanded grid, the text around them as
 * prose runs, and the title. Layout tables (tables holding tables) read as prose,
 * one line per cell, so navigation never becomes cells of a report table.
 * Everything keeps where it came from in the page: a cell its `<td>` element,
 * prose its text runs (see `sourceRange`).
 */
import { TABLE_B_COLUMNS, TABLE_B_ROWS, TABLE_C_COLUMNS, TABLE_C_GROUPS } from '../template/index.js';
import { scanHtml, type ScanHandler } from './html-scan.js';
import { InputTooLargeError } from './limits.js';
import { attributesHide, attributeValue, HIDEABLE, zeroSizeText } from './html-hidden.js';
import { PageStyles } from './html-stylesheet.js';
import { decodeHTML } from 'entities';
import { APART, DIGIT_CLASS } from './values.js';

export interface HtmlCell {
  readonly text: string;
  readonly row: number;
  readonly col: number;
  /** The cell's element in the page: [start of `<td`, end of `</td>` or of where it was implicitly closed). */
  readonly start: number;
  readonly end: number;
  /** Rows the cell spans down (`rowspan`), when more than one. */
  readonly rows?: number;
}
export interface HtmlTable { readonly index: number; readonly cells: readonly HtmlCell[] }
/**
 * Prose: lines separated by `\n`, and where its characters came from: flat
 * quadruples (index in `text`, start, end in the page, 1 if the run is the page's
 * text character for character else 0), one per text run, in order.
 */
export interface ProseBlock { readonly text: string; readonly runs: readonly number[] }
export type PageBlock = ProseBlock | HtmlTable;

export const isTable = (b: PageBlock): b is HtmlTable => 'cells' in b;

export interface HtmlPageParts {
  readonly title: string | null;
  /** The text of the page's links (<a>), as printed: lists of other reports, breadcrumbs, 上一篇. */
  readonly links: readonly string[];
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

/** Rowspans are tracked this far across: no template table is a quarter as wide, and a row of thousands costs nothing. */
const GRID_COLS = 4 * SPAN_LIMIT.cols;

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

// Blocks or <br>s in a cell between two digits: two numbers stacked (`<p>1</p><p>2</p>`, `1<br>2`),
// or one number a converter broke over two lines — which, the page does not say. Joined they
// read 12, set apart two values (each moving the row's later values a column): they are kept
// together with a broken bar, a cell that prints no value as it stands (values.ts
// `isMarkedNumber`), its column held.
const STACKED = new RegExp(String.raw`(?<=[${DIGIT_CLASS}])[\s\u00a0]*[\u0001\u0002][\s\u00a0\u0001\u0002]*(?=[${DIGIT_CLASS}])`, 'g');

/** A cell's text: blocks joined (a header split over <p>s reads as one word), <br>s as spaces, stacked digits apart. */
const cellText = (raw: string): string => raw.replace(STACKED, APART).replace(MARKERS, (m) => (m === BR ? ' ' : ''));

/** Text being collected, with its runs' places in the page. */
class Buf {
  text = '';
  runs: number[] = [];
  add(s: string, start: number, end: number, exact: boolean): void {
    this.runs.push(this.text.length, start, end, exact ? 1 : 0);
    this.text += s;
  }
  mark(s: string): void { this.text += s; }
  /** The collected text as prose, its markers as line breaks. */
  block(): ProseBlock { return { text: this.text.replace(MARKERS, '\n'), runs: this.runs }; }
  get empty(): boolean { return this.text.length === 0; }
}

interface Cell { buf: Buf; readonly row: number; readonly col: number; readonly start: number; end: number; readonly rows: number }
/**
 * Finished blocks, nested as the tables were: a layout table's blocks hold its inner
 * tables' blocks by reference, so ten thousand nested layout tables cost no copying.
 * Flattened once, iteratively, when they reach the page.
 */
type Blocks = (PageBlock | Blocks)[];
type Item = Cell | Blocks;

interface TableState {
  readonly items: Item[];
  nested: boolean;
  readonly foster: Buf;
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
  items: [], nested: false, foster: new Buf(), caption: false, row: -1, inRow: false, col: 0, cell: null, below: new Map(), clamped: false,
});

const spanOf = (attrs: string, name: 'colspan' | 'rowspan'): number => {
  if (!attrs) return 1;
  const m = (name === 'colspan' ? /colspan\s*=\s*["']?\s*(\d+)/i : /rowspan\s*=\s*["']?\s*(\d+)/i).exec(attrs);
  return m ? Math.max(1, Number(m[1]) || 1) : 1;
};

/** Appends the blocks of a nest in order, with an explicit stack (no recursion, no spreading). */
function flattenInto(out: PageBlock[], blocks: Blocks): void {
  const stack: { list: Blocks; at: number }[] = [{ list: blocks, at: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.at >= top.list.length) { stack.pop(); continue; }
    const x = top.list[top.at++]!;
    if (Array.isArray(x)) stack.push({ list: x, at: 0 }); else out.push(x);
  }
}

const CELL_TAGS: ReadonlySet<string> = new Set(['td', 'th']);
const TABLE_SECTIONS: ReadonlySet<string> = new Set(['table', 'thead', 'tbody', 'tfoot']);

/**
 * An element being skipped because the page hides it (html-hidden.ts): its name, how many
 * elements of that name are open (itself included), and how many tables and blocks opened
 * inside it are still open (their cells, rows and ends do not end it).
 */
interface Hidden { readonly name: string; depth: number; tables: number; blocks: number }

/** Elements whose attributes the reader looks at: those a page may hide, and text fields (their value is their text). */
const ATTRIBUTES_READ: ReadonlySet<string> = new Set([...HIDEABLE, 'input']);

// Links kept for the title search: a report's title is shorter than this, and a page lists fewer.
const LINK_CHARS = 120;
const MAX_LINKS = 2000;

/** The scanner's handler that builds the page: tables on a stack, text in whatever buffer is open. */
class PageReader implements ScanHandler {
  readonly attributesOf = ATTRIBUTES_READ;
  readonly out: PageBlock[] = [];
  readonly warnings: string[] = [];
  title: string | null = null;
  tables = 0;
  private readonly stack: TableState[] = [];
  private prose = new Buf();
  private inTitle = false;
  // The links read so far and the text of the one open: bounded, for a page of ten thousand links.
  readonly links: string[] = [];
  private link: string | null = null;
  private pre = 0;
  private chars = 0;
  private hidden: Hidden | null = null;

  constructor(private readonly maxText: number, private readonly styles: PageStyles | null, private readonly html: string) {}

  open(name: string, attrs: string, start: number, end: number): void {
    const t = this.stack[this.stack.length - 1];
    if (this.hidden && !this.endsHidden(name, true)) return;
    if (HIDEABLE.has(name) && (attributesHide(name, attrs, !!t?.cell, this.styles)
      || (attrs.includes('font-size') && zeroSizeText(name, attributeValue(attrs, 'style'), !!t?.cell, this.html, end)))) {
      this.hide(t, name, start);
      return;
    }
    switch (name) {
      case 'table': this.openTable(start); return;
      case 'title': this.inTitle = true; return;
      case 'a': this.link = ''; return;
      case 'br': this.boundary(true); return;
      case 'input': this.inputValue(attrs, start, end); return;
      case 'td': case 'th': if (t) this.openCell(t, attrs, start); return;
      case 'tr': if (t) { t.caption = false; this.startRow(t, start); } return;
      case 'caption': if (t) { this.endRow(t, start); t.caption = true; } return;
    }
    if (t && SECTIONS.has(name)) { t.caption = false; this.endRow(t, start); return; }
    if (PRE.has(name)) this.pre++;
    if (BLOCKS.has(name)) this.boundary(false);
  }

  close(name: string, start: number, end: number): void {
    const t = this.stack[this.stack.length - 1];
    if (this.hidden && !this.endsHidden(name, false)) return;
    switch (name) {
      case 'table': if (t) this.closeTable(end); return;
      case 'title': this.inTitle = false; return;
      case 'a': this.closeLink(); return;
      case 'br': this.boundary(true); return;
      case 'td': case 'th': if (t) this.closeCell(t, end); return;
      case 'tr': if (t) this.endRow(t, start); return;
      case 'caption': if (t) t.caption = false; return;
    }
    if (t && SECTIONS.has(name)) { this.endRow(t, start); return; }
    if (PRE.has(name)) this.pre = Math.max(0, this.pre - 1);
    if (BLOCKS.has(name)) this.boundary(false);
  }

  text(s: string, start: number, end: number, exact: boolean, raw: boolean): void {
    if (this.hidden) return;
    if (this.inTitle) { if (this.title === null) this.title = s; return; }
    this.chars += s.length;
    if (this.chars > this.maxText) {
      throw new InputTooLargeError(`page holds more than ${this.maxText.toLocaleString('en')} characters of text, over the limit (raise it with --text-limit)`);
    }
    if (s.includes(BLOCK) || s.includes(BR)) s = s.replace(MARKERS, ' ');
    if (this.link !== null && this.link.length < LINK_CHARS) this.link += s;
    const { buf, cell } = this.target();
    // Outside <pre>, line breaks in the source are white space, as a browser shows them.
    // Replacing one character by one keeps an exact run exact.
    if (s.includes('\r') || s.includes('\n')) {
      s = raw || this.pre > 0 ? s.replace(/\r/g, ' ').replace(/\n/g, cell ? BR : '\n') : s.replace(/[\r\n]/g, ' ');
    }
    buf.add(s, start, end, exact);
  }

  /**
   * A text field shows its value as text (a table some sites print as a read-only form): read as
   * the field's text, so a cell holding one is not taken for blank. Fields that show no text of
   * their own (hidden, buttons, boxes to tick) are not read.
   */
  private inputValue(attrs: string, start: number, end: number): void {
    const type = attributeValue(attrs, 'type')?.trim().toLowerCase() ?? 'text';
    if (!['text', 'number', 'tel', 'search', 'email', 'url'].includes(type)) return;
    const value = decodeHTML(attributeValue(attrs, 'value') ?? '');
    if (value.trim()) this.text(` ${value} `, start, end, false, false);
  }

  /**
   * Starts skipping a hidden element. A hidden cell takes no place in its row, and a hidden
   * row none in its table, as a browser lays them out: the cell or row before it ends here.
   */
  private hide(t: TableState | undefined, name: string, at: number): void {
    if (t && CELL_TAGS.has(name)) this.closeCell(t, at);
    if (t && name === 'tr') this.endRow(t, at);
    this.hidden = { name, depth: 1, tables: 0, blocks: 0 };
  }

  /**
   * While skipping: whether this tag ends the hidden element and is read as usual — false for a
   * tag inside it (skipped too) and for its own end tag (consumed); true for a tag that closes it implicitly
   * (a cell or row boundary of its table, or the end of a block opened before it), which is
   * then read as usual.
   */
  private endsHidden(name: string, opening: boolean): boolean {
    const h = this.hidden!;
    if (name === 'table') { h.tables += opening ? 1 : -1; if (h.tables >= 0) return false; }
    if (h.tables > 0) return false;
    if (name === h.name) {
      if (opening && !CELL_TAGS.has(name) && name !== 'tr') { h.depth++; return false; }
      if (!opening) { if (--h.depth <= 0) this.hidden = null; return false; }
    }
    if (BLOCKS.has(name)) {
      if (opening) { h.blocks++; return false; }
      if (h.blocks > 0) { h.blocks--; return false; }
      this.hidden = null;
      return true;
    }
    const ends = h.name === 'tr'
      ? (opening && name === 'tr') || (!opening && TABLE_SECTIONS.has(name))
      : CELL_TAGS.has(name) || name === 'tr' || (!opening && TABLE_SECTIONS.has(name));
    if (ends) { this.hidden = null; return true; }
    return false;
  }

  private closeLink(): void {
    const text = this.link?.replace(/[\s\u00a0]+/g, ' ').trim();
    this.link = null;
    if (text && text.length < LINK_CHARS && this.links.length < MAX_LINKS) this.links.push(text);
  }

  /** Closes what is still open at the end of the page. */
  finish(at: number): void {
    // A page that ends inside a table cell was cut off: the cell's text may be cut too
    // (`1234` read as `12`), so it states nothing.
    const t = this.stack[this.stack.length - 1];
    if (t?.cell && t.cell.buf.text.trim()) {
      this.warnings.push('the page ends inside a table cell (cut off?): that cell is not read');
      t.cell.buf = new Buf();
    }
    while (this.stack.length) this.closeTable(at);
    this.flushProse();
  }

  private flushProse(): void {
    if (!this.prose.empty) { this.out.push(this.prose.block()); this.prose = new Buf(); }
  }

  /** Where finished blocks go: the enclosing table's cell (it becomes layout), or the page. */
  private emit(blocks: Blocks): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) { parent.items.push(blocks); return; }
    this.flushProse();
    flattenInto(this.out, blocks);
  }

  private closeCell(t: TableState, at: number): void {
    if (t.cell) { t.cell.end = at; t.items.push(t.cell); t.cell = null; }
  }

  private endRow(t: TableState, at: number): void {
    this.closeCell(t, at);
    if (!t.inRow) return;
    t.inRow = false;
    for (const [c, left] of t.below) { if (left <= 1) t.below.delete(c); else t.below.set(c, left - 1); }
  }

  private startRow(t: TableState, at: number): void {
    this.endRow(t, at);
    t.row++;
    t.col = 0;
    t.inRow = true;
  }

  private openCell(t: TableState, attrs: string, at: number): void {
    t.caption = false;
    this.closeCell(t, at);
    if (!t.inRow) this.startRow(t, at);
    while (t.below.has(t.col)) t.col++;
    let cs = spanOf(attrs, 'colspan'), rs = spanOf(attrs, 'rowspan');
    if (cs > SPAN_LIMIT.cols || rs > SPAN_LIMIT.rows) {
      if (!t.clamped) this.warnings.push(`a table cell spans ${cs} columns × ${rs} rows: clamped to the template's ${SPAN_LIMIT.cols} × ${SPAN_LIMIT.rows}`);
      t.clamped = true;
      cs = Math.min(cs, SPAN_LIMIT.cols);
      rs = Math.min(rs, SPAN_LIMIT.rows);
    }
    t.cell = { buf: new Buf(), row: t.row, col: t.col, start: at, end: at, rows: rs };
    if (rs > 1) for (let c = t.col; c < Math.min(t.col + cs, GRID_COLS); c++) t.below.set(c, Math.max(t.below.get(c) ?? 0, rs));
    t.col += cs;
  }

  private closeTable(at: number): void {
    const t = this.stack.pop()!;
    this.endRow(t, at);
    const blocks: Blocks = t.foster.text.trim() ? [t.foster.block()] : [];
    if (!t.nested) {
      const cells = (t.items as Cell[]).map((c): HtmlCell => (c.rows > 1
        ? { text: cellText(c.buf.text), row: c.row, col: c.col, start: c.start, end: c.end, rows: c.rows }
        : { text: cellText(c.buf.text), row: c.row, col: c.col, start: c.start, end: c.end }));
      blocks.push({ index: this.tables++, cells });
    } else {
      // A layout table: each cell's text as prose lines, tables inside it where they stand.
      for (const item of t.items) {
        if (Array.isArray(item)) blocks.push(item);
        else if (!item.buf.empty) blocks.push(item.buf.block());
      }
    }
    this.emit(blocks);
  }

  private openTable(at: number): void {
    let parent = this.stack[this.stack.length - 1];
    // <table> straight inside a table (not in a cell) closes it, as browsers do.
    while (parent && (!parent.cell || parent.caption)) { this.closeTable(at); parent = this.stack[this.stack.length - 1]; }
    if (parent) {
      parent.nested = true;
      const cell = parent.cell!;
      // The cell's text so far stands before the inner table.
      if (!cell.buf.empty) { parent.items.push({ ...cell, end: at }); cell.buf = new Buf(); }
    } else {
      this.flushProse();
    }
    this.stack.push(newTable());
  }

  /** Where text goes now: the page's prose, the open cell, or the table's stray text. */
  private target(): { buf: Buf; cell: boolean } {
    const t = this.stack[this.stack.length - 1];
    if (!t) return { buf: this.prose, cell: false };
    return t.cell && !t.caption ? { buf: t.cell.buf, cell: true } : { buf: t.foster, cell: false };
  }

  /** A block boundary (or a line break) wherever the text currently goes. */
  private boundary(br: boolean): void {
    const { buf, cell } = this.target();
    buf.mark(cell ? (br ? BR : BLOCK) : '\n');
  }
}

export function readHtmlPage(html: string, limits: HtmlPageLimits = {}): HtmlPageParts {
  const reader = new PageReader(limits.maxTextChars ?? Infinity, PageStyles.of(html), html);
  scanHtml(html, reader);
  reader.finish(html.length);
  return { title: reader.title, links: reader.links, blocks: reader.out, tables: reader.tables, warnings: reader.warnings };
}

/**
 * Where in the page the characters [from, to) of a prose block came from: an
 * exact run maps character for character, a decoded one (entities) as a whole.
 */
export function sourceRange(block: ProseBlock, from: number, to: number): { start: number; end: number } | null {
  const runs = block.runs;
  const runAt = (i: number): number => {
    let lo = 0, hi = runs.length / 4 - 1;
    if (hi < 0 || runs[0]! > i) return -1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (runs[mid * 4]! <= i) lo = mid; else hi = mid - 1; }
    return lo * 4;
  };
  const a = runAt(from), b = runAt(to - 1);
  if (a < 0 || b < 0) return null;
  const start = runs[a + 3] ? runs[a + 1]! + (from - runs[a]!) : runs[a + 1]!;
  const end = runs[b + 3] ? runs[b + 1]! + (to - runs[b]!) : runs[b + 2]!;
  return { start, end };
}
