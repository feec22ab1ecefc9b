/**
 * Which printed cell text names which template row, and the row's cells. The
 * names and their variants are template data (src/template: table A `row` and
 * `rowVariants`, table B `variants`); this module only matches them, forgiving a
 * misprinted character in long table A names.
 */
import type { TemplateId } from '../model/report.js';
import { tableA, TABLE_B_ROWS, TABLE_B_COLUMNS, TABLE_C_COLUMNS, TABLE_C_GROUPS, tableBKey } from '../template/index.js';
import { toHalfWidth } from './values.js';

export interface RowLabel {
  readonly table: 'A' | 'B';
  /** Template row key (`regulations`, `granted`, …). */
  readonly row: string;
  /** The canonical keys of the row's cells, in printed column order. */
  readonly keys: readonly string[];
  /** Parent row whose label, printed alone before this one, is a heading, not a row. */
  readonly parent?: string;
}

/** Label text normalised: half-width, no spaces, ASCII brackets, no trailing colon or &nbsp;. */
export function normLabel(s: string): string {
  // Half-width already turns （）．： into ().: — what is left is white space and a closing colon.
  return toHalfWidth(s).replace(/[\s\u00a0]+/g, '').replace(/:$/, '');
}

/** A template variant (`^word`, `word$`, `word`) as a test on a normalised label. */
function variantTest(v: string): (label: string) => boolean {
  const w = normLabel(v.replace(/^\^|\$$/g, ''));
  if (v.startsWith('^') && v.endsWith('$')) return (l) => l === w;
  if (v.startsWith('^')) return (l) => l.startsWith(w);
  if (v.endsWith('$')) return (l) => l.endsWith(w);
  return (l) => l.includes(w);
}

// Table B rows with the tests of their variants (template data), built once.
const B_TESTS = TABLE_B_ROWS.map((row) => ({ row, tests: row.variants.map(variantTest) }));
// Sub-rows printed after their heading in one cell (`（六）其他处理 3.其他`): the heading, as
// normalised, and the tests of the rows under it — anchored variants must match the rest.
const B_HEADINGS = [...new Set(TABLE_B_ROWS.flatMap((r) => (r.parent ? [r.parent] : [])))]
  .map((parent) => ({ heading: normLabel(parent), rows: B_TESTS.filter((b) => b.row.parent === parent) }));

const SUBTOTAL_AFTER = /\(?(?:小计|合计)\)?$/;

/**
 * The first row under a heading of sub-rows (（三）不予公开 → denied_state_secret), when `text`
 * is that heading alone (or with 小计 / 合计 after it); null for any other text. （六）其他处理
 * alone is none: it names a row of its own in the one-row layout (headingBesideSubrows in
 * align.ts settles it when sub-rows follow).
 */
export function firstRowUnder(text: string, template: TemplateId): string | null {
  // The heading may name its row a subtotal (（三）不予公开 小计, a label and a 小计 cell on one line).
  const printed = normLabel(text);
  const t = printed.replace(SUBTOTAL_AFTER, '');
  const h = B_HEADINGS.find((x) => x.heading === t);
  // （六）其他处理 alone names a row of the one-row layout; with 小计 after it, a subtotal.
  if (!h || (/其他处理/.test(t) && t === printed)) return null;
  return h.rows.find((b) => b.row.templates.includes(template))?.row.key ?? null;
}

const B_KEYS = (row: string) => TABLE_B_COLUMNS.map((c) => tableBKey(row, c.key));

const A_LABELS = new Map<TemplateId, Map<string, RowLabel>>();

/** Printed name (and variants) → table A row, per template; built once. */
function aLabels(template: TemplateId): Map<string, RowLabel> {
  let m = A_LABELS.get(template);
  if (m) return m;
  m = new Map();
  const rows = new Map<string, { names: string[]; keys: string[] }>();
  for (const block of tableA(template)) for (const c of block.cells) {
    const r = rows.get(c.row) ?? { names: [c.row, ...c.rowVariants], keys: [] };
    r.keys.push(c.key);
    rows.set(c.row, r);
  }
  for (const [row, r] of rows) for (const name of r.names) if (!m.has(name)) m.set(name, { table: 'A', row, keys: r.keys });
  A_LABELS.set(template, m);
  return m;
}

/** One character replaced, left out or added, or two neighbours swapped: the misprints of a label typed by hand (行政事业型收费, 行政事业收费). */
function nearlyEqual(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) === 1) return oneLeftOut(a.length > b.length ? a : b, a.length > b.length ? b : a);
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** Whether `short` is `long` with one character left out. */
function oneLeftOut(long: string, short: string): boolean {
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  return long.slice(i + 1) === short.slice(i);
}

// Names shorter than this are too close to one another (行政许可, 行政处罚) to forgive a misprint.
const MIN_FUZZY = 5;

// The aligner asks about every token, several times over, and pages repeat the same few dozen
// labels: matches are immutable, so one per (template, text) is kept (bounded; cleared when full).
// Keyed by the token's own text, one map per template: a joined key would be a new string to hash
// at every lookup.
const MATCHES = new Map<TemplateId, Map<string, RowLabel | null>>();

/** Which template row a cell names, if any. Sentences (narrative) never name a row. */
export function matchLabel(text: string, template: TemplateId): RowLabel | null {
  let matches = MATCHES.get(template);
  if (!matches) MATCHES.set(template, matches = new Map());
  const hit = matches.get(text);
  if (hit !== undefined) return hit;
  if (matches.size >= 20_000) matches.clear();
  const label = matchLabelText(text, template);
  matches.set(text, label);
  return label;
}

/** The table B row whose variants match `t`, among `candidates`. */
function bRow(t: string, candidates: typeof B_TESTS, template: TemplateId): RowLabel | null {
  for (const { row, tests } of candidates) {
    if (!row.templates.includes(template) || !tests.some((test) => test(t))) continue;
    const parent = row.parent && /其他处理/.test(row.parent) ? 'other' : undefined;
    return parent ? { table: 'B', row: row.key, keys: B_KEYS(row.key), parent } : { table: 'B', row: row.key, keys: B_KEYS(row.key) };
  }
  return null;
}

// A table A row's name as some tables print it: numbered (1.规章, (一)规章) or with its unit
// after it (规章(件), 行政事业性收费(万元)).
const A_NUMBER = /^(?:\d{1,2}[.、]|\([一二三四五六七八九十]\)|[一二三四五六七八九十]、)/;
const A_UNIT = /\((?:件|个|项|条|万元|元)\)$/;

function matchLabelText(text: string, template: TemplateId): RowLabel | null {
  const t = normLabel(text);
  if (!t || t.length > 70 || /[。；]/.test(t) || /\d{2,}/.test(t)) return null;
  const names = aLabels(template);
  const a = names.get(t) ?? names.get(t.replace(A_NUMBER, '').replace(A_UNIT, ''));
  if (a) return a;
  const b = bRow(t, B_TESTS, template)
    ?? B_HEADINGS.flatMap(({ heading, rows }) => (t.length > heading.length && t.startsWith(heading) ? [bRow(t.slice(heading.length), rows, template)] : []))
      .find((x) => x !== null);
  if (b) return b;
  if (t.length < MIN_FUZZY) return null;
  const near = [...aLabels(template)].filter(([name]) => name.length >= MIN_FUZZY && nearlyEqual(name, t));
  return new Set(near.map(([, l]) => l.row)).size === 1 ? near[0]![1] : null;
}

const HEADERS = new Map<TemplateId, ReadonlySet<string>>();

/**
 * Whether a cell's text is one of the template's headers — a table A block's article
 * (第二十条第（九）项), a column name (信息内容, 采购项目数量, 自然人, 结果维持, …) — never a
 * row's name nor part of one: text that comes after a row and before the next.
 */
export function isHeaderText(text: string, template: TemplateId): boolean {
  let words = HEADERS.get(template);
  if (!words) {
    const all = [
      '信息内容', '申请人情况', '法人或其他组织', '行政诉讼',
      ...tableA(template).flatMap((b) => [b.article, ...b.cells.flatMap((c) => [c.column, ...c.columnVariants])]),
      ...TABLE_B_COLUMNS.flatMap((c) => [c.label, ...c.variants]),
      ...[...TABLE_C_GROUPS, ...TABLE_C_COLUMNS].flatMap((c) => [c.label, ...c.variants]),
    ];
    HEADERS.set(template, words = new Set(all.map(normLabel)));
  }
  return words.has(normLabel(text));
}

/** A row's item number: `（一）`, `1.` or `四、` (before the words of its name). */
export const ITEM_NUMBER = /[（(][一二三四五六七八九十][）)]|(?<![\d.])\d{1,2}[.、．](?=\p{Script=Han})|[一二三四五六七八九十][、．](?=\p{Script=Han})/gu;
/** Where a row's item number starts inside a text (not at its start). */
const INNER_ITEM = new RegExp(`(?<=.)(?:${ITEM_NUMBER.source})`, 'gu');

/**
 * Two or more rows' labels run together in one text — a scan whose rule between two rows was
 * lost joins their label cells (`（七）总计四、结转下年度继续办理`) — split where each item number
 * starts, when every part names a row of its own; else null (one label, or text that is none).
 */
export function splitRowLabels(text: string, template: TemplateId): string[] | null {
  const starts = [...text.matchAll(INNER_ITEM)].map((m) => m.index!);
  if (!starts.length) return null;
  const parts = [0, ...starts].map((s, i, all) => text.slice(s, all[i + 1] ?? text.length).trim());
  const rows = parts.map((p) => matchLabel(p, template));
  if (rows.some((r) => r === null)) return null;
  return new Set(rows.map((r) => `${r!.table}:${r!.row}`)).size === rows.length ? parts : null;
}
