/**
 * Values whose row label was lost (garbled, wrapped, printed after its values):
 * rows placed by the template's row order and the count of values, and a stray
 * value moved into the one printed blank an identity asks it for.
 */
import type { ExtractedCell, TemplateId } from '../model/report.js';
import { evaluate, OTHER_SUBROWS, TABLE_B_COLUMNS, TABLE_B_ROWS, tableBKey, type Identity } from '../template/index.js';
import type { RowLabel } from './labels.js';
import { combinations, isStated, quote, valueOf, type Dropped, type Placement } from './row-reading.js';
import type { Token } from './tokens.js';
import { readCell } from './values.js';

export interface GapFill {
  readonly placed: readonly Placement[];
  readonly dropped: readonly Dropped[];
  readonly readings: number;
  readonly warnings: readonly string[];
  /** Rows between the two labels still waiting for values (printed after the next label). */
  readonly waiting: readonly RowLabel[];
  /** Whether the next label's own row was among the rows filled. */
  readonly nextFilled: boolean;
}

const B_ROW_ORDER = new Map<TemplateId, readonly string[]>();
/** Table B's row keys in the template's order (asked for once per row read: kept). */
export const bRowOrder = (template: TemplateId): readonly string[] => {
  let order = B_ROW_ORDER.get(template);
  if (!order) B_ROW_ORDER.set(template, order = TABLE_B_ROWS.filter((r) => r.templates.includes(template)).map((r) => r.key));
  return order;
};

export const bRowName = (row: string): string => TABLE_B_ROWS.find((r) => r.key === row)?.label ?? row;

/**
 * Whether the row names printed in the run (at `rowMarks`) leave whole rows between them:
 * the values between two names (or before the first, after the last) must make whole rows.
 * Names may stand back to back, their rows after them all (a converted PDF stacks wrapped
 * labels), so any whole number of rows will do; a part of a row shows blanks the text lost,
 * and counting would shift every row after it.
 */
function namesMatchRows(run: readonly Token[], rowMarks: readonly number[], n: number): boolean {
  const cuts = [0, ...rowMarks, run.length];
  return cuts.slice(1).every((end, i) => run.slice(cuts[i], end).filter(isStated).length % n === 0);
}

/**
 * The values after row P that are more than P's own row go, one row at a time, to
 * the rows the template places after P — up to and including the next label's row.
 * Only a run of values (gaps aside) is split by count: a blank cell among them would
 * shift every row after it. A stray value or two are singled out by the identities
 * (then the rows are `inferred`), and only when one reading makes the most hold.
 * Where the page printed the rows' names (item-numbered text no template name matched,
 * at `rowMarks` in the run), the values between them must make whole rows (namesMatchRows).
 * Null: no such rows here.
 */
export function fillGap(p: RowLabel, next: RowLabel, run: readonly Token[], template: TemplateId, ids: readonly Identity[], rowMarks: readonly number[] = []): GapFill | null {
  if (p.table !== 'B' || next.table !== 'B') return null;
  const order = bRowOrder(template).filter((r) => template === '2019' || r !== 'other');
  const from = order.indexOf(p.row), to = order.indexOf(next.row);
  if (from < 0 || to <= from) return null;
  const stated = run.map(isStated);
  const first = stated.indexOf(true), last = stated.lastIndexOf(true);
  if (run.some((t, i) => i > first && i < last && !stated[i] && !t.soft)) return null;
  const n = p.keys.length;
  const vals = run.filter(isStated);
  const k = Math.floor(vals.length / n), stray = vals.length % n;
  if (k < 2 || stray > 2 || k > to - from + 1) return null;
  if (!namesMatchRows(run, rowMarks, n)) return null;
  const rows = order.slice(from, from + k);
  // 2021 prints （六）其他处理 as one row or as three sub-rows: with neither label in sight,
  // the order cannot say which, and counting rows through it would guess.
  const subRow = (r: string) => (OTHER_SUBROWS as readonly string[]).includes(r);
  if (rows.some(subRow) && !subRow(p.row) && !subRow(next.row)) return null;
  const keys = rows.flatMap((r) => TABLE_B_COLUMNS.map((c) => tableBKey(r, c.key)));
  let reading: Token[] = vals, readings = 1;
  if (stray) {
    const combos = combinations(vals.length - n, stray);
    if (!combos) return null;
    const scored = combos.map((drop) => {
      const dropped = new Set(drop.map((i) => i + n));
      const r = vals.filter((_, i) => !dropped.has(i));
      const cells: Record<string, number | null> = {};
      keys.forEach((key, i) => { cells[key] = valueOf(r[i]!); });
      const mine = ids.filter((id) => [...id.lhs, ...id.rhs].every((key) => key in cells));
      return { r, score: mine.filter((id) => evaluate(id, cells).status === 'holds').length, sig: r.map((t) => t.text).join('|') };
    });
    const top = Math.max(...scored.map((s) => s.score));
    const best = scored.filter((s) => s.score === top);
    if (top === 0 || new Set(best.map((s) => s.sig)).size !== 1) return null;
    reading = best[0]!.r;
    readings = combos.length;
  }
  const kept = new Set(reading);
  const strays = vals.filter((t) => !kept.has(t));
  const why = stray ? `rows ${rows.map(bRowName).join(', ')} (table B): the identities singled out ${strays.map(quote).join(', ')} as stray` : undefined;
  const how = stray ? 'inferred' as const : 'read' as const;
  const placed = reading.map((tok, i) => ({ key: keys[i]!, tok, how, ...(why ? { why } : {}) }));
  const unlabelled = rows.filter((r) => r !== p.row && r !== next.row);
  const warnings = [
    ...(unlabelled.length ? [`rows ${unlabelled.map(bRowName).join(', ')} (table B): label not found; values placed by the template's row order`] : []),
    ...(why ? [`${why}: not placed`] : []),
  ];
  const dropped = run.filter((t) => !kept.has(t)).map((tok) => ({ tok, why: isStated(tok) ? 'stray between rows' : 'blank: layout padding' }));
  const waiting = order.slice(from + k, to).map((r) => ({ table: 'B' as const, row: r, keys: TABLE_B_COLUMNS.map((c) => tableBKey(r, c.key)) }));
  return { placed, dropped, readings, warnings, waiting, nextFilled: rows.includes(next.row) };
}

/**
 * A value printed away from its row (a token the aligner had to drop) goes to a
 * printed-blank table B cell only when exactly one such cell is the one unknown of
 * an identity that asks for exactly that value. Zero is too common to be evidence.
 * The cell is `inferred`, and a warning names the value and the cell.
 */
export function placeStrays(byKey: ReadonlyMap<string, ExtractedCell>, strays: readonly Token[], ids: readonly Identity[]): { key: string; tok: Token; why: string }[] {
  const out: { key: string; tok: Token; why: string }[] = [];
  // Most tables have no stray other than 0 (no evidence): spare them the table of values.
  if (!strays.some((s) => { const v = valueOf(s); return v !== null && v !== 0; })) return out;
  const cells: Record<string, number | null> = {};
  for (const [k, c] of byKey) cells[k] = c.value;
  const taken = new Set<string>();
  for (const stray of strays) {
    const v = valueOf(stray);
    if (v === null || v === 0) continue;
    const fits = [...byKey].filter(([key, cell]) => {
      if (taken.has(key) || cell.provenance.table !== 'B' || cell.value !== null || readCell(cell.raw).kind !== 'blank') return false;
      return ids.some((id) => {
        const all = [...id.lhs, ...id.rhs];
        if (!all.includes(key) || all.some((k) => k !== key && typeof cells[k] !== 'number')) return false;
        return evaluate(id, { ...cells, [key]: v }).status === 'holds';
      });
    });
    if (fits.length !== 1) continue;
    const key = fits[0]![0];
    taken.add(key);
    cells[key] = v;
    out.push({ key, tok: stray, why: `printed blank; takes the stray value ${quote(stray)} printed apart from its row, which an identity needs there` });
  }
  return out;
}
