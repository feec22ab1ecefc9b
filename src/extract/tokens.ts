/**
 * Pages → one token stream: each token is one table cell (or one prose line).
 * Every input format (HTML tables, pipe rows, one cell per line, PDF text) ends
 * up here so that a single aligner reads them all.
 */
import { normalizeText } from './normalize.js';
import { isTable, readHtmlPage, sourceRange, type HtmlCell, type HtmlPageLimits, type PageBlock, type ProseBlock } from './html-page.js';
import { barePipePageNumbers, textPageMarks } from './documents/page-furniture.js';
import { fixedWidthRows } from './fixed-width.js';
import { GRID_RULE, joinWrappedRows } from './wrapped-rows.js';
import { AS_ABOVE, ENDS_LIKE_VALUE, isMarkedNumber, MERGED_DOWN, readCell, toHalfWidth, VALUE_PATTERN } from './values.js';
import { MARKUP, withoutMarkup } from './text-markup.js';

/** A text token with a converter's markup read as rendered (text-markup.ts): the same token when it has none. */
const markupRead = (t: Token): Token => { const text = withoutMarkup(t.text); return text === t.text ? t : { ...t, text }; };

/** Where a reader cut a row at the edge of the print: `| 3 | 0 | …` (no closing pipe). */
export const CUT_MARK = '…';

export interface Token {
  readonly text: string;
  /** Source line (0-based) for text input. */
  readonly line?: number;
  readonly htmlTable?: number;
  readonly row?: number;
  readonly col?: number;
  /**
   * A blank that spans a line break between pipes, or an empty line that a longer gap between
   * lines stands for: the gap between two rows, or a cell — cannot tell.
   */
  readonly soft?: boolean;
  /** A table starts or ends here: rows never continue across it. */
  readonly boundary?: boolean;
  /**
   * Its printed row opens with a pipe and has none closing it (`| 规章 | 3 | 0`): the reader cut
   * the row at the edge of the print, so its cells are the row's first ones, in order.
   */
  readonly openEnd?: boolean;
  /** The text ends inside this token (no line break after it): it may be cut short (8249 read as 8). */
  readonly cut?: boolean;
  /**
   * The text's last token, on a line that lacks the closing pipe the page's rows print: the copy
   * visibly was cut here, not finished (`… | 0 | 0` after rows of `… | 0 |`).
   */
  readonly cutShown?: boolean;
  /** Pipe text: the stretch between two pipes it was read from (with its line, its cell). */
  readonly segment?: number;
  /**
   * A bare dash a single space before a number in a spaced row (`- 3`): a blank cell before a
   * value, or the value's sign set apart — the text cannot tell.
   */
  readonly maybeSign?: boolean;
  /** Offsets [start, end) in the document text the token was read from (the HTML reader sets them; source-map.ts for text). */
  readonly start?: number;
  readonly end?: number;
}

// A value as values.ts reads it: rows print `3件` as well as `3`.
const ITEM = VALUE_PATTERN;
// A row printed on one line, values separated by spaces: `四、结转下年度继续办理 0 0 0 0 0 0 0`.
const SPACED_ROW = new RegExp(String.raw`^(.*?[^\d\s.,+-])?\s*(${ITEM}(?:\s+${ITEM})*)$`);

const BARE_INTEGER = /^\d+$/;
// A spaced row opening with a number two spaces before its name (`3  （一）予以公开  …`): a 序号 cell, then the name.
const ROW_NUMBER_CELL = /^(\d{1,3})\s{2,}((?:[\u4e00-\u9fff（(]|\d{1,2}[.．、][\u4e00-\u9fff]).*)$/;
// A dash that may stand for a blank cell, or be a minus sign set apart from its number.
const DASH = /^[-－—–−]$/;

/** A text as a spaced row (label, then values): the normalised text and the match, or null. */
function spacedRow(text: string): { t: string; m: RegExpExecArray } | null {
  const t = toHalfWidth(text).replace(/\u00a0/g, ' ').trim();
  // The pattern is anchored at a value's last character: a line not ending in one (prose, labels) is spared the backtracking.
  if (!ENDS_LIKE_VALUE.test(t)) return null;
  const m = SPACED_ROW.exec(t);
  return m ? { t, m } : null;
}

// Cells of a row spaced on a line: set apart by two spaces or more (one may stand inside a name).
const CELL_GAP = /\s{2,}|[\t\u3000]+/;
const MAYBE_MARKED = /\d[^\d\s.,]|[^\s\d.,+-]\d/;
const ITEM_ALONE = new RegExp(`^(?:${ITEM})$`);

/**
 * A row spaced on a line with a cell that prints a number and a mark (`0注1`, `3*`, `5①`): the
 * name, then each cell. Read as a label and values, the name took every cell up to the marked
 * one (the mark's digit read as the first value: `… 禁止公开  0注1  0  0` a column off).
 * Null when no cell after the name is so marked, or a field there is neither a value nor marked.
 */
function markedRow(tok: Token): Token[] | null {
  if (!MAYBE_MARKED.test(tok.text) || !CELL_GAP.test(tok.text)) return null;
  const fields = toHalfWidth(tok.text).replace(/\u00a0/g, ' ').trim().split(CELL_GAP);
  const first = fields.findIndex((f, i) => i > 0 && (ITEM_ALONE.test(f) || isMarkedNumber(f, true)));
  if (first < 1 || !/[\u4e00-\u9fff]/.test(fields[0]!)) return null;
  const cells = fields.slice(first);
  if (!cells.some((f) => !ITEM_ALONE.test(f) && isMarkedNumber(f, true)) || !cells.every((f) => ITEM_ALONE.test(f) || isMarkedNumber(f, true))) return null;
  return [{ ...tok, text: fields.slice(0, first).join('  ') }, ...cells.map((text) => ({ ...tok, text }))];
}

/** Splits a space-separated row into its label and values; other tokens pass unchanged. */
export function splitSpacedRow(tok: Token): Token[] {
  // Most cells of a flattened table are a bare number: one value, nothing to split.
  if (BARE_INTEGER.test(tok.text)) return [tok];
  const marked = markedRow(tok);
  if (marked) return marked;
  const row = spacedRow(tok.text);
  // A value in words and digits (增加2, a change) is one cell, not a label and a value.
  if (!row || (!/\s/.test(row.t) && readCell(row.t).kind === 'number')) return [tok];
  const { t, m } = row;
  const label = m[1]?.trim();
  const items = m[2]!.split(/\s+/);
  // One value after a label (`行政许可 97`); a lone number is already one cell.
  if (items.length === 1 && (!label || !/^[\u4e00-\u9fff]/.test(label) || /\d/.test(label))) return [tok];
  // Prose ("2020 年 3 月") is not a row: a row label carries no sentence punctuation.
  if (label && /[。，,；;：:]$|[。；]/.test(label)) return [tok];
  // A number glued to bytes that could not be decoded (`情况�0`) may be a piece of them: no value.
  if (label && /\uFFFD$/.test(label) && !/^\s/.test(t.slice(m[1]!.length))) return [tok];
  // Items with the whitespace after each: a dash one space before a number may be its sign.
  const pieces = m[2]!.split(/(\s+)/);
  const parts = pieces.flatMap((text, i) => (i % 2 ? [] : [
    DASH.test(text) && pieces[i + 1] === ' ' && /^\d/.test(pieces[i + 2] ?? '') ? { ...tok, text, maybeSign: true } : { ...tok, text }]));
  if (!label) return parts;
  // A number set two spaces before the name is a cell of its own (a 序号 column's row number).
  const numbered = ROW_NUMBER_CELL.exec(label);
  return numbered ? [{ ...tok, text: numbered[1]! }, { ...tok, text: numbered[2]! }, ...parts] : [{ ...tok, text: label }, ...parts];
}

/** A line of two or more values and no label (`0 0 3`, `— 5 —`). */
function isBareValueRow(line: string): boolean {
  const m = spacedRow(line)?.m;
  return !!m && !m[1]?.trim() && /\s/.test(m[2]!);
}

function lineOf(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid]! <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  };
}

// A line opening a row with a wall: something printed after it (`| 3 | 0`, `| | 5 |`), not a lone `|`.
const ROW_OPENING = /^\s*\|.*[^\s|]/;

/** Pipe-separated text (markdown rows, `cell |` lines, PDF pipe lines): every segment between pipes is a cell. */
function pipeTokens(text: string): Token[] {
  const line = lineOf(text);
  // A row that opens with a pipe and has none closing it was cut: a reader marks where, `| …`
  // (layout-render.ts); a writer may just leave the closing pipe out.
  const all = text.split('\n');
  const open = new Set(all.flatMap((l, i) => (/^\s*\|/.test(l) && !/\|\s*$/.test(l) ? [i] : [])));
  // The break between a line closed by a wall and a line opening a row with one (`| 行政许可 |`,
  // then `| 行政处罚 | 697 |`, or a row cut short, `| 3 | 0 | 1`) is no cell: a row printed with
  // no cells read it as one blank. Between lines of cells closed by a pipe (`0 |`, then a lone
  // `|`), a break may be a blank cell, and is a soft one.
  const closed = (i: number): boolean => { const l = all[i]; return l !== undefined && /\|\s*$/.test(l); };
  const opensRow = (i: number): boolean => { const l = all[i]; return l !== undefined && ROW_OPENING.test(l); };
  const out: Token[] = [];
  let offset = 0, segment = 0;
  const segs = text.split('|');
  for (const [k, seg] of segs.entries()) {
    const lines = seg.split('\n');
    let o = offset;
    const texts: Token[] = [];
    let marked = false;
    lines.forEach((l, k) => {
      const at = line(o);
      o += l.length + 1;
      if (k === 0 && l.trim() === CUT_MARK && open.has(at)) { marked = true; return; } // the mark is no cell
      if (l.trim()) texts.push(open.has(at) ? { text: l.trim(), line: at, segment, openEnd: true } : { text: l.trim(), line: at, segment });
    });
    if (texts.length) { for (const t of texts) out.push(t); }
    else if (!marked) { // after a cut row's mark comes no blank
      const at = line(offset);
      if (lines.length === 2 && closed(at) && opensRow(at + 1)) { offset += seg.length + 1; segment++; continue; }
      const blank: Token = seg.includes('\n') ? { text: '', line: at, soft: true } : open.has(at) ? { text: '', line: at, openEnd: true } : { text: '', line: at };
      // White space after the text's last wall: a row's closing break, or the text ends where a
      // cell would be (a copy cut after `0 |` read its next cell blank) — as a token cut short.
      out.push(k === segs.length - 1 && k > 0 ? { ...blank, cut: true } : blank);
    }
    offset += seg.length + 1;
    segment++;
  }
  return out;
}

/**
 * Empty lines that stand for blank cells. A page saved one paragraph per cell
 * (`text\n\n` for a filled cell, `\n` for an empty one) separates lines by a base
 * gap of empty lines — the commonest — and an empty cell shows only as a longer
 * gap: each step beyond the base (the smallest excess seen, so that a copy with
 * every gap doubled reads the same) is a blank cell. Pages whose lines follow
 * each other directly (base gap 0) use empty lines for layout only.
 * Returns the line numbers that are blank cells.
 */
function emptyLineCells(lines: readonly string[]): Set<number> {
  const gaps: { at: number; k: number }[] = [];
  let prev = -1;
  lines.forEach((l, i) => {
    if (l === '') return;
    if (prev >= 0) gaps.push({ at: prev + 1, k: i - prev - 1 });
    prev = i;
  });
  // After the last line the text's own final newline is no empty line.
  const end = prev >= 0 ? { at: prev + 1, k: lines.length - prev - 2 } : null;
  const count = new Map<number, number>();
  for (const g of gaps) count.set(g.k, (count.get(g.k) ?? 0) + 1);
  const base = [...count].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const out = new Set<number>();
  if (base === 0) return out;
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const step = gaps.filter((g) => g.k > base).reduce((s, g) => gcd(s, g.k - base), 0);
  for (const g of end && end.k > base ? [...gaps, end] : gaps) {
    if (g.k <= base) continue;
    for (let j = 0; j < (g.k - base) / step; j++) out.add(g.at + base + j * step);
  }
  return out;
}

const twoTabs = (l: string): boolean => l.indexOf('\t') !== l.lastIndexOf('\t');
const ONE_TAB_ROW = /^[^\t\s][^\t]*\t[^\t]*$/;

// A tab at a line's end or start, the no-break spaces a cell pads its text with (&nbsp;) beside
// it (not ASCII spaces: trailing white space a copy picked up is no cell's).
const TAB_AT_END = /\t[\u00a0\u3000]*$/;
const TAB_AT_START = /^[\u00a0\u3000]*\t/;

/**
 * Lines that go on with the cell the line before ended in: a browser's innerText of a table
 * whose cells hold blocks (<p>, <div>) puts each such cell's text on lines of its own, set off by
 * empty lines, the tab that parts it from its neighbours at the end of the line before or the
 * start of the line after (`…6\t` ⏎⏎ `\t0\t\t0\t` ⏎⏎ `39`). Across such a break the field one
 * line ends in and the field the next begins with are one cell; read apart, each tab at the
 * break made a blank of its own.
 */
function tabJoins(lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  let before: string | null = null, prev = -1;
  lines.forEach((t, i) => {
    if (t === '') return;
    if (before !== null && i - prev >= 2 && (TAB_AT_END.test(before) || TAB_AT_START.test(t))) out.add(i);
    before = t;
    prev = i;
  });
  return out;
}

/**
 * Whether every row copied with tabs ends in an empty field: a table that closes each row with
 * an empty cell (Word-made pages pad rows so), whose copy ends each row with a tab. That field
 * is padding, as the HTML reader drops such a column (align.ts `rowEndPadding`); read as a
 * cell, each row had one too many and a blank between values could be dropped instead.
 */
function rowEndPadded(lines: readonly string[]): boolean {
  const rows = lines.filter((l) => l.includes('\t'));
  return rows.length >= 3 && rows.every((l) => /\t\s*$/.test(l));
}

/**
 * One cell per line: a line holding only spaces is a blank cell; an empty line is
 * layout, except where the page's spacing makes it a blank cell (see above).
 * A line with two or more tabs is a table row copied out of a browser or a sheet:
 * each tab-separated field is a cell, and an empty field a blank one (splitting on
 * runs of white space, as for a spaced row, would lose those blanks). A page of such
 * rows also splits a row of two cells at its one tab (`行政强制\t`: the label and a
 * blank); elsewhere one tab is spacing. Where cells hold blocks, a row runs over
 * several lines (tabJoins), and empty lines are the blocks' breaks, never blank cells.
 */
function lineTokens(text: string): Token[] {
  const out: Token[] = [];
  const lines = text.split('\n');
  const joins = text.includes('\t') ? tabJoins(lines) : new Set<number>();
  // Breaks inside rows come at most cells of such a table; a few at tables' ends (a padded last
  // cell, `\t&nbsp;`, then a heading) are no sign of it.
  const blocky = joins.size >= 3 && joins.size * 4 >= lines.filter((l) => l.includes('\t')).length;
  const blanks = blocky ? new Set<number>() : emptyLineCells(lines);
  const tabRows = lines.filter(twoTabs).length >= 3;
  const padded = tabRows && !blocky && rowEndPadded(lines);
  lines.forEach((t, i) => {
    if (t === '') {
      if (blanks.has(i)) out.push({ text: '', line: i, soft: true });
      return;
    }
    const split = twoTabs(t) || (tabRows && ONE_TAB_ROW.test(t)) || (blocky && t.includes('\t'));
    const fields = split ? t.replace(/ +$/, '').split('\t') : [t];
    if (split && padded) fields.pop();
    fields.forEach((f, k) => {
      const tok = { text: f.trim(), line: i };
      // The cell the line before ended in goes on here: one cell, the one of the two with text.
      if (k === 0 && blocky && joins.has(i) && out.length) {
        if (out[out.length - 1]!.text === '') out[out.length - 1] = tok;
        return;
      }
      out.push(tok);
    });
  });
  return out;
}

// Markdown header rules `|---|:---:|` are layout, not cells (they would read as `-` placeholders);
// so is one cut short by the end of the text, `|---|---|--`, and one whose narrow columns a
// converter rules with fewer dashes (`| ---- | -- | - |`: node-html-markdown) — a rule has
// three dashes in some cell, a row of placeholders `| - | - |` none.
const RULE_LINE = /^(?=.*---)\s*\|?(\s*:?-+:?\s*\|)+\s*(:?-*:?\s*)?$/;

// Cell walls other than `|`: a full-width ｜ (typed in a Chinese IME), a box-drawing │ or ┃
// (a table drawn in characters, as WPS and text exports print one). One code unit each, so
// every offset stays where it was.
const OTHER_WALL = /[｜│┃]/;
const OTHER_WALLS = new RegExp(OTHER_WALL.source, 'g');
// A line of a drawn table's rules alone (┌──┬──┐, ├──┼──┤, ╞══╪══╡): layout, as `|---|` is.
const BOX_PARTS = '┌┐└┘├┤┬┴┼─━┏┓┗┛┣┫┳┻╋═╒╕╘╛╞╡╤╧╪╔╗╚╝╠╣╦╩╬╟╢╫┄┈';
const BOX_RULE = /[─━═┄┈]/;
const BOX_RULE_LINE = new RegExp(`^[\\s|${BOX_PARTS}-]*${BOX_RULE.source}[\\s|${BOX_PARTS}-]*$`);

// A text table's rules set out with spaces (pandoc's and reStructuredText's plain tables, a
// terminal's `---- ---- ----`): runs of three or more - or = alone on their line, or one run
// across the table. Read as cells they were a row of placeholders — table C stated blank.
const SPACED_RULE_LINE = /^[ \t]*(?:(?:-{3,}|={3,})[ \t]+)+(?:-{3,}|={3,})[ \t]*$|^[ \t]*(?:-{10,}|={10,})[ \t]*$/;

// What renders as nothing before a row's first wall or after its last (`| 1 | 0 |&nbsp;`, `|<br>`,
// `|\\`: a converter's padding, a paragraph's tags, Markdown's hard break): read as text it was a
// cell, and the row one blank too long. Replaced by spaces, char for char, so offsets stay.
// (Inside a cell such markup is read with the cell: text-markup.ts.)
const UNSEEN = String.raw`(?:[ \t]|&(?:nbsp|#160|#[xX][aA]0|ensp|emsp|thinsp);|<br\s*\/?>|<\/?p(?:\s[^<>]*)?>)`;
const UNSEEN_OUTSIDE_WALLS = new RegExp(String.raw`^${UNSEEN}+(?=\|)|(?<=\|)${UNSEEN}*\\?${UNSEEN}*$`, 'gm');
const spaces = (m: string): string => ' '.repeat(m.length);

// A pipe row opening with an empty cell (`|  | 规章 | 1 |`).
const EMPTY_FIRST_CELL = /^\s*\|[ \t]*(?=\|)/;
// A pipe row with something printed in it (not `|||`, blank cells closed by pipes).
const WALLED_ROW = /^\s*\|(?=.*\|.*\|).*[^\s|]/;

/**
 * Whether the pipe rows open with an empty cell nearly every one (a table's empty first column:
 * a Word table's narrow margin column, a merged cell's remains). It is no cell of any row; and
 * in table C, whose row of values has no name before it, it read as a blank first value that
 * an identity then had to tell from the blanks among the values. Dropped (its first wall made
 * a space, char for char) where nine rows in ten or more open with it.
 */
function emptyFirstColumn(lines: readonly string[]): boolean {
  const rows = lines.filter((l) => WALLED_ROW.test(l));
  return rows.length >= 5 && rows.filter((l) => EMPTY_FIRST_CELL.test(l)).length >= 0.9 * rows.length;
}

/** The tokens of a page's text, as `normalizeText` leaves it (every line end a `\n`). */
export function textTokens(text: string): Token[] {
  if (OTHER_WALL.test(text)) text = text.replace(OTHER_WALLS, '|');
  if (/[&<\\]/.test(text)) text = text.replace(UNSEEN_OUTSIDE_WALLS, spaces);
  if (text.includes('---') || text.includes('===')) text = text.split('\n').map((l) => (SPACED_RULE_LINE.test(l) ? '' : l)).join('\n');
  text = joinWrappedRows(text);
  // Rows printed in fixed-width columns, blanks as wider gaps: as pipe rows with their blanks in place.
  text = fixedWidthRows(text);
  const boxed = BOX_RULE.test(text), ruled = text.includes('---');
  if (boxed || ruled) text = text.split('\n').map((l) => ((ruled && RULE_LINE.test(l)) || (boxed && BOX_RULE_LINE.test(l)) ? '' : l)).join('\n');
  let lines = text.split('\n');
  const piped = lines.filter((l) => l.includes('|')).length;
  if (piped >= 5 && emptyFirstColumn(lines)) {
    lines = lines.map((l) => l.replace(EMPTY_FIRST_CELL, (m) => ` ${m.slice(1)}`));
    text = lines.join('\n');
  }
  // A page number copied along with the pages (`— 5 —` between two rows) is no cell. Between
  // pipes its line becomes empty (what stood there before the page broke); one cell per line,
  // it still parts the lines around it as any line does, so the gaps that mark blanks keep their length.
  const marks = textPageMarks(text, lines, isBareValueRow);
  if (piped >= 5) for (const at of barePipePageNumbers(lines)) marks.add(at);
  const raw = piped >= 5
    ? pipeTokens(marks.size ? lines.map((l, i) => (marks.has(i) ? '' : l)).join('\n') : text)
    : lineTokens(text).filter((t) => !(t.line !== undefined && marks.has(t.line)));
  const out: Token[] = [];
  // One push at a time: a hostile row of a million values must not spread a million arguments.
  const marked = MARKUP.test(text);
  for (const t of raw) for (const s of splitSpacedRow(marked ? markupRead(t) : t)) out.push(s);
  // A copy cut mid-line (search indexes keep the first ~2k characters) ends inside its last token.
  if (!/\n\s*$/.test(text) && out.length) out[out.length - 1] = { ...out[out.length - 1]!, cut: true };
  if (piped >= 5 && out.length && lacksClosingPipe(lines)) out[out.length - 1] = { ...out[out.length - 1]!, cutShown: true };
  return out;
}

/** Whether the last printed line lacks the closing pipe nearly every other line with a pipe ends with. */
function lacksClosingPipe(lines: readonly string[]): boolean {
  const printed = lines.filter((l) => l.trim());
  const last = printed.at(-1);
  if (last === undefined || /\|\s*$/.test(last)) return false;
  const piped = printed.slice(0, -1).filter((l) => l.includes('|'));
  return piped.length >= 5 && piped.filter((l) => /\|\s*$/.test(l)).length >= 0.9 * piped.length;
}

/**
 * Whether the text's last printed line is a table's rule (`-----  -----`, `+----+`, `|---|`,
 * `└──┴──┘`): the table closed there, so the text was not cut inside its last row.
 */
export function endsInRule(text: string): boolean {
  const end = text.trimEnd();
  const last = end.slice(end.lastIndexOf('\n') + 1).replace(OTHER_WALLS, '|');
  return last.length > 0 && (SPACED_RULE_LINE.test(last) || RULE_LINE.test(last) || BOX_RULE_LINE.test(last) || GRID_RULE.test(last));
}

export interface HtmlPage {
  readonly tokens: Token[];
  readonly title: string | null;
  readonly text: string;
  /** The text of the page's links (html-page.ts). */
  readonly links: readonly string[];
  readonly tables: number;
  /** What the reader had to bend (clamped spans). */
  readonly warnings: readonly string[];
}

// Entities (&#8203;) are decoded only here, so the clean-up runs again on cell text.
const cellText = (s: string): string => normalizeText(s).replace(/[\u00a0\s]+/g, ' ').trim();

const VISIBLE = /[^\s\u00a0]/;
const lastVisible = (s: string): number => { let i = s.length - 1; while (i >= 0 && /[\s\u00a0]/.test(s[i]!)) i--; return i; };

/** A prose block's lines as tokens, each with its place in the page (a value split off a spaced row: its own place). */
function proseTokens(block: ProseBlock, firstLine: number, push: (t: Token) => void): number {
  let line = firstLine;
  let from = 0;
  const text = block.text;
  while (from <= text.length) {
    const nl = text.indexOf('\n', from);
    const to = nl < 0 ? text.length : nl;
    const raw = text.slice(from, to);
    const t = cellText(raw);
    if (t) {
      const a = from + raw.search(VISIBLE), b = from + lastVisible(raw) + 1;
      const place = sourceRange(block, a, b);
      const parts = splitSpacedRow({ text: t, line, ...(place ?? {}) });
      let cursor = a;
      for (const part of parts) {
        const at = parts.length > 1 && part.text ? text.indexOf(part.text, cursor) : -1;
        const own = at >= 0 && at + part.text.length <= b ? sourceRange(block, at, at + part.text.length) : null;
        if (at >= 0 && own) cursor = at + part.text.length;
        push(own ? { ...part, ...own } : part);
      }
      line++;
    }
    if (nl < 0) break;
    from = nl + 1;
  }
  return line;
}

// A column of row numbers, headed 序号 (or 编号): its numbers count rows, they are no values.
const SERIAL_HEAD = /^(?:序\s*号|编\s*号)$/;
const SERIAL_CELL = /^(?:\d{1,3}|[一二三四五六七八九十]{1,3})?[.、]?$/;

/** The grid columns of a table headed 序号 (a column of row numbers), if it has any. */
function serialColumns(cells: readonly HtmlCell[]): Set<number> | null {
  let out: Set<number> | null = null;
  for (const c of cells) if (c.text.length <= 8 && c.text.includes('号') && SERIAL_HEAD.test(cellText(c.text))) (out ??= new Set()).add(c.col);
  return out;
}

/**
 * The cells with a number's cell merged down over rows below (`rowspan`) read as what it shows:
 * one number across several rows — each row's (equal cells merged), or the rows' together, the
 * table does not say. So it states nothing: its own cell prints `6↓` and each row it covers `〃`
 * (as above), cells that hold their columns with no value (values.ts `isMarkedNumber`), and the
 * rows' other cells are read. (Without the covered cells those rows were a cell short and left
 * out whole, and the first row stated the number as its own.)
 */
function withMergedValues(cells: readonly HtmlCell[]): readonly HtmlCell[] {
  if (!cells.some((c) => c.rows)) return cells;
  const rows = new Set(cells.map((c) => c.row));
  const out: HtmlCell[] = [];
  let covered = false;
  for (const c of cells) {
    // Only a cell spanning rows is read here: every cell of a page passes.
    const span = c.rows ?? 1;
    const text = span > 1 && rows.has(c.row + 1) ? cellText(c.text) : '';
    if (!text || readCell(text).kind !== 'number') { out.push(c); continue; }
    out.push({ ...c, text: `${text}${MERGED_DOWN}` });
    for (let r = c.row + 1; r < c.row + span; r++) if (rows.has(r)) { out.push({ text: AS_ABOVE, row: r, col: c.col, start: c.start, end: c.end }); covered = true; }
  }
  return covered ? out.sort((a, b) => a.row - b.row || a.col - b.col) : cells;
}

/** HTML: the cells of every innermost <table> in order, the prose around them as lines, each token placed in the page. */
export function htmlTokens(html: string, limits: HtmlPageLimits = {}): HtmlPage {
  const page = readHtmlPage(html, limits);
  const tokens: Token[] = [];
  const push = (t: Token) => { tokens.push(t); };
  let line = 0;
  for (const block of page.blocks) {
    if (!isTable(block)) { line = proseTokens(block, line, push); continue; }
    tokens.push({ text: '', boundary: true });
    const serial = serialColumns(block.cells);
    // Headers split over <p>s (商业/企业) read as one word: the page reader joins block children without a gap.
    for (const c of withMergedValues(block.cells)) {
      const text = cellText(c.text);
      if (serial?.has(c.col) && SERIAL_CELL.test(text)) continue;
      for (const t of splitSpacedRow({ text, htmlTable: block.index, row: c.row, col: c.col, start: c.start, end: c.end })) push(t);
    }
    tokens.push({ text: '', boundary: true });
  }
  const title = page.title === null ? null : cellText(page.title) || null;
  return { tokens, title, text: proseLines(page.blocks), links: page.links, tables: page.tables, warnings: page.warnings };
}

/** The page's prose, one trimmed line per line of text. */
function proseLines(blocks: readonly PageBlock[]): string {
  const out: string[] = [];
  for (const b of blocks) if (!isTable(b)) for (const l of b.text.split('\n')) { const t = cellText(l); if (t) out.push(t); }
  return out.join('\n');
}
