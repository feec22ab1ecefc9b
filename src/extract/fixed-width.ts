/**
 * Tables in text printed in fixed-width columns (`pdftotext -layout`, text typed into columns
 * with spaces; the text reader's, so not yet a `<pre>` block of an HTML page): each row is one
 * line, its cells set apart by runs of spaces, and a blank cell is only a wider gap. Read line
 * by line, such a row with a blank has too few cells and nothing to show which one is blank, so
 * it is left out. Where the lines of a table agree on where its value columns stand, each row
 * is rewritten as a pipe row with its blanks in place (`规章   0        5` → `| 规章 | 0 |  | 5 |`),
 * one line for one, so every token keeps its line.
 *
 * Columns are found from the table's value lines: the character positions some line's value
 * covers, split where every line leaves a gap. Positions are counted two ways — by characters
 * (pdftotext) and by display width, an ideograph two (an editor's monospace font) — and the way
 * the page's labelled rows fall into columns under is used (both must agree where they do not
 * tell); a table with no row printed whole, or whose fields do not fall one to a column, is left
 * as it is.
 */
import { readCell } from './values.js';

interface Field { readonly text: string; readonly from: number; readonly to: number }

// Cells are set apart by two spaces or more (one space may stand inside a label or a value).
const FIELD = /\S+(?: \S+)*/g;
const GAP = / {2,}/;
const MIN_ROWS = 3;

const isWide = (c: string): boolean => /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c);

function fieldsOf(line: string, wide: boolean): Field[] {
  const out: Field[] = [];
  // Display position of each character index.
  const at: number[] = [];
  let x = 0;
  for (const c of line) { for (let k = 0; k < c.length; k++) at.push(x); x += wide && isWide(c) ? 2 : 1; }
  at.push(x);
  for (const m of line.matchAll(FIELD)) {
    const start = m.index!, end = start + m[0].length;
    // A label a single space from its row's first value (`…过程性信息 0`, the label longer than
    // its column): two fields. Only one value after a word that is none: `1 234` may be one number.
    const cut = m[0].lastIndexOf(' ');
    const [head, last] = cut < 0 ? ['', ''] : [m[0].slice(0, cut), m[0].slice(cut + 1)];
    if (cut > 0 && isValueText(last) && !isValueText(head.slice(head.lastIndexOf(' ') + 1))) {
      out.push({ text: head, from: at[start]!, to: at[start + cut]! }, { text: last, from: at[start + cut + 1]!, to: at[end]! });
    } else out.push({ text: m[0], from: at[start]!, to: at[end]! });
  }
  return out;
}

const isValueText = (s: string): boolean => { const k = readCell(s).kind; return k === 'number' || k === 'placeholder'; };

/** A row as fixed-width print lays it out: a label, then two or more values, set apart by wide gaps. */
const valueRow = (fields: readonly Field[]): boolean =>
  fields.length >= 3 && !isValueText(fields[0]!.text) && fields.slice(1).every((f) => isValueText(f.text));

/** The value columns of a table's rows: maximal spans some row's value covers, parted where none does. */
function columnsOf(rows: readonly Field[][]): [number, number][] {
  const ends = rows.flatMap((r) => r.slice(1).map((f) => [f.from, f.to] as const)).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of ends) {
    const last = out[out.length - 1];
    if (last && from < last[1] + 1) last[1] = Math.max(last[1], to); else out.push([from, to]);
  }
  return out;
}

/** Each value's column, or null when a value spans two columns or two values share one. */
function placed(row: readonly Field[], cols: readonly [number, number][]): (string | null)[] | null {
  const cells: (string | null)[] = cols.map(() => null);
  for (const f of row.slice(1)) {
    const i = cols.findIndex(([a, b]) => f.from >= a && f.to <= b);
    if (i < 0 || cells[i] !== null) return null;
    cells[i] = f.text;
  }
  return cells;
}

/** The table's rows as pipe rows by one way of counting positions, or null where its rows do not fall into columns. */
function asPipes(lines: readonly string[], at: readonly number[], wide: boolean): Map<number, string> | null {
  const rows = at.map((i) => fieldsOf(lines[i]!, wide));
  const cols = columnsOf(rows);
  // As many columns as the fullest row has values: a row printed whole shows how many there are.
  if (cols.length < 2 || cols.length !== Math.max(...rows.map((r) => r.length - 1))) return null;
  // The label ends before the first value column starts.
  if (rows.some((r) => r[0]!.to > cols[0]![0])) return null;
  const out = new Map<number, string>();
  for (const [k, r] of rows.entries()) {
    const cells = placed(r, cols);
    if (!cells) return null;
    out.set(at[k]!, `| ${[r[0]!.text, ...cells.map((c) => c ?? '')].join(' | ')} |`);
  }
  return out;
}

/**
 * A line of values alone (no label) printed under a header line naming more columns than it
 * has values, as a pipe row under that header: each value in the column whose name it stands
 * under. Null unless every value stands under exactly one name and no two under the same, by
 * the page's way of counting positions (`wide`: by display width; null when the page's labelled
 * rows do not tell, and then both ways must agree).
 */
function headedRow(lines: readonly string[], i: number, wide: boolean | null): string | null {
  const line = lines[i]!;
  if (!GAP.test(line) || line.includes('|')) return null;
  const values = fieldsOf(line, false);
  if (values.length < 3 || !values.every((f) => isValueText(f.text))) return null;
  let h = i - 1;
  while (h >= 0 && !lines[h]!.trim()) h--;
  if (h < 0 || i - h > 2 || lines[h]!.includes('|')) return null;
  const names = fieldsOf(lines[h]!, false);
  if (names.length <= values.length || names.some((f) => isValueText(f.text))) return null;
  const under = (wide: boolean): string | null => {
    const cols = fieldsOf(lines[h]!, wide).map((f) => [f.from, f.to] as [number, number]);
    const cells: (string | null)[] = cols.map(() => null);
    for (const v of fieldsOf(line, wide)) {
      const hit = cols.flatMap(([a, b], k) => (v.from < b && v.to > a ? [k] : []));
      if (hit.length !== 1 || cells[hit[0]!] !== null) return null;
      cells[hit[0]!] = v.text;
    }
    return `| ${cells.map((c) => c ?? '').join(' | ')} |`;
  };
  // The page's way of counting where its labelled rows tell it; else both ways must agree.
  if (wide !== null) return under(wide);
  const byChars = under(false), byWidth = under(true);
  return byChars !== null && byChars === byWidth ? byChars : null;
}

/**
 * The text with each fixed-width table's value rows rewritten as pipe rows, blanks in place; the
 * text as it was where no table is laid out so, or its columns cannot be told for sure.
 */
export function fixedWidthRows(text: string): string {
  if (!text.includes('   ')) return text;
  const lines = text.split('\n');
  // Candidate rows by either count (the field split is the same; only positions differ).
  const rows = lines.flatMap((l, i) => {
    if (!GAP.test(l) || l.includes('|')) return [];
    const fields = fieldsOf(l, false);
    return valueRow(fields) ? [{ i, n: fields.length }] : [];
  });
  if (rows.length < MIN_ROWS) return text;
  // A table: rows a few lines apart whose field counts differ by two at most (blanks make a row
  // short; table A's three value columns and B's seven differ by more).
  const runs: { at: number[]; least: number; most: number }[] = [];
  for (const { i, n } of rows) {
    const run = runs[runs.length - 1];
    if (run && i - run.at[run.at.length - 1]! <= 4 && Math.max(run.most, n) - Math.min(run.least, n) <= 2) {
      run.at.push(i); run.least = Math.min(run.least, n); run.most = Math.max(run.most, n);
    } else runs.push({ at: [i], least: n, most: n });
  }
  const out = [...lines];
  let changed = false;
  // The way of counting that lays the labelled rows out in columns where the other does not: the page's.
  const tables = runs.filter((r) => r.at.length >= MIN_ROWS).map(({ at }) => ({ byChars: asPipes(lines, at, false), byWidth: asPipes(lines, at, true) }));
  const votes = new Set(tables.filter((t) => !!t.byChars !== !!t.byWidth).map((t) => !!t.byWidth));
  const wide = votes.size === 1 ? [...votes][0]! : null;
  const same = (a: Map<number, string>, b: Map<number, string>) => [...a].every(([i, l]) => b.get(i) === l);
  // By the page's way of counting; where the page does not tell, both ways must agree.
  const picks = tables.flatMap(({ byChars, byWidth }) => {
    const pick = wide === true ? byWidth : wide === false ? byChars : byChars && byWidth && same(byChars, byWidth) ? byChars : null;
    return pick ? [pick] : [];
  });
  // A row of values alone under a header of more columns (table C: fifteen names, then values with blanks).
  for (const [i, l] of lines.entries()) {
    const row = headedRow(lines, i, wide);
    if (row && row !== l) { out[i] = row; changed = true; }
  }
  for (const pick of picks) {
    // Nothing to gain where no row has a blank: those rows read as they are.
    if (![...pick.values()].some((l) => / \|  \| /.test(l) || / \|  \|$/.test(l))) continue;
    for (const [i, l] of pick) out[i] = l;
    changed = true;
  }
  return changed ? out.join('\n') : text;
}
