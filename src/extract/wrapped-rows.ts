/**
 * A ruled text table whose cells wrap (pandoc's grid tables, a table drawn in box characters
 * by a text export): each row stands between two rule lines and may take several lines, a
 * label broken over them (`| 三、本 | （ |` above `| 年度办理结果 | 一）予以公开 |`) and its
 * values on one of them. Read line by line, each line was a row: the first a label piece with
 * values, the next label pieces with blank cells — the values went to a row they are not, and
 * the blanks were stated. Here such a row is joined into one line, each cell's pieces in order
 * (documents/layout-grid.ts `joinLines`, as a PDF cell's lines are), on the row's first line;
 * its other lines are left empty, so every line keeps its number.
 *
 * Only where the table rules every row (rule lines between body rows, not just around the
 * header), its lines agree on their walls, and no cell has a value on two lines (that is two
 * rows a table ruled only here and there holds between two rules, not one row wrapped).
 */
import { joinLines } from './documents/layout-grid.js';
import { readCell } from './values.js';

// `+-----+====+`, `|-----+-----|`, `├──┼──┤`, `╞══╪══╡`: a line of rules and their joints alone.
export const GRID_RULE = /^\s*[+|├┼┤┌┬┐└┴┘╞╪╡╟╫╢╠╬╣╔╦╗╚╩╝┣╋┫┏┳┓┗┻┛]?[-=─━═:+|├┼┤┬┴╪╫╬╋┳┻]*[-=─━═]{3,}[-=─━═:+|├┼┤┬┴╪╫╬╋┳┻]*[+|├┼┤┐┘╡╢╣╗╝┫┓┛]?\s*$/;
const isRow = (l: string): boolean => /^\s*\|.*\|\s*$/.test(l);
// A drawn table's rule between two rows may run only under some columns: those a cell spanning
// rows crosses keep their walls, and that cell's label may go on through it (`|  | （六）├──┼──┤`).
const PARTIAL_RULE = /[├┼╞╪╟╫┠╂][─━═]{3,}|[─━═]{3,}[┤┼╡╪╢╫┨╂]/;
const RULE_PARTS = /[-=─━═:+|├┼┤┌┬┐└┴┘╞╪╡╟╫╢╠╬╣╔╦╗╚╩╝┣╋┫┏┳┓┗┻┛┠╂┨\s]/g;
/** A rule line, whole or under some columns only (then at most a few characters of a spanning label beside it). */
const isRule = (l: string): boolean => GRID_RULE.test(l) || (PARTIAL_RULE.test(l) && l.replace(RULE_PARTS, '').length <= 8);
const walls = (l: string): number => l.split('|').length - 1;
/** A table ruled only around its header has three rules (two blocks of rows); one that rules each row, more. */
const MIN_BLOCKS = 3;

const isValue = (s: string): boolean => { const k = readCell(s.trim()).kind; return k === 'number' || k === 'placeholder'; };

/** The row printed on `lines` as one line, or null when they are not one row. */
function joined(lines: readonly string[]): string | null {
  const n = walls(lines[0]!);
  if (n < 3 || lines.some((l) => walls(l) !== n)) return null;
  const cells = lines.map((l) => l.split('|'));
  const out: string[] = [];
  for (let c = 0; c < cells[0]!.length; c++) {
    const pieces = cells.map((row) => row[c]!.trim()).filter(Boolean);
    if (pieces.filter(isValue).length > 1) return null;
    out.push(c === 0 || c === cells[0]!.length - 1 ? cells[0]![c]! : ` ${pieces.reduce(joinLines, '')} `);
  }
  return out.join('|');
}

export function joinWrappedRows(text: string): string {
  if (!text.includes('|')) return text;
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length;) {
    if (!isRule(lines[i]!)) { i++; continue; }
    // A table: rule lines with rows between them.
    const rules = [i];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (isRule(lines[j]!)) rules.push(j);
      else if (!isRow(lines[j]!)) break;
    }
    if (rules.length - 1 >= MIN_BLOCKS) {
      for (let r = 0; r + 1 < rules.length; r++) {
        const [from, to] = [rules[r]! + 1, rules[r + 1]!];
        if (to - from < 2) continue;
        const row = joined(lines.slice(from, to));
        if (row === null) continue;
        lines[from] = row;
        for (let k = from + 1; k < to; k++) lines[k] = '';
        changed = true;
      }
    }
    i = j;
  }
  return changed ? lines.join('\n') : text;
}
