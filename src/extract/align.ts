/**
 * The aligner: walks one token stream, anchors each template row on its printed
 * label, and reads the row's cells from the tokens that follow (row-reading.ts).
 * Every token of a row is accounted for: placed in a cell, or dropped with a
 * reason; a stated number dropped or moved is named in a warning.
 */
import type { CellHow, DroppedToken, ExtractedCell, TableAccount, TemplateId } from '../model/report.js';
import { identities, OTHER_SUBROWS, tableA, TABLE_C_COLUMNS, TABLE_C_GROUPS, TABLE_C_KEYS, tableBKey, tableOf, type Identity } from '../template/index.js';
import { bRowName, bRowOrder, fillGap, placeStrays } from './align-gaps.js';
import { firstRowUnder, isHeaderText, matchLabel, normLabel, splitRowLabels, type RowLabel } from './labels.js';
import { AFTER_BLANK_AT_CUT, isBlank, isStated, placeOf, quote, readRow, type Dropped, type RowRead } from './row-reading.js';
import type { Token } from './tokens.js';
import { isAsAbove, isMarkedNumber, MERGED_DOWN, printsApart, readCell } from './values.js';
import { REPORT_TITLE } from './documents/page-furniture.js';
import { tokenPlace } from './source-map.js';
import { namesRow, nextPrinted, rowNumbers } from './row-numbers.js';
import { tableAColumnsOutOfOrder, tableBColumnsOutOfOrder, tableBTotalFirst, tableCColumnsOutOfOrder } from './column-order.js';

const AFTER_ROW_END = 'printed after text that ends the row';

export interface Alignment {
  readonly details: ExtractedCell[];
  readonly warnings: string[];
  readonly otherAsOneRow: boolean;
  readonly accounts: TableAccount[];
}

type TableId = 'A' | 'B' | 'C';
interface Pending { readonly label: RowLabel; readonly at: Token }

const SECTION = /^[一二三四五六七八九十]、/;
/** Table C's header over its two litigation groups. */
const LITIGATION = normLabel('行政诉讼');
/** Why a cell that prints no value as it stands (values.ts `isMarkedNumber`) is left out. */
const markedWhy = (text: string): string => (isAsAbove(text) ? 'prints 〃 (as above): a cell with no value of its own here'
  : text.endsWith(MERGED_DOWN) ? 'is one number merged down over the rows below (each row\'s, or theirs together: not shown), no value'
  : printsApart(text) ? 'prints two numbers apart in one cell (two values, or one broken over a line): no value as it stands'
    : 'prints a number with a mark or word around it (a footnote\'s?), no value as it stands');
const isNumber = (t: Token): boolean => readCell(t.text).kind === 'number';

// Built field by field, not by spreads: every cell of every page passes here.
function toCell(key: string, tok: Token, table: TableId, how: CellHow, why?: string): ExtractedCell {
  const r = readCell(tok.text);
  const provenance = tokenPlace(tok, table);
  const cell: { -readonly [K in keyof ExtractedCell]: ExtractedCell[K] } = why
    ? { key, raw: tok.text, provenance, how, why, value: null }
    : { key, raw: tok.text, provenance, how, value: null };
  if (r.kind === 'number') {
    cell.value = r.value;
    if (r.unit) cell.unit = r.unit;
  }
  return cell;
}

/** The identities of both 2021 layouts (（六） as one row or three): a page may print either. Built once per template. */
const LAYOUT_IDS = new Map<TemplateId, Identity[]>();
function layoutIdentities(template: TemplateId): Identity[] {
  let ids = LAYOUT_IDS.get(template);
  if (ids) return ids;
  const all = [...identities({ template }), ...identities({ template, otherAsOneRow: true })];
  ids = [...new Map(all.map((id) => [`${id.id}|${id.rhs.join()}`, id])).values()];
  LAYOUT_IDS.set(template, ids);
  return ids;
}

const rowName = (labels: readonly RowLabel[]): string => {
  const names = labels.map((l) => (l.table === 'A' ? l.row : bRowName(l.row)));
  const tables = [...new Set(labels.map((l) => l.table))].join('/');
  return `${names.length > 1 ? 'rows' : 'row'} ${names.join(', ')} (table ${tables})`;
};

/** Tables' accounts, kept while aligning. */
class Ledger {
  private readonly tables = new Map<TableId, { placed: number; dropped: (Dropped & { table: TableId })[]; taken: DroppedToken[]; blanks: number; readings: number; abstained: string[]; rows: number; empty: number }>();
  of(t: TableId) {
    let a = this.tables.get(t);
    if (!a) this.tables.set(t, (a = { placed: 0, dropped: [], taken: [], blanks: 0, readings: 0, abstained: [], rows: 0, empty: 0 }));
    return a;
  }
  drop(t: TableId, d: Dropped): void { const a = this.of(t); if (isStated(d.tok)) a.dropped.push({ ...d, table: t }); else a.blanks++; }
  undrop(tok: Token): void { for (const a of this.tables.values()) a.dropped = a.dropped.filter((d) => d.tok !== tok); }
  /** Cells already placed, then taken back (a table or row given no values): listed like dropped tokens. */
  dropCells(t: TableId, cells: readonly ExtractedCell[], why: string): void {
    const a = this.of(t);
    a.placed -= cells.length;
    for (const c of cells) {
      if (readCell(c.raw).kind === 'blank') { a.blanks++; continue; }
      const { line, htmlTable, row, col } = c.provenance;
      a.taken.push({ text: c.raw, why, ...(line !== undefined ? { line } : {}), ...(htmlTable !== undefined ? { htmlTable, row, col } : {}) });
    }
  }
  accounts(): TableAccount[] {
    return (['A', 'B', 'C'] as const).filter((t) => this.tables.has(t)).map((t) => {
      const a = this.of(t);
      return {
        table: t, placed: a.placed, blanksDropped: a.blanks, readingsWeighed: a.readings, abstained: a.abstained,
        dropped: [...a.dropped.map(({ tok, why }) => ({
          text: tok.text, why,
          ...(tok.line !== undefined ? { line: tok.line } : {}),
          ...(tok.htmlTable !== undefined ? { htmlTable: tok.htmlTable, row: tok.row, col: tok.col } : {}),
        })), ...a.taken],
      };
    });
  }
}

/** Tokens with rows' labels run together in one (splitRowLabels) given one token each, in place. */
function withRowLabelsApart(tokens: readonly Token[], template: TemplateId): readonly Token[] {
  let out: Token[] | null = null;
  tokens.forEach((t, i) => {
    const parts = !t.boundary && t.text.length >= 6 ? splitRowLabels(t.text, template) : null;
    if (parts && !out) out = tokens.slice(0, i);
    if (out) out.push(...(parts ? parts.map((text) => ({ ...t, text })) : [t]));
  });
  return out ?? tokens;
}

/**
 * HTML: for each printed row, the grid columns of the text cells of the nearest header row
 * above it in its table (a row with text and no value; the row itself when it is one).
 */
function headerRowColumns(tokens: readonly Token[]): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  const current = new Map<number, readonly number[]>();
  for (const [at, cells] of htmlRows(tokens, () => true)) {
    const table = cells[0]!.htmlTable!;
    if (cells.some((t) => readCell(t.text).kind === 'text') && !cells.some(isValue)) {
      current.set(table, cells.filter((t) => readCell(t.text).kind === 'text').map((t) => t.col!));
    }
    const header = current.get(table);
    if (header) out.set(at, header);
  }
  return out;
}

/** The one HTML row among `run` with exactly `n` cells within its table's text columns, if there is one. */
function blankHtmlRow(run: readonly Token[], n: number, lastColumn: ReadonlyMap<number, number>): Token[] | null {
  const full = [...htmlRows(run, (t) => t.col! <= (lastColumn.get(t.htmlTable!) ?? Infinity)).values()].filter((r) => r.length === n);
  return full.length === 1 ? full[0]! : null;
}

/**
 * HTML tables that close every row with an empty cell (a Word-made table's padding), as the
 * padding cell of each of their rows: printed row (`placeOf`) → its last cell's grid column.
 * A row's last cell there is padding whatever the row's own count says.
 */
function rowEndPadding(tokens: readonly Token[]): Map<string, number> {
  const rows = [...htmlRows(tokens, () => true)];
  const padded = new Map<number, boolean>();
  for (const [, cells] of rows) {
    const last = cells.reduce((a, t) => (t.col! > a.col! ? t : a));
    const table = last.htmlTable!;
    padded.set(table, (padded.get(table) ?? true) && readCell(last.text).kind === 'blank' && cells.length > 1);
  }
  const out = new Map<string, number>();
  for (const [at, cells] of rows) if (padded.get(cells[0]!.htmlTable!)) out.set(at, Math.max(...cells.map((t) => t.col!)));
  return out;
}

/** HTML tokens (those `keep` keeps) by the printed row they sit in, rows in order of first token. */
function htmlRows(tokens: readonly Token[], keep: (t: Token) => boolean): Map<string, Token[]> {
  const rows = new Map<string, Token[]>();
  for (const t of tokens) {
    if (t.col === undefined || t.row === undefined || !keep(t)) continue;
    const at = placeOf(t)!;
    let row = rows.get(at);
    if (!row) rows.set(at, row = []);
    row.push(t);
  }
  return rows;
}

/**
 * Which table C group a row's name names, as its index in the template's order (行政复议,
 * 未经复议直接起诉, 复议后起诉, however the litigation is worded around them), or -1.
 */
function cGroupNamed(t: string): number {
  if (t.length > 24) return -1;
  if (/复议后起诉/.test(t)) return 2;
  if (/直接起诉|未经复议/.test(t)) return 1;
  return /^行政复议(?:\(件\))?$/.test(t) ? 0 : -1;
}

/** A label's item number, as normLabel leaves it: (六), 六、, 3. or 3、. */
const ITEM_START = /^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d{1,2}[.、])/;

// Possibly after its heading in the same cell: （三）不予公开 1.…
const SUB_ROW_NUMBER = /^(?:\([一二三四五六七八九十]+\)[^\d]{0,8})?\d{1,2}[.、]/;

const isValue = (t: Token): boolean => { const k = readCell(t.text).kind; return k === 'number' || k === 'placeholder'; };

/**
 * Whether the page closes every row with a gap (`cell |` lines with a lone `|`
 * after each row, or pipe rows whose line break leaves a gap): every row printed
 * in full — its label, then exactly its cells — is followed by a gap. Such a page
 * also shows a blank cell as a gap, so a row's last gap is its end, not a cell.
 */
function closesRowsWithGap(tokens: readonly Token[], template: TemplateId): boolean {
  let seen = 0;
  for (let i = 0; i < tokens.length; i++) {
    const label = readCell(tokens[i]!.text).kind === 'text' ? matchLabel(tokens[i]!.text, template) : null;
    if (!label) continue;
    const n = label.keys.length;
    const after = tokens.slice(i + 1, i + n + 2);
    // Printed in full: n values (a heading followed by a sub-row's label is no such row).
    if (after.length < n + 1 || !after.slice(0, n).every((t) => isValue(t) && !t.boundary)) continue;
    if (!after[n]!.soft) return false;
    seen++;
  }
  return seen >= 2;
}

/**
 * With rows closed by a gap, the run's last gap is the row's end — where no value follows it: a
 * row the text ends inside has no end printed, and a gap before its values is a cell's.
 */
function withoutRowEnd(run: Token[], closes: boolean): { run: Token[]; end: Token | null } {
  if (!closes) return { run, end: null };
  const i = run.map((t) => t.soft === true).lastIndexOf(true);
  if (i < 0 || run.slice(i + 1).some(isStated)) return { run, end: null };
  return { run: run.filter((_, j) => j !== i), end: run[i]! };
}

export interface AlignOptions {
  /**
   * The text never repeats a line: a copy that may have lost its repeats (see `abstainLossy`).
   * Asked only when a row lost cells: most pages never need the answer.
   */
  readonly noRepeatedLines?: () => boolean;
  /**
   * The text holds its end — an HTML page, or a text that shows it (pdftotext's closing form
   * feed, a rule under its last row) — where a copy of a page's text may be cut anywhere and a
   * document printed from one carries its cut: a row its tokens end in is not read as cut
   * short. (A page whose cells are set out as blocks, not a table, shows no blank: read as
   * cut, the values before the page's end took the row's first cells.)
   */
  readonly whole?: boolean;
  /**
   * The text was read by OCR, which reads a cell's bar beside a number as 1 (`9 |` as `9 1`),
   * and leaves out a value it cannot vouch for: a row label with no value after it is OCR's
   * doubt, not a copy that lost its repeats (see `abstainLossy`).
   */
  readonly ocr?: boolean;
}

/** Tokens printed three or more numbers to a printed row (a line, an HTML row): a row's values, not values astray. */
function printedRows(toks: readonly Token[]): Set<Token> {
  const byRow = new Map<string, Token[]>();
  for (const t of toks) {
    const at = placeOf(t);
    if (at === undefined || t.soft || readCell(t.text).kind === 'text') continue;
    const row = byRow.get(at);
    if (row) row.push(t); else byRow.set(at, [t]);
  }
  // Blanks and placeholders count as cells of such a row (`- 2 -`: a page's foot, or a row of cells; never a stray).
  return new Set([...byRow.values()].filter((l) => l.length >= 3).flat().filter(isNumber));
}

export function align(printed: readonly Token[], template: TemplateId, opts: AlignOptions = {}): Alignment {
  const numbered = rowNumbers(printed);
  const tokens = withRowLabelsApart(numbered.size ? printed.filter((_, i) => !numbered.has(i)) : printed, template);
  const ids = layoutIdentities(template);
  const closes = closesRowsWithGap(tokens, template);
  const byKey = new Map<string, ExtractedCell>();
  const warnings: string[] = numbered.size ? [`a 序号 column: ${numbered.size} row numbers before rows' names, not cells`] : [];
  const ledger = new Ledger();
  // The page is cut inside a row when nothing but blanks follows that row's tokens.
  let lastContent = -1;
  tokens.forEach((t, i) => { if (!t.boundary && t.text.trim()) lastContent = i; });
  const headerColumns = headerRowColumns(tokens);
  // HTML: each table's last grid column holding text; blanks right of it are padding.
  const lastColumn = new Map<number, number>();
  for (const t of tokens) {
    if (t.col !== undefined && t.htmlTable !== undefined && t.text.trim() && t.col > (lastColumn.get(t.htmlTable) ?? -1)) lastColumn.set(t.htmlTable, t.col);
  }
  // Asked only for a row with a cell printing numbers apart: most pages never need it.
  let pads: Map<string, number> | null = null;
  const rowEndPads = () => (pads ??= rowEndPadding(tokens));
  // The tokens from the last with content on: a run ending among them ends where the text does.
  const tail = new Set(lastContent < 0 ? [] : tokens.slice(lastContent));
  const atCut = (run: readonly Token[]) => !opts.whole && run.length > 0 && (lastContent < 0 || tail.has(run[run.length - 1]!));

  let pending: Pending[] = [];
  // The row's tokens; after text that ends the row, what follows until the next label.
  let run: Token[] = [], rest: Token[] = [];
  // Where in run + rest an item-numbered text stood that no template row's name matched: a row's start.
  let rowMarks: Array<{ at: number; tok: Token }> = [];
  let ended = false;
  // Text printed between the rows' labels and their first value that names another row or none
  // (a name the template does not know): the values after it may be that row's, not these.
  let nameBefore: Token | undefined;
  let inC = false, cDone = false, seenB = false;
  // Table B rows whose name is printed, read or not.
  const bRowsNamed = new Set<string>();
  // Text among table C's values that is none of its headers (a cell OCR read as letters): the
  // values after it are not in their columns' order any more.
  let cEnd: Token | undefined, cRest: Token[] = [];
  let cStart: number | undefined;
  const strays: Token[] = [];
  // Headings of sub-rows (（三）不予公开) printed after a row's cells, where in run + rest each
  // stood, and the first row under it: values between it and that row's name are its subtotal.
  let headings: { tok: Token; at: number; first: string }[] = [];

  const put = (key: string, tok: Token, how: CellHow, why?: string) => {
    const table = tableOf(key) ?? 'B';
    if (byKey.has(key)) {
      ledger.drop(table, { tok, why: 'its cell was already read from an earlier row' });
      if (isNumber(tok)) warnings.push(`${key}: ${quote(tok)} not placed: the cell was already read from an earlier row`);
      return;
    }
    if (readCell(tok.text).kind === 'text') {
      const why = markedWhy(tok.text);
      ledger.drop(table, { tok, why });
      warnings.push(`${key}: ${quote(tok)} ${why}: left out`);
      return;
    }
    byKey.set(key, toCell(key, tok, table, how, why));
    ledger.of(table).placed++;
  };
  // Whether a number is printed right before a name on the name's own printed row (`| 3 | （一）予以公开 |`).
  let indexOf: Map<Token, number> | undefined;
  const numbersRow = (tok: Token): boolean => {
    // Built on first use: a hostile row drops thousands of numbers, and indexOf each would be quadratic.
    indexOf ??= new Map(tokens.map((t, i) => [t, i]));
    const at = indexOf.get(tok);
    if (at === undefined) return false;
    const next = nextPrinted(tokens, at, 3);
    return namesRow(next) && placeOf(next) === placeOf(tok);
  };
  // Whether a row so far fell short of cells with nothing showing its blanks (see RowInput.blanksLost).
  let blanksLost = false, blanksShown = false;
  const apply = (table: TableId, r: Pick<RowRead, 'placed' | 'dropped' | 'readings' | 'warnings' | 'abstained' | 'blanksUnshown'>, name: string) => {
    if (r.blanksUnshown) blanksLost = true;
    if (r.placed.some((p) => p.how === 'read' && isBlank(p.tok))) blanksShown = true;
    for (const p of r.placed) put(p.key, p.tok, p.how, p.why);
    const rowOfValues = printedRows(r.dropped.map((d) => d.tok));
    for (const d of r.dropped) {
      ledger.drop(table, d);
      // A row left out because its cells' columns are unknown keeps its values: they are its own, no
      // strays for an identity to place in another row's blank. So do values printed as a row of
      // their own (three or more on one line: a row whose name we did not match). A value where the
      // text ends is no stray either: a cut copy's fragment (`1` of `1.信访举报投诉类申请`, or of 12).
      // Nor are values after text that ended a row (`| 2 | O | 1 |`: OCR's O for 0, a note): the
      // row's own cells past a misprint, or a row whose name we did not match.
      // Nor is a number right before a row's name on the name's printed row: it numbers the row (序号).
      // Nor are a cut row's cells after its first blank: its own, their columns unsure.
      if (table === 'B' && isNumber(d.tok) && !r.abstained && !rowOfValues.has(d.tok) && !tail.has(d.tok) && d.why !== AFTER_ROW_END && d.why !== AFTER_BLANK_AT_CUT && !numbersRow(d.tok)) strays.push(d.tok);
    }
    const a = ledger.of(table);
    a.readings += r.readings;
    if (r.abstained) a.abstained.push(`${name}: ${r.abstained}`);
    warnings.push(...r.warnings);
  };
  /** Tokens of a row not placed, each for `why` (an abstention when `abstained` says so). */
  const dropAll = (table: TableId, name: string, toks: readonly Token[], why: string, abstained?: string) =>
    apply(table, { placed: [], dropped: toks.map((tok) => ({ tok, why })), readings: 0, warnings: [], ...(abstained ? { abstained } : {}) }, name);
  const abstainAfterName = (table: TableId, name: string, named: Token, toks: readonly Token[]) => {
    const why = `printed after ${quote(named)}, a name that does not go on with the row's: the values may be another row's whose name the template does not know`;
    dropAll(table, name, toks, why, why);
    warnings.push(`${name}: ${toks.filter(isNumber).map(quote).join(', ')} ${why}: not read`);
  };
  const dropRest = (table: TableId, name: string) => {
    const stated = rest.filter(isNumber);
    dropAll(table, name, rest, AFTER_ROW_END);
    if (stated.length) warnings.push(`${name}: ${stated.map(quote).join(', ')} printed after text that ends the row: not placed`);
  };
  /** Forgets the row being read: its tokens, the names and headings seen among them. */
  const clearRow = () => { run = []; rest = []; rowMarks = []; ended = false; headings = []; };
  // The values between a heading of sub-rows and its first row's name are a row of the
  // heading's own (a subtotal some pages add): no template cell, and not the first row's
  // values printed before its name, which is how fillGap would read them.
  const dropSubtotal = (h: { tok: Token; at: number }) => {
    const cut = h.at - run.length;
    if (cut < 0) return;
    const sub = rest.slice(cut);
    rest = rest.slice(0, cut);
    rowMarks = rowMarks.filter((m) => m.at < h.at);
    headings.pop();
    const why = `printed in a row of ${quote(h.tok)}, a heading of sub-rows, before its first row: a subtotal, no cell of the template`;
    dropAll('B', normLabel(h.tok.text), sub, why);
    const stated = sub.filter(isNumber);
    if (stated.length) warnings.push(`${normLabel(h.tok.text)} (table B): ${stated.map(quote).join(', ')} ${why}: not placed`);
  };
  const blanksUnattributed = (kept: readonly Pending[]) => {
    const labels = kept.map((p) => p.label);
    const name = rowName(labels);
    const all = [...run, ...rest];
    const why = 'blanks printed after labels of rows that do not follow here: no cell of the row is shown blank';
    dropAll(labels[0]!.table, name, all, why);
    warnings.push(`${name}: ${why}: not read`);
    clearRow();
  };
  const flushRows = (next?: RowLabel): 'filled' | 'open' => {
    const all = [...run, ...rest];
    const named = nameBefore;
    nameBefore = undefined;
    // Values after a heading of sub-rows are its own (a table printing the headings' sums and
    // not their rows): counting template rows through them would give each sum to a sub-row.
    if (pending.length === 1 && next && !headings.length) {
      const gap = fillGap(pending[0]!.label, next, all, template, ids, rowMarks.map((m) => m.at));
      if (gap) {
        ledger.of('B').rows++;
        apply('B', gap, rowName([pending[0]!.label]));
        pending = gap.waiting.map((label) => ({ label, at: pending[0]!.at }));
        clearRow();
        return gap.nextFilled ? 'filled' : 'open';
      }
    }
    if (pending.length) {
      const labels = pending.map((p) => p.label);
      const table = labels[0]!.table;
      const name = rowName(labels);
      const book = ledger.of(table);
      book.rows += labels.length;
      if (!all.length) book.empty += labels.length;
      const own = withoutRowEnd(run, closes);
      if (own.end) book.blanks++;
      // An item-numbered name no template row matched, printed between the rows' names and their
      // first value (names stacked, then their values), names a row of its own: the values after it
      // may be that row's. (fillGap reads such names where the values make one whole row each.)
      const first = own.run.findIndex(isStated);
      const between = first < 0 ? undefined : rowMarks.find((m) => m.at <= first)?.tok;
      const afterName = first >= 0 && !!(named ?? between);
      if (afterName) abstainAfterName(table, name, (named ?? between)!, own.run);
      apply(table, readRow({ name, keys: labels.flatMap((l) => l.keys), run: afterName ? [] : own.run, home: labels.length === 1 ? pending[0]!.at : undefined, atCut: atCut(run), blanksLost, blanksShown, ids, lastColumn, headerColumns, rowEndPads, ocr: opts.ocr }), name);
      dropRest(table, name);
    }
    pending = [];
    clearRow();
    return 'open';
  };
  const finishC = () => {
    if (!inC) return;
    inC = false; cDone = true;
    if (cEnd) {
      const stated = cRest.filter(isNumber);
      dropAll('C', 'table C', cRest, `printed after ${quote(cEnd)}, text among the values`);
      if (stated.length) warnings.push(`table C: ${stated.map(quote).join(', ')} printed after ${quote(cEnd)}, text among its values: not placed`);
    }
    // Rows closed by a gap: the header row's end comes before the values, the values row's after them.
    let own = withoutRowEnd(run, closes).run;
    if (closes && own[0]?.soft) own = own.slice(1);
    if (run.some(isStated)) {
      ledger.of('C').blanks += run.length - own.length;
      apply('C', readRow({ name: 'table C', keys: TABLE_C_KEYS, run: own, atCut: atCut(run), blanksLost, blanksShown, ids, lastColumn, rowEndPads, ocr: opts.ocr }), 'table C');
    } else {
      // Blank cells only: read where the page shows the cells, one HTML row of exactly fifteen.
      const row = blankHtmlRow(own, TABLE_C_KEYS.length, lastColumn);
      if (row) apply('C', readRow({ name: 'table C', keys: TABLE_C_KEYS, run: row, atCut: false, ids }), 'table C');
    }
    run = [];
  };
  // Whether text `t` (normalised; `tok` as printed) after a row's blanks ends the row: an
  // item-numbered name, a header, or a name that, joined to the row's, names another row or none.
  const namesOther = (t: string, tok: Token, last: Pending): boolean =>
    /[\u4e00-\u9fff]{2}/.test(t) && !/^[(（]/.test(t) && matchLabel(`${last.at.text}${tok.text}`, template)?.row !== last.label.row;
  const endsBlanks = (t: string, tok: Token, last: Pending): boolean => ITEM_START.test(t) || isHeaderText(tok.text, template) || namesOther(t, tok, last);
  // Whether text `t` printed after a row's label, before any of its cells, may be another row's
  // name: a name as endsBlanks reads one, but neither item-numbered (fillGap counts those), nor a
  // header, nor a report's title (a running header), nor a sub-row under 2021's （六） heading
  // (headingBesideSubrows settles those).
  const mayNameRow = (t: string, tok: Token, last: Pending): boolean => !ITEM_START.test(t) && !REPORT_TITLE.test(t)
    && !(template === '2021' && last.label.row === 'other') && !isHeaderText(tok.text, template) && namesOther(t, tok, last);
  const startsC = (t: string) => seenB && !cDone && /复议/.test(t) && (SECTION.test(t) || /^行政复议$/.test(t));

  // Table C printed as two or three tables (行政复议 apart from 行政诉讼): a table that ends after whole
  // groups of values, the next one opening with the name of the group that comes next in the
  // template (or 行政诉讼 over both litigation groups), goes on with the same row of values.
  const goesOnInNextTable = (at: number): boolean => {
    const done = run.length / TABLE_C_COLUMNS.length;
    if (!Number.isInteger(done) || done < 1 || done >= TABLE_C_GROUPS.length) return false;
    const next = tokens.slice(at + 1, at + 8).find((t) => !t.boundary && t.text.trim());
    const name = next && normLabel(next.text);
    return name === normLabel(TABLE_C_GROUPS[done]!.label) || (done === 1 && name === LITIGATION);
  };
  // Names among table C's values, read as one row of fifteen, must stand where that row puts
  // them: a group's name where its five cells start (a group a row: 行政复议 | five values,
  // 未经复议直接起诉 | five, …; or headers repeated where a table goes on: the groups' names one
  // after another), any other header between whole groups. Anywhere else the values are not
  // in the template's order — groups a row in another order, the table turned (a result a
  // row, a group a column) — and the rest of the table is not read.
  let cNames: { count: number; group: number } | undefined;
  const cNameOutOfPlace = (t: string, tok: Token): boolean => {
    const count = run.filter((x) => !x.soft).length;
    const group = cGroupNamed(t);
    if (group < 0) return isHeaderText(tok.text, template) && count % TABLE_C_COLUMNS.length !== 0;
    const inPlace = cNames?.count === count ? group === cNames.group + 1 : group * TABLE_C_COLUMNS.length === count;
    cNames = { count, group };
    return !inPlace;
  };
  const onLastNamesRow = (tok: Token): boolean => {
    const at = placeOf(tok);
    return at !== undefined && at === placeOf(pending[pending.length - 1]!.at) && pending.slice(0, -1).every((p) => placeOf(p.at) !== at);
  };
  // The printed row of a header text met after a row's name before its values (see below).
  let headerAt: string | undefined;
  // A header text came after the pending rows' names, and no cell yet.
  let headed = false;
  for (const [at, tok] of tokens.entries()) {
    if (tok.boundary) {
      if (inC) { if (run.some(isNumber) && !goesOnInNextTable(at)) finishC(); continue; }
      flushRows(); continue;
    }
    const reading = readCell(tok.text);
    // A number with a mark (12①) holds its cell's place: skipped, it would shift the row's values.
    // Where a numeral cannot number an item (among table C's values, or after a row's name on its
    // line) it is such a cell too.
    const home = pending[pending.length - 1]?.at;
    const inRow = inC || (!!home && placeOf(tok) !== undefined && placeOf(tok) === placeOf(home));
    if (reading.kind !== 'text' || isMarkedNumber(tok.text, inRow)) {
      // A blank on a header's printed row (`第二十条第(五)项 | | | |`) is the header row's cell, not
      // the row above's: where that row's values were lost, it read as them, blank.
      if (!inC && pending.length && headerAt !== undefined && placeOf(tok) === headerAt && reading.kind === 'blank') {
        ledger.drop(pending[0]!.label.table, { tok, why: 'a blank on a header\'s printed row' });
        continue;
      }
      // Names stacked with no cells between them share the values after them (a column of names,
      // then the values) — but a value on the last name's own printed row is that row's: the names
      // above printed no cells (`| 行政处罚 |` then `| 行政强制 | 329 |`).
      if (!inC && pending.length > 1 && !run.length && !rest.length && onLastNamesRow(tok)) {
        const last = pending.pop()!;
        flushRows();
        pending = [last];
      }
      if (inC) (cEnd ? cRest : run).push(tok);
      else if (pending.length) (ended ? rest : run).push(tok);
      continue;
    }
    const t = normLabel(tok.text);
    headerAt = !inC && pending.length && !run.some(isStated) && isHeaderText(tok.text, template) ? placeOf(tok) : undefined;
    if (headerAt !== undefined && !run.length && !rest.length) headed = true;
    if (inC) {
      if (SECTION.test(t) && !/复议/.test(t)) finishC();
      // Blanks before the last header text close header rows: the values start after it.
      else if (!run.some(isStated)) run = [];
      else if (!cEnd && cNameOutOfPlace(t, tok)) cEnd = tok;
      else if (/\p{L}/u.test(tok.text) && !isHeaderText(tok.text, template) && cGroupNamed(t) < 0) cEnd ??= tok;
      continue;
    }
    if (startsC(t)) { flushRows(); inC = true; run = []; cStart ??= tokens.indexOf(tok); continue; }
    const label = matchLabel(tok.text, template);
    if (label) {
      if (label.table === 'B') { seenB = true; bRowsNamed.add(label.row); }
      const under = headings[headings.length - 1];
      if (under && label.row === under.first) dropSubtotal(under);
      // Rows named before a header (a block's article, its columns' names) printed no cells: the
      // values after the header are the next block's, not theirs to share as stacked names'.
      if (headed && !run.length && !rest.length) flushRows();
      headed = false;
      const last = pending[pending.length - 1];
      if (last && rowIndex(label, template) < rowIndex(last.label, template) && label.table === last.label.table) {
        // A label printed after the rows it follows in the template: misplaced text, not an anchor.
        if (!run.length) continue;
      }
      if (last && run.length === 0 && rest.length === 0) {
        // （六）其他处理 printed above its three 2021 sub-rows is a heading, not a row.
        if (label.parent && last.label.row === label.parent) pending.pop();
        pending.push({ label, at: tok });
        continue;
      }
      // Rows printed after this label that belong elsewhere than here get dropped.
      const kept = pending.filter((p) => p === pending[0] || rowIndex(p.label, template) < rowIndex(label, template));
      // Blanks alone after stacked labels, some of which are now gone, show no row's cells: a
      // gap after 行政许可 … 行政事业性收费 is no blank cell of 行政许可. (Stated values there go to the
      // first row as before: the labels the template places later were printed out of place.)
      if (kept.length < pending.length && (run.length || rest.length) && ![...run, ...rest].some(isStated)) blanksUnattributed(kept);
      pending = kept;
      if (flushRows(label) !== 'filled') pending.push({ label, at: tok });
      continue;
    }
    // A section heading (三、…) ends the rows before it, their cells printed or not: what follows is another part.
    if (SECTION.test(t) && pending.length) { flushRows(); continue; }
    // A sub-row's name (1. 2. …) we could not match marks where a row starts (fillGap counts
    // rows between such marks); (三)不予公开 and the like head rows and are none.
    if (pending.length && SUB_ROW_NUMBER.test(t)) rowMarks.push({ at: run.length + rest.length, tok });
    if (pending.length && run.length) {
      const first = firstRowUnder(tok.text, template);
      if (first) headings.push({ tok, at: run.length + rest.length, first });
    }
    // Text after a row's values ends the row: what follows belongs to no row of ours. After a
    // row's blanks, so does text that does not go on with the row's name — an item-numbered
    // name, a header (a block's article, a column's name), a name that joined to the row's would
    // name another row or none: the blanks were the row's cells, the values after the text are
    // another row's and are not placed. (A wrapped name's second line, which its values follow,
    // joins the first to name the same row; a note in brackets is let be.)
    if (pending.length && (run.some(isStated) || (run.length > 0 && endsBlanks(t, tok, pending[pending.length - 1]!)))) ended = true;
    else if (pending.length && !run.length && !rest.length && !nameBefore && mayNameRow(t, tok, pending[pending.length - 1]!)) nameBefore = tok;
  }
  finishC();
  flushRows();

  for (const s of placeStrays(byKey, strays, ids)) {
    const cell = byKey.get(s.key)!;
    byKey.set(s.key, toCell(s.key, s.tok, cell.provenance.table, 'inferred', s.why));
    ledger.undrop(s.tok);
    warnings.push(`${s.key}: ${s.why}`);
  }
  if (!opts.ocr) abstainLossy(byKey, ledger, warnings, opts.noRepeatedLines ?? (() => false));
  if (template === '2021') headingBesideSubrows(byKey, bRowsNamed, ledger, warnings);
  const aOrder = tableAColumnsOutOfOrder(tokens, template);
  if (aOrder) abstainTable(byKey, ledger, warnings, 'A', `a block's header prints its columns in another order than the template's (${aOrder.join(', ')}), and its values are read by position`);
  const bOrder = tableBColumnsOutOfOrder(tokens, template);
  if (bOrder) abstainTable(byKey, ledger, warnings, 'B', `its header prints the columns in another order than the template's (${bOrder.join(', ')}), and its values are read by position`);
  const totalFirst = tableBTotalFirst((row, col) => byKey.get(tableBKey(row, col))?.value, bRowOrder(template));
  if (totalFirst) abstainTable(byKey, ledger, warnings, 'B', totalFirst);
  const cOrder = cStart === undefined ? null : tableCColumnsOutOfOrder(tokens, cStart);
  if (cOrder) abstainTable(byKey, ledger, warnings, 'C', `its header prints the columns in another order than the template's (${cOrder.join(', ')}), and its values are read by position`);
  const details = [...byKey.values()];
  const otherAsOneRow = template === '2021' && [...byKey.keys()].some((k) => k.startsWith(tableBKey('other', '')));
  return { details, warnings, otherAsOneRow, accounts: ledger.accounts() };
}

/**
 * Text that lost its repeats (a de-duplicated copy: every line after its first
 * use dropped) shows its row labels with too few values after them. Whatever
 * values such a page shows cannot be placed with any confidence: it gives none.
 * Seen two ways: most labels of a table have no value after them; or the text
 * never repeats a line — a real report repeats its zeros and headers — and some
 * row lost cells. Not asked of OCR'd text: a scan is no copy, and the values its labels
 * lack are the ones OCR left out as unsure (each row is read, or left out, on its own).
 */
function abstainLossy(byKey: Map<string, ExtractedCell>, ledger: Ledger, warnings: string[], noRepeatedLines: () => boolean): void {
  const tables = (['A', 'B', 'C'] as const).map((t) => ({ t, a: ledger.of(t), cells: [...byKey.values()].filter((c) => c.provenance.table === t) }));
  const lost = tables.some(({ a }) => a.empty > 0 || a.abstained.length > 0);
  for (const { t, a, cells } of tables) {
    if (!cells.length) continue;
    const empty = a.rows >= 4 && a.empty * 2 > a.rows;
    if (!empty && !(lost && noRepeatedLines())) continue;
    for (const c of cells) byKey.delete(c.key);
    const why = empty
      ? `${a.empty} of ${a.rows} row labels have no value after them: the text looks lossy (repeats removed)`
      : 'the text never repeats a line and rows lost cells: a copy with its repeats removed';
    ledger.dropCells(t, cells, why);
    a.placed = 0;
    a.abstained.push(`table ${t}: ${why}`);
    warnings.push(`table ${t}: ${why}; the table's ${cells.length} cells left out`);
  }
}

/** Every cell read in table `t` left out, for `why`. */
function abstainTable(byKey: Map<string, ExtractedCell>, ledger: Ledger, warnings: string[], t: TableId, why: string): void {
  const cells = [...byKey.values()].filter((c) => c.provenance.table === t);
  if (!cells.length) return;
  for (const c of cells) byKey.delete(c.key);
  ledger.dropCells(t, cells, why);
  ledger.of(t).placed = 0;
  ledger.of(t).abstained.push(`table ${t}: ${why}`);
  warnings.push(`table ${t}: ${why}; the table's ${cells.length} cells left out`);
}

/**
 * A 2021 page that prints （六）其他处理's sub-rows makes （六） a heading: values read on
 * it belong to a row whose label went unrecognized (an OCR'd 1.申请人…逾期不补正 whose
 * words came out garbled), or are a subtotal the template does not have. Which of the
 * two the print does not say: those values are left out, with a warning.
 */
function headingBesideSubrows(byKey: Map<string, ExtractedCell>, named: ReadonlySet<string>, ledger: Ledger, warnings: string[]): void {
  const keys = [...byKey.keys()];
  const headingPrefix = tableBKey('other', '');
  const heading = keys.filter((k) => k.startsWith(headingPrefix));
  if (!heading.length) return;
  // A sub-row counts when its name is printed, its cells read or not (a row left out still shows the layout).
  const subrows = OTHER_SUBROWS.filter((r) => { const prefix = tableBKey(r, ''); return named.has(r) || keys.some((k) => k.startsWith(prefix)); });
  if (!subrows.length) return;
  const cells = heading.map((k) => byKey.get(k)!);
  for (const k of heading) byKey.delete(k);
  const why = `（六）其他处理 is printed with its sub-rows (${subrows.map(bRowName).join(', ')}), so it is a heading: the ${heading.length} values read after it belong to a row whose label was not recognized, or are a subtotal; left out`;
  ledger.dropCells('B', cells, why);
  ledger.of('B').abstained.push(why);
  warnings.push(why);
}

/** Position of a row in the template's printed order. */
function rowIndex(label: RowLabel, template: TemplateId): number {
  if (label.table === 'A') return aRows(template).indexOf(label.row) - 1000;
  return bRowOrder(template).indexOf(label.row);
}

// Table A's rows in printed order, per template; built once (the aligner asks for every label).
const A_ROWS = new Map<TemplateId, string[]>();
function aRows(template: TemplateId): string[] {
  let rows = A_ROWS.get(template);
  if (!rows) A_ROWS.set(template, (rows = [...new Set(tableA(template).flatMap((b) => b.cells.map((c) => c.row)))]));
  return rows;
}
