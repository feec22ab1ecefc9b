/**
 * Whether a table's header prints the template's columns in the template's order. The
 * aligner reads a row's values by position, as the template orders the columns; a page
 * whose header puts them in another order (商业企业 before 自然人) would have every value
 * read into its neighbour's column. Such a table is left out, with the order it printed.
 *
 * Judged only where the header is plain: each column's name printed once, before the
 * table's first row. A header that can't be found whole says nothing (names misprinted,
 * a header left off): the rows are read as the template orders them. One order the header
 * as text cannot tell from the template's, table B's 总计 first, its rows' sums tell.
 */
import { tableA, TABLE_B_COLUMNS, TABLE_C_COLUMNS, TABLE_C_GROUPS } from '../template/index.js';
import type { TemplateId } from '../model/report.js';
import { matchLabel, normLabel } from './labels.js';
import type { Token } from './tokens.js';

const B_NAMES = TABLE_B_COLUMNS.map((c) => normLabel(c.label));
const B_TOTAL = normLabel(TABLE_B_COLUMNS[TABLE_B_COLUMNS.length - 1]!.label);
const C_NAMES = TABLE_C_COLUMNS.map((c) => normLabel(c.label));
const C_GROUPS = TABLE_C_GROUPS.map((g) => normLabel(g.label));
// The first characters of the names: a token starting otherwise (most) is no header, without normalising it.
const firsts = (names: readonly string[]): ReadonlySet<string> => new Set(names.map((n) => n[0]!));
const B_FIRST = firsts(B_NAMES), C_FIRST = firsts(C_NAMES), GROUP_FIRST = firsts(C_GROUPS);
const mayBe = (first: ReadonlySet<string>, text: string): boolean => first.has(text.trimStart()[0] ?? '');

/**
 * Tokens with a text line of names set apart by spaces (`结果维持  结果纠正`, as a page that
 * spaces its header row prints it) split into one token a name, on that line, as one cell a
 * line prints them. Other tokens pass unchanged.
 */
function* apart(tokens: readonly Token[], from = 0): Generator<Token> {
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.col === undefined && !t.boundary && SPACED_NAMES.test(t.text)) {
      for (const text of t.text.trim().split(NAME_GAP)) yield { ...t, text };
    } else yield t;
  }
}
const NAME_GAP = /\s{2,}|[\t\u3000]+/;
const SPACED_NAMES = /[\u4e00-\u9fff](?:\s{2,}|[\t\u3000]+)[\u4e00-\u9fff]/;

/** Header tokens in the order they head columns: by grid column for an HTML table, else as printed. */
function headingOrder(found: readonly Token[]): string[] {
  const html = found.every((t) => t.col !== undefined);
  const ordered = html ? [...found].sort((a, b) => a.col! - b.col!) : found;
  return ordered.map((t) => normLabel(t.text));
}

/**
 * Table B: null when its columns are in the template's order (or the header can't tell), else
 * the order printed. Text loses a two-row header's layout: 总计 spans both rows, so flattened it
 * is printed after 自然人 (both in the first row) or first (自然人 in the second): those orders
 * are the template's too. One line holding the whole header is a row as printed.
 */
export function tableBColumnsOutOfOrder(tokens: readonly Token[], template: TemplateId): string[] | null {
  const header: Token[] = [];
  for (const t of apart(tokens)) {
    if (t.boundary) continue;
    const label = matchLabel(t.text, template);
    if (label?.table === 'A') header.length = 0;
    if (label?.table === 'B') break;
    if (mayBe(B_FIRST, t.text) && B_NAMES.includes(normLabel(t.text))) header.push(t);
  }
  const printed = headingOrder(header);
  if (printed.length !== B_NAMES.length || new Set(printed).size !== B_NAMES.length) return null;
  const oneRow = header.every((t) => t.col !== undefined) || header.every((t) => t.line !== undefined && t.line === header[0]!.line);
  if (!oneRow && !sameLineInOrder(header)) return printed;
  return (oneRow ? [B_NAMES] : B_FLATTENED).some((o) => o.every((n, i) => n === printed[i])) ? null : printed;
}

/** Names printed on one line of text (a header row as printed) stand in the template's order there (总计 first is a flattening only across rows). */
function sameLineInOrder(header: readonly Token[]): boolean {
  return header.every((t, i) => i === 0 || t.line === undefined || t.line !== header[i - 1]!.line
    || B_NAMES.indexOf(normLabel(header[i - 1]!.text)) < B_NAMES.indexOf(normLabel(t.text)));
}

/**
 * Table B read by position whose rows' sums say 总计 is its first column: each row's first value
 * the sum of the six after it, where the template's reading (the last the sum of the six before
 * it) does not hold. A header flattened one cell a line prints 总计 first either way (spanning two
 * rows above 自然人, or heading the first column), so only the values can tell. Null when the
 * sums do not say so; else why the table is left out. Rows of zeros hold either way and count
 * for neither.
 */
export function tableBTotalFirst(value: (row: string, col: string) => number | null | undefined, rows: readonly string[]): string | null {
  let first = 0, last = 0;
  const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);
  for (const r of rows) {
    const v = TABLE_B_COLUMNS.map((c) => value(r, c.key));
    if (!v.every((x): x is number => typeof x === 'number') || v.every((x) => x === 0)) continue;
    const lastHolds = Math.abs(sum(v.slice(0, 6)) - v[6]!) < 1e-9, firstHolds = Math.abs(sum(v.slice(1)) - v[0]!) < 1e-9;
    if (firstHolds && !lastHolds) first++;
    if (lastHolds && !firstHolds) last++;
  }
  return first >= 2 && first > last
    ? `in ${first} rows the first value is the sum of the six after it and the last not the sum of the six before it (${last} rows the other way): 总计 is printed first, and the values are read by position`
    : null;
}

/** Table B's header as text may print it: in one row, or two rows flattened (总计 after 自然人, or first). */
const B_FLATTENED: readonly (readonly string[])[] = (() => {
  const six = B_NAMES.filter((n) => n !== B_TOTAL);
  return [B_NAMES, [six[0]!, B_TOTAL, ...six.slice(1)], [B_TOTAL, ...six]];
})();

/**
 * Table C: null when its groups (行政复议, 未经复议直接起诉, 复议后起诉) and each group's columns
 * (结果维持 … 总计) are printed in the template's order (or the header can't tell), else the
 * groups' order as printed, or the first group's columns' order.
 */
export function tableCColumnsOutOfOrder(tokens: readonly Token[], start: number): string[] | null {
  const header: Token[] = [], groups: Token[] = [];
  for (const t of apart(tokens, start)) {
    if (t.boundary) continue;
    if (mayBe(C_FIRST, t.text) && C_NAMES.includes(normLabel(t.text))) { header.push(t); continue; }
    if (mayBe(GROUP_FIRST, t.text) && C_GROUPS.includes(normLabel(t.text))) { groups.push(t); continue; }
    if (/^\s*[+\-＋－]?[\d０-９]/.test(t.text)) break;
  }
  // Groups named once each, in another order than the template's: every value would go to another group.
  const groupOrder = headingOrder(groups);
  if (new Set(groupOrder).size === groupOrder.length && !groupOrder.every((n, i) => i === 0 || C_GROUPS.indexOf(groupOrder[i - 1]!) < C_GROUPS.indexOf(n))) return groupOrder;
  const printed = headingOrder(header);
  if (!printed.length || printed.length % C_NAMES.length !== 0) return null;
  for (let g = 0; g < printed.length; g += C_NAMES.length) {
    const group = printed.slice(g, g + C_NAMES.length);
    if (new Set(group).size !== C_NAMES.length) return null;
    if (!group.every((n, i) => n === C_NAMES[i])) return group;
  }
  return null;
}

/** Each table A block's column names in the template's order, for the blocks with two or more columns. */
const A_BLOCKS = new Map<TemplateId, { blocks: string[][]; names: ReadonlySet<string>; first: ReadonlySet<string> }>();
function aBlocks(template: TemplateId) {
  let b = A_BLOCKS.get(template);
  if (!b) {
    const blocks = tableA(template).map((x) => [...new Set(x.cells.map((c) => normLabel(c.column)))]).filter((cols) => cols.length >= 2);
    A_BLOCKS.set(template, (b = { blocks, names: new Set(blocks.flat()), first: firsts(blocks.flat()) }));
  }
  return b;
}

/**
 * Table A: null when every block header that names all its columns (本年制发件数, 本年废止件数,
 * 现行有效件数) names them in the template's order (or none can tell), else the order printed.
 * A header is the column names printed one after another (blank lines between them aside).
 */
export function tableAColumnsOutOfOrder(tokens: readonly Token[], template: TemplateId): string[] | null {
  const { blocks, names, first } = aBlocks(template);
  let run: Token[] = [];
  const judge = (): string[] | null => {
    const printed = headingOrder(run);
    run = [];
    if (printed.length < 2 || new Set(printed).size !== printed.length) return null;
    const block = blocks.find((cols) => cols.length === printed.length && cols.every((c) => printed.includes(c)));
    return block && !block.every((c, i) => c === printed[i]) ? printed : null;
  };
  for (const t of apart(tokens)) {
    if (!t.boundary && !t.text.trim()) continue;
    if (!t.boundary && mayBe(first, t.text) && names.has(normLabel(t.text))) { run.push(t); continue; }
    if (run.length) { const out = judge(); if (out) return out; }
  }
  return run.length ? judge() : null;
}
