/**
 * Reading one template row (or rows printed back to back, or table C) from the
 * tokens that follow its label: which token fills which cell, which tokens are
 * dropped and why, and how the cells were read. The layout decides when it
 * allows one reading (`read`); the template's identities may choose among
 * readings only as `inferred`, named in a warning; a row neither settles is
 * left out (no keys) with a warning saying why.
 */
import type { CellHow } from '../model/report.js';
import { evaluate, isSignedKey, type Identity } from '../template/index.js';
import type { Token } from './tokens.js';
import { APART, isMarkedNumber, printsApart, readCell } from './values.js';

export interface RowInput {
  /** How warnings name the row: `row 规章 (table A)`. */
  readonly name: string;
  readonly keys: readonly string[];
  readonly run: readonly Token[];
  /** The label token: its printed row tells the row's own tokens from others'. */
  readonly home?: Token;
  /** The page ends inside this row (a cut copy): its cells are the first ones, in order. */
  readonly atCut: boolean;
  /** The run as printed, before a token cut short was set aside: its printed rows tell the layout. */
  readonly whole?: readonly Token[];
  /**
   * A row earlier on the page printed fewer cells than its columns with nothing to show which
   * were blank: this copy drops blank cells, so a row the text ends inside that falls short is
   * no cut row's first cells — its blanks may have gone anywhere.
   */
  readonly blanksLost?: boolean;
  /**
   * A row earlier on the page was read with a blank among its cells: this copy shows its blanks.
   * Without that (or a row visibly cut: `openEnd`, `cutShown`), a row the text ends inside that falls short
   * may have lost its blanks as well as its last cells: it is not read from its first cell.
   */
  readonly blanksShown?: boolean;
  readonly ids: readonly Identity[];
  /**
   * HTML tables: the last grid column holding any text (a header, a label or a value), by
   * table. A blank to the right of it is padding (an empty cell closing every row of a
   * Word-made table), whatever its place in the run; a blank within it may be a cell.
   */
  readonly lastColumn?: ReadonlyMap<number, number>;
  /**
   * HTML tables: for each printed row (`placeOf`), the grid columns of the nearest header
   * row above it (a row of text cells only). Where the header shows exactly the row's
   * columns right of its label, a blank under a header is a cell and any other blank padding.
   */
  readonly headerColumns?: ReadonlyMap<string, readonly number[]>;
  /** HTML tables closing every row with an empty cell: printed row (`placeOf`) → that cell's grid column. */
  readonly rowEndPads?: () => ReadonlyMap<string, number>;
  /**
   * OCR'd text: two numbers apart in a cell are not read as one cell's (`cellsWhole`) — OCR reads
   * a bar beside a number as 1 (`9 |` as `9 1`), and the row so made whole may hold a misread
   * another value of the row would have exposed.
   */
  readonly ocr?: boolean;
}

export interface Placement { readonly key: string; readonly tok: Token; readonly how: CellHow; readonly why?: string }
export interface Dropped { readonly tok: Token; readonly why: string }

export interface RowRead {
  readonly placed: readonly Placement[];
  readonly dropped: readonly Dropped[];
  readonly readings: number;
  readonly warnings: readonly string[];
  /** Why the row gave no values, when it was left out. */
  readonly abstained?: string;
  /** The row printed fewer cells than its columns, and nothing showed which were blank. */
  readonly blanksUnshown?: boolean;
}

// Readings tried before giving up: keeps pathological rows cheap (and such rows are left out).
export const MAX_READINGS = 4096;

export const isBlank = (t: Token): boolean => readCell(t.text).kind === 'blank';
export const isStated = (t: Token): boolean => !isBlank(t);
export const valueOf = (t: Token): number | null => { const r = readCell(t.text); return r.kind === 'number' ? r.value : null; };
const isNumber = (t: Token): boolean => readCell(t.text).kind === 'number';

/** The printed row a token sits on: its line, or its HTML table row. */
export const placeOf = (t: Token): string | undefined =>
  t.line !== undefined ? `l${t.line}` : t.row !== undefined ? `t${t.htmlTable}r${t.row}` : undefined;

/** Every way to choose `k` of `n` positions, later positions first; null past `limit`. */
export function combinations(n: number, k: number, limit = MAX_READINGS): number[][] | null {
  if (k < 0 || k > n) return [];
  // Counted first: a hostile row of thousands of tokens must not recurse thousands deep.
  if (countAbove(n, k, limit)) return null;
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === k) { out.push([...acc]); return; }
    for (let i = start; i >= 0; i--) { if (i + 1 < k - acc.length) break; acc.push(i); rec(i - 1, acc); acc.pop(); }
  };
  rec(n - 1, []);
  return out;
}

/** Whether C(n, k) exceeds `limit`, computed without overflowing. */
function countAbove(n: number, k: number, limit: number): boolean {
  const r = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= r; i++) {
    c = (c * (n - r + i)) / i;
    if (c > limit) return true;
  }
  return false;
}

/** A token as warnings quote it: `'12' (line 40)`. */
export function quote(t: Token): string {
  const at = t.line !== undefined ? `line ${t.line + 1}` : t.row !== undefined ? `table ${t.htmlTable! + 1} row ${t.row + 1} cell ${t.col! + 1}` : '';
  return `'${t.text}'${at ? ` (${at})` : ''}`;
}

const signature = (keys: readonly string[], reading: readonly Token[]): string =>
  keys.map((_, i) => String(valueOf(reading[i]!))).join(',');

const own = (ids: readonly Identity[], keys: readonly string[]): Identity[] =>
  ids.filter((id) => [...id.lhs, ...id.rhs].every((k) => keys.includes(k)));

/** Blank text lines in a run whose stated values (two or more) all stand on one other line. */
function lineBlanksApart(run: readonly Token[]): Token[] {
  const stated = run.filter(isStated);
  if (stated.length < 2 || stated[0]!.line === undefined || stated[0]!.segment !== undefined || stated[0]!.col !== undefined) return [];
  const line = stated[0]!.line;
  if (!stated.every((t) => t.line === line && t.segment === undefined)) return [];
  return run.filter((t) => !isStated(t) && t.line !== undefined && t.line !== line && t.segment === undefined && t.col === undefined);
}

/**
 * Each identity's outcome on `reading` (a blank cell makes one unknown, not failing). One whose
 * terms are all 0 is `zeros`: it holds wherever the row's zeros are put, and says nothing of
 * where its cells begin.
 */
function outcomes(ids: readonly Identity[], keys: readonly string[], reading: readonly Token[]): Array<'holds' | 'fails' | 'unknown' | 'zeros'> {
  const cells: Record<string, number | null> = {};
  keys.forEach((k, i) => { cells[k] = valueOf(reading[i]!); });
  return ids.map((id) => {
    const { status } = evaluate(id, cells);
    return status === 'holds' && [...id.lhs, ...id.rhs].every((k) => cells[k] === 0) ? 'zeros' : status;
  });
}

const failing = (ids: readonly Identity[], keys: readonly string[], reading: readonly Token[]): boolean =>
  outcomes(ids, keys, reading).includes('fails');

const holding = (ids: readonly Identity[], keys: readonly string[], reading: readonly Token[]): number =>
  outcomes(ids, keys, reading).filter((s) => s === 'holds' || s === 'zeros').length;

/** Whether `reading` keeps the run but for blanks at its start and end. */
function dropsEdgesOnly(run: readonly Token[], reading: readonly Token[]): boolean {
  const from = run.indexOf(reading[0]!);
  return from >= 0 && reading.every((t, i) => run[from + i] === t)
    && [...run.slice(0, from), ...run.slice(from + reading.length)].every((t) => !isStated(t));
}

/** Where a reading puts the row's values other than 0 (blanks and zeros are where the others are not). */
const nonzero = (keys: readonly string[], reading: readonly Token[]): string =>
  keys.flatMap((k, i) => { const v = valueOf(reading[i]!); return v === null || v === 0 ? [] : [`${k}=${v}`]; }).join(' ');

const result = (keys: readonly string[], reading: readonly Token[], run: readonly Token[], how: CellHow, extra: Partial<RowRead> & { why?: string; dropWhy?: (t: Token) => string } = {}): RowRead => {
  const kept = new Set(reading);
  return {
    placed: reading.map((tok, i) => ({ key: keys[i]!, tok, how, ...(extra.why ? { why: extra.why } : {}) })),
    dropped: run.filter((t) => !kept.has(t)).map((tok) => ({ tok, why: extra.dropWhy?.(tok) ?? 'layout: not a cell of the row' })),
    readings: extra.readings ?? 1,
    warnings: extra.warnings ?? [],
  };
};

const abstain = (run: readonly Token[], why: string, readings = 0): RowRead => ({
  placed: [], dropped: run.map((tok) => ({ tok, why })), readings, warnings: [], abstained: why,
});

/**
 * Tokens printed on other rows than the row's own: when the label's printed row
 * (or, the label standing apart, exactly one printed row) holds exactly the
 * row's cells, the rest belong to other rows.
 */
function ownPrintedRow(run: readonly Token[], n: number, home?: Token): Token[] | null {
  // Each printed row's cells, gathered in one pass (a run of thousands of lines must stay linear).
  const byPlace = new Map<string, Token[]>();
  for (const t of run) {
    const p = placeOf(t);
    if (p === undefined) continue;
    let cells = byPlace.get(p);
    if (!cells) byPlace.set(p, (cells = []));
    if (!t.soft) cells.push(t);
  }
  const at = home && placeOf(home);
  if (at !== undefined && run.some((t) => isStated(t) && placeOf(t) === at)) { const own = byPlace.get(at)!; return own.length === n ? own : null; }
  const full = [...byPlace].filter(([, cells]) => cells.length === n);
  if (full.length !== 1 || byPlace.size === 1) return null;
  // The label apart, a line of the row's count is its row only where what else the run holds is a
  // stray or so (`1` before `| 1 | 0 | 0 |`): more stated values are a row one a line as well
  // (`— 2 —` a page's foot that reads as three cells, then 21, 19, 40), and which is not shown.
  const own = full[0]![1];
  return run.filter((t) => isStated(t) && !own.includes(t)).length <= MAX_STATED_DROPPED ? own : null;
}

/**
 * A row with more tokens than columns, some cell of which (of an HTML table, or between pipes)
 * printed several numbers apart (`7 1`, `7&nbsp;1`): such a cell is two values or one number a
 * space broke (a digit grouping, a converter's break between runs), and the cell does not say.
 * The grid decides where it can: read with such cells whole (`7¦1`, no value, its column held:
 * values.ts `isMarkedNumber`), the row has a cell a column and no other value moves. A table's
 * row-end padding is dropped first, so the count is the row's own; where blanks could be dropped
 * instead of the cells kept whole, which is meant is not shown and the row is left out. (A
 * converter that lost a wall between two cells leaves the row a cell short, not long: read
 * apart there, the two numbers fill the two columns.) Null when no cell printed numbers apart.
 */
function readCellsWhole(input: RowInput, run: readonly Token[]): RowRead | null {
  const { name, keys: { length: n } } = input;
  const whole = cellsWhole(run);
  if (whole.length === run.length) return null;
  const pads = run.some((t) => t.col !== undefined) ? input.rowEndPads?.() : undefined;
  const pad = pads ? run.filter((t) => isBlank(t) && t.col !== undefined && pads.get(placeOf(t)!) === t.col) : [];
  if (pad.length) return readRow({ ...input, run: run.filter((t) => !pad.includes(t)) });
  if (whole.length < n) return null;
  const split = whole.filter((t) => printsApart(t.text)).map(quote).join(', ');
  if (run.filter(isBlank).length >= run.length - n) {
    const why = `${split} printed apart in one cell: two values with padding after them, or one number broken by a space in a cell a column — not shown`;
    return { ...abstain(run, why), warnings: [`${name}: ${why}: left out`] };
  }
  const r = readRow({ ...input, run: whole });
  return { ...r, warnings: [...r.warnings, `${name}: ${split} printed apart in one cell, the row a cell a column only with it read as one: `
    + 'one number broken by a space or two, not shown — no value'] };
}

/** The run with each cell that printed several numbers apart as one token, `7¦1`. */
function cellsWhole(run: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of run) {
    const prev = out[out.length - 1];
    if (prev && sameCell(prev, t) && isNumber(t) && (isNumber(prev) || printsApart(prev.text))) {
      out[out.length - 1] = { ...prev, text: `${prev.text}${APART}${t.text}`, ...(t.end !== undefined ? { end: t.end } : {}) };
    } else out.push(t);
  }
  return out;
}

const sameCell = (a: Token, b: Token): boolean =>
  a.segment !== undefined ? a.segment === b.segment && a.line === b.line
    : a.col !== undefined && a.start !== undefined && a.start === b.start && a.htmlTable === b.htmlTable && a.row === b.row && a.col === b.col;

/**
 * Whether blanks may hide in a row printed on one line with its cells set apart by spaces
 * (`printed`: as printed, a token cut short by the text's end included), where a blank shows
 * only as a wider gap, or not at all. The line whole (the text goes on past it), the row was not
 * cut after its last value — that would have cut the line — so a row short of cells lost its
 * blanks. Cut inside the line, its cells are the first ones unless a gap wider than the others
 * shows where blanks were (`5          2   7`); where the gaps cannot be measured, they may.
 */
function blanksMayHide(printed: readonly Token[]): boolean {
  const first = printed[0];
  if (printed.length < 2 || first?.line === undefined || !printed.every((t) => t.line === first.line && t.segment === first.segment && t.htmlTable === undefined)) return false;
  if (!printed[printed.length - 1]!.cut) return true;
  const gaps = printed.slice(1).map((t, i) => (t.start !== undefined && printed[i]!.end !== undefined ? t.start - printed[i]!.end! : NaN));
  return gaps.some(Number.isNaN) || Math.max(...gaps) >= 2 * Math.min(...gaps) + 1;
}

/**
 * Whether a row's tokens sit in one printed row, or one to a line: then their
 * order is the cells' order. A lone value on a line before a row printed on one
 * line is a stray from elsewhere, not the row's first cell.
 */
function oneLayout(run: readonly Token[]): boolean {
  const per = new Map<string | undefined, number>();
  for (const t of run) if (!t.soft) per.set(placeOf(t), (per.get(placeOf(t)) ?? 0) + 1);
  return per.size <= 1 || [...per.values()].every((k) => k === 1);
}

/**
 * Which blanks a layout drops first: an HTML cell off its header's columns or right of
 * all the table's text; a gap between pipe rows at the row's end, then elsewhere; filler
 * before the values (a label spanning two columns); padding
 * after them; a blank between values last.
 */
function blankCost(run: readonly Token[], i: number, first: number, last: number, lastColumn?: ReadonlyMap<number, number>, underHeader?: ReadonlySet<number>): number {
  const t = run[i]!;
  if (t.col !== undefined && underHeader) return underHeader.has(t.col) ? 3 : 0;
  if (t.col !== undefined && t.col > (lastColumn?.get(t.htmlTable!) ?? Infinity)) return 0;
  if (t.soft) return i > last ? 0 : i < first ? 0.5 : 0.75;
  return first < 0 ? 1 : i < first ? 1 : i > last ? (t.col === undefined ? 1 : 2) : 3;
}

export function readRow(input: RowInput): RowRead {
  const { keys, name, home } = input;
  const n = keys.length;
  const cut = input.run.find((t) => t.cut);
  if (cut) {
    // The text ends inside this token: what it shows may be part of a longer value.
    const r = readRow({ ...input, run: input.run.filter((t) => t !== cut), whole: input.run });
    return { ...r, dropped: [...r.dropped, { tok: cut, why: 'the text ends inside it: it may be cut short' }],
      warnings: [...r.warnings, ...(isStated(cut) ? [`${name}: ${quote(cut)} is where the text ends and may be cut short: not placed`] : [])] };
  }
  const run = input.run;
  const sign = keys.some(isSignedKey) ? run.find((t) => t.maybeSign) : undefined;
  if (sign) {
    // `- 3` under 本年增/减 reads as a blank then 3, or as −3: either may be the page's.
    const why = `${quote(sign)} a space before a number: a blank cell, or the number's minus sign`;
    return { ...abstain(run, why), warnings: [`${name}: ${why}: left out`] };
  }
  if (run.length > n) {
    const whole = input.ocr ? null : readCellsWhole(input, run);
    if (whole) return whole;
    const mine = ownPrintedRow(run, n, home);
    if (mine) {
      const r = readRow({ ...input, run: mine });
      const set = new Set(mine);
      const others = run.filter((t) => !set.has(t));
      const named = others.filter(isNumber);
      return {
        ...r,
        dropped: [...r.dropped, ...others.map((tok) => ({ tok, why: 'printed on another line than the row' }))],
        warnings: [...r.warnings, ...(named.length ? [`${name}: ${named.map(quote).join(', ')} printed apart from the row's line: not placed`] : [])],
      };
    }
  }
  const m = run.length;
  if (m === n) {
    // A row printed on one line whose count comes out right only with the blank that spans the
    // line break: that blank is the gap between two rows as well as it may be a cell, so which
    // column is blank is not shown — read the row without it (and leave it out if it falls short).
    // (Two cells or more on the line, or one on the label's own line, tell a row per line from a cell
    // per line, where such a blank is a cell.)
    // A row spaced on one line (two values or more there) has its blanks as gaps on that line: a
    // blank line of text after it (an empty line, a table's closing empty row stripped of its
    // walls) is no cell of it, and counted as one it moved a column.
    const lineBlanks = lineBlanksApart(run);
    if (lineBlanks.length) return readRow({ ...input, run: run.filter((t) => !lineBlanks.includes(t)) });
    const hard = run.filter((t) => !t.soft);
    const rowPerLine = hard.length >= 2 || (hard.length === 1 && home !== undefined && placeOf(home) === placeOf(hard[0]!));
    if (hard.length < m && rowPerLine && new Set(hard.map(placeOf)).size === 1 && !input.atCut) return readRow({ ...input, run: hard });
    // Where the text ends, a row one cell a line whose count comes out right only with its blank
    // lines may be a longer row cut short with filler among its values (a page's padding); read
    // so, an identity failing shows it to be. (Between pipes, tabs or on one line, a blank is a
    // printed cell.)
    if (input.atCut && run.some(isBlank) && new Set(run.map(placeOf)).size === run.length && !run.some((t) => t.segment !== undefined || t.col !== undefined)
      && failing(own(input.ids, keys), keys, run)) {
      const why = 'the text ends with this row, which counts its columns only with its blank lines and so reads against the template\'s identities: a row cut short with filler blanks among its values';
      return { ...abstain(run, why), warnings: [`${name}: ${why}: left out`] };
    }
    return result(keys, run, run, 'read');
  }
  if (m < n) {
    if (m === 0) return { placed: [], dropped: [], readings: 0, warnings: [`${name}: no cells printed`], abstained: 'no cells printed' };
    const cutShown = input.blanksShown || (input.whole ?? run).some((t) => t.openEnd || t.cutShown);
    if (input.atCut && cutShown && !input.blanksLost && oneLayout(input.whole ?? run) && !blanksMayHide(input.whole ?? run)) return readToFirstBlank(input, run);
    // A row the reader cut at the edge of the print, label and cells on its one line: the first cells.
    if (home?.openEnd && run.every((t) => t.openEnd && placeOf(t) === placeOf(home))) {
      return result(keys.slice(0, m), run, run, 'read', { warnings: [`${name}: ${m} of ${n} cells printed (the row runs past the edge of the print; the rest left out)`] });
    }
    if (!run.some(isStated)) return abstain(run, 'blank');
    const why = input.atCut ? `${m} cells for ${n} columns where the text ends, and nothing shows which columns are blank (cut off, or blank cells the copy dropped)`
      : `${m} cells for ${n} columns, and nothing shows which columns are blank`;
    return { ...abstain(run, why), blanksUnshown: true, warnings: [`${name}: ${why} (${run.filter(isStated).map(quote).join(', ')}): left out`] };
  }
  const last = run[run.length - 1]!;
  const blanks = run.filter(isBlank).length;
  if (input.atCut && isStated(last) && blanks < run.length - n) {
    // The text ends inside what follows the row: its last token is a fragment of what was cut.
    const r = readRow({ ...input, run: run.slice(0, -1), atCut: false });
    return { ...r, dropped: [...r.dropped, { tok: last, why: 'where the text ends, after the row' }],
      warnings: [...r.warnings, `${name}: ${quote(last)} where the text ends, after the row's cells: not placed`] };
  }
  // At the end of the text, more printed cells than columns but fewer values: some blanks are
  // spare (a layout's own, as a whole row would show) while values may be missing after the cut.
  const hard = run.filter((t) => !t.soft);
  if (input.atCut && hard.length > n && hard.filter(isStated).length < n && oneLayout(input.whole ?? run)) return readToFirstBlank(input, hard);
  return readLongRow(input, run);
}

/** Why a cut row's cells after its first blank are not placed: the row's own cells, their columns unsure. */
export const AFTER_BLANK_AT_CUT = 'after a blank in a row the text ends inside: its column is not sure';

/**
 * A row the text ends inside, read from its first cell: the cells before its first blank.
 * A blank may be layout that a whole row would show up as spare (one token too many), so the
 * cells after it may not be in their columns; they are left out, named. The gap before the
 * row's first pipe is the line break between rows, not its first cell.
 */
function readToFirstBlank(input: RowInput, run: readonly Token[]): RowRead {
  const { keys, name } = input;
  const from = run.findIndex((t) => !t.soft);
  if (from < 0) return abstain(run, 'blank');
  // A break before the first value may be a blank first cell: a longer gap of empty lines (blanks
  // as gaps), or a lone wall on its line (cells closed by a pipe, `行政处罚 |`, `|`, `+239 |`).
  // Whole, the row's count tells; cut, which cell the first value fills is not shown. (The break
  // between two walled pipe rows is no token at all.)
  // In pipe text, a value with no wall between it and the row's name (`…申请` then `1`, one line
  // apart, the text ending there) is no cell the page's walls show: a stray or a note, not a first cell.
  const home = input.home;
  if (home?.segment !== undefined && run[from]!.segment === home.segment && run[from]!.line !== home.line) {
    const why = 'the first value of a row the text ends inside stands with no wall between it and the name: not shown to be the row\'s first cell';
    return { ...abstain(run, why), warnings: [`${name}: ${why}: left out`] };
  }
  if (from > 0) {
    const why = 'a break that may be a blank cell before the first value of a row the text ends inside: which column each value fills is not shown';
    return { ...abstain(run, why), warnings: [`${name}: ${why}: left out`] };
  }
  // A line break between pipes further on may be a blank cell too (cells closed by a pipe): it ends the sure cells as a blank does.
  const blank = run.findIndex((t, i) => i >= from && !isStated(t));
  const cells = run.slice(from, blank < 0 ? run.length : blank);
  const unsure = blank < 0 ? [] : run.slice(blank).filter(isStated);
  return result(keys.slice(0, cells.length), cells, run, 'read', {
    dropWhy: () => AFTER_BLANK_AT_CUT,
    warnings: [`${name}: ${cells.length} of ${keys.length} cells printed (the text ends here)`,
      ...(unsure.length ? [`${name}: ${unsure.map(quote).join(', ')} after a blank in a row the text ends inside (the blank may be no cell): not placed`] : [])],
  });
}

/**
 * The columns an HTML row's cells sit under: its header row's columns right of its label,
 * when the row is printed on the label's row and the header shows exactly as many columns as
 * the row has cells. Undefined otherwise (text; a header that spans or falls short).
 */
function underHeader(input: RowInput): ReadonlySet<number> | undefined {
  const home = input.home;
  if (home?.col === undefined || !input.headerColumns) return undefined;
  const at = placeOf(home)!;
  if (!input.run.every((t) => placeOf(t) === at)) return undefined;
  const cols = (input.headerColumns.get(at) ?? []).filter((c) => c > home.col!);
  return cols.length === input.keys.length ? new Set(cols) : undefined;
}

/** A run holding more tokens than the row has cells: drop blanks by layout, else let identities choose — or leave the row out. */
function readLongRow(input: RowInput, run: readonly Token[]): RowRead {
  const { keys, name } = input;
  const n = keys.length, extra = run.length - n;
  const blanks = run.map((t, i) => (isBlank(t) ? i : -1)).filter((i) => i >= 0);
  const ids = own(input.ids, keys);
  if (blanks.length >= extra) {
    const stated = run.map(isStated);
    const first = stated.indexOf(true), last = stated.lastIndexOf(true);
    const combos = combinations(blanks.length, extra);
    if (!combos) return { ...abstain(run, 'too many ways to read the row'), warnings: [`${name}: too many ways to read the row: left out`] };
    const header = underHeader(input);
    const readings = combos.map((drop) => {
      const dropped = new Set(drop.map((i) => blanks[i]!));
      const reading = run.filter((_, i) => !dropped.has(i));
      const costs = [...dropped].map((i) => blankCost(run, i, first, last, input.lastColumn, header));
      // Blanks of plain text (a line of its own, an empty stretch between pipes; not a line break)
      // whose place suggests padding, filler or a cell, but does not settle it as an HTML cell's does.
      const plain = [...dropped].filter((i) => run[i]!.col === undefined && !run[i]!.soft);
      return { reading, cost: costs.reduce((a, c) => a + c, 0), sig: signature(keys, reading), plain: plain.length > 0,
        between: plain.some((i) => i > first && i < last), before: plain.some((i) => i < first) };
    });
    const min = Math.min(...readings.map((r) => r.cost));
    const best = readings.filter((r) => r.cost === min);
    const sure = new Set(best.map((r) => r.sig)).size === 1;
    const b = best[0]!;
    if (sure && !b.plain) return result(keys, b.reading, run, 'read', { readings: readings.length, dropWhy: () => 'blank: layout padding' });
    if (best.some((r) => r.plain)) {
      // The token too many may as well be a value (a bare page number, a footnote's number): the
      // identities weigh every way to drop tokens. The layout's reading stands as read only where it
      // drops padding after the values (a row's end, which many text layouts print) and the
      // identities single out no other reading; filler before the values goes only where they
      // single out that reading (inferred); a blank between values is a cell.
      const all = allReadings(run, extra) ?? [];
      const weighed = weigh(keys, ids, all);
      if (sure && !b.between && !b.before && (weighed.pick === null || weighed.pick.sig === b.sig)) {
        return result(keys, b.reading, run, 'read', { readings: all.length, dropWhy: () => 'blank: layout padding' });
      }
      return byIdentities(input, run, all, ids, b.between ? 'a blank between values, or a value, is a token too many' : 'a blank, or a value, is a token too many', weighed);
    }
    return byIdentities(input, run, readings.map((r) => r.reading), ids, 'blank cells could be padding in more than one place');
  }
  const surplus = extra - blanks.length;
  if (surplus > MAX_STATED_DROPPED) {
    const why = `${surplus} values more than the row has cells (another row's values, or text out of order)`;
    return { ...abstain(run, why), warnings: [`${name}: ${why}: left out`] };
  }
  const readings = allReadings(run, extra);
  if (!readings) return { ...abstain(run, 'too many ways to read the row'), warnings: [`${name}: ${extra} tokens too many and too many ways to read the row: left out`] };
  return byIdentities(input, run, readings, ids, `${extra} more values than cells`);
}

/**
 * Stated values a reading may drop for the identities to choose it. One value too many is a
 * page number, a footnote's mark or a stray that the identities can single out; a row holding
 * several more values than cells holds another row's values or text out of order (a lost label,
 * a converter's reading order), and among the hundreds of ways to drop them some reading makes
 * an identity hold by chance (zeros summing to zero): that row is left out.
 */
const MAX_STATED_DROPPED = 1;

/**
 * Every reading of a run with `extra` of its tokens dropped, at most MAX_STATED_DROPPED of them
 * stated and none a number printed with a mark (`0*`, `3注1`): such a cell holds its column as
 * any printed cell does, and no value of its own lets an identity miss it. Null past the limit.
 */
function allReadings(run: readonly Token[], extra: number): Token[][] | null {
  const combos = combinations(run.length, extra);
  const marked = new Set(run.flatMap((t, i) => (isStated(t) && isMarkedNumber(t.text, true) ? [i] : [])));
  return combos && combos.filter((drop) => drop.filter((i) => isStated(run[i]!)).length <= MAX_STATED_DROPPED && !drop.some((i) => marked.has(i)))
    .map((drop) => { const d = new Set(drop); return run.filter((_, i) => !d.has(i)); });
}

/** Readings weighed by the identities: the one (and its values' signature) that makes the most of them hold, when exactly one outcome does; how many hold at most. */
interface Weighed { readonly pick: { readonly reading: Token[]; readonly sig: string } | null; readonly top: number }

function weigh(keys: readonly string[], ids: readonly Identity[], readings: readonly Token[][]): Weighed {
  const scored = readings.map((reading) => ({ reading, score: holding(ids, keys, reading), sig: signature(keys, reading) }));
  const top = Math.max(0, ...scored.map((s) => s.score));
  const best = scored.filter((s) => s.score === top);
  return { pick: top === 0 || new Set(best.map((s) => s.sig)).size !== 1 ? null : best[0]!, top };
}

/**
 * Why another reading is as good as the identities' pick (`stated`: the values it drops), or null.
 * A stated number is thrown out only when the row cannot be read without: a reading that drops
 * blanks alone and breaks no identity (its sums unknown for its blanks) is as good, and the sum
 * the pick makes hold may hold by chance (small numbers, a total among them). Zeros summing to
 * zero hold wherever the row's zeros are put: when only such sums single the pick out, a reading
 * that puts a value elsewhere and breaks no identity is as good; so is the one that takes the
 * row's edges for its padding (a row's end, the header row's end before it: blanks a copy's lost
 * walls leave, which no count places) if it puts the blanks elsewhere. (A padding blank among
 * zeros that both drop leaves the pick standing: hongze-2024's （六）.)
 */
function asGood(pick: readonly Token[], stated: readonly Token[], run: readonly Token[], readings: readonly Token[][],
  ids: readonly Identity[], keys: readonly string[]): string | null {
  const fine = (r: readonly Token[]) => !failing(ids, keys, r);
  if (stated.length && readings.some((r) => run.every((t) => r.includes(t) || !isStated(t)) && fine(r))) {
    return `dropping ${stated.map(quote).join(', ')} makes an identity hold, but dropping blanks alone breaks none`;
  }
  if (outcomes(ids, keys, pick).includes('holds')) return null;
  if (readings.some((r) => nonzero(keys, r) !== nonzero(keys, pick) && fine(r))) {
    return 'only sums of zeros single a reading out, and another puts the row\'s values elsewhere';
  }
  const edges = readings.find((r) => dropsEdgesOnly(run, r));
  if (edges && signature(keys, edges) !== signature(keys, pick) && fine(edges)) {
    return 'only sums of zeros single a reading out, and another puts the row\'s blanks elsewhere';
  }
  return null;
}

/** The identities choose a reading only when exactly one outcome makes the most of them hold (`weighed`: the readings already weighed). */
function byIdentities(input: RowInput, run: readonly Token[], readings: readonly Token[][], ids: readonly Identity[], problem: string,
  weighed: Weighed = weigh(input.keys, ids, readings)): RowRead {
  const { keys, name } = input;
  const { pick, top } = weighed;
  if (!pick) {
    const why = `${problem}; ${top === 0 ? 'no identity of the template tells them apart' : 'the identities allow more than one reading'}`;
    return { ...abstain(run, why, readings.length), warnings: [`${name}: ${why}: left out`] };
  }
  const reading = pick.reading;
  const kept = new Set(reading);
  const stated = run.filter((t) => !kept.has(t) && isStated(t));
  const doubt = asGood(reading, stated, run, readings, ids, keys);
  if (doubt) {
    const why = `${problem}; ${doubt}`;
    return { ...abstain(run, why, readings.length), warnings: [`${name}: ${why}: left out`] };
  }
  const why = `${problem}; the reading chosen is the one where the row's identities hold`;
  const warnings = [`${name}: ${why}${stated.length ? `: dropped ${stated.map(quote).join(', ')}` : ''}`];
  return result(keys, reading, run, 'inferred', { why, readings: readings.length, warnings, dropWhy: () => 'dropped by the identities' });
}
