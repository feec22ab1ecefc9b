/**
 * The arithmetic identities a correct report satisfies, as data: each says
 * sum(lhs) = sum(rhs). The aligner uses them to choose between readings of an
 * ambiguous layout; the checks use them to flag reports that break them.
 */
import type { TemplateId } from '../model/report.js';
import { TABLE_B_COLUMNS, TABLE_B_ROWS, OTHER_SUBROWS, tableBKey } from './table-b.js';
import { TABLE_C_COLUMNS, TABLE_C_GROUPS, tableCKey } from './table-c.js';

export type IdentityKind = 'b.balance' | 'b.outcomes' | 'b.row_total' | 'c.group_total';

export interface Identity {
  /** Stable id, e.g. `b.balance.natural_person`. */
  readonly id: string;
  readonly kind: IdentityKind;
  /** What the identity is about, in a reviewer's words (the column/row it concerns). */
  readonly subject: string;
  readonly lhs: readonly string[];
  readonly rhs: readonly string[];
}

export interface LayoutVariant {
  readonly template: TemplateId;
  /** 2021-format report printing （六）其他处理 as one row. */
  readonly otherAsOneRow?: boolean;
}

function outcomeRows(v: LayoutVariant): string[] {
  const oneRow = v.template === '2019' || v.otherAsOneRow === true;
  return TABLE_B_ROWS.filter((r) => r.group === 'outcome')
    .filter((r) => (r.key === 'other' ? oneRow : (OTHER_SUBROWS as readonly string[]).includes(r.key) ? !oneRow : true))
    .map((r) => r.key);
}

export function identities(v: LayoutVariant): Identity[] {
  const out: Identity[] = [];
  const outcomes = outcomeRows(v);
  for (const c of TABLE_B_COLUMNS) {
    out.push({
      id: `b.balance.${c.key}`, kind: 'b.balance', subject: `申请人 column ${c.label}`,
      lhs: [tableBKey('new_received', c.key), tableBKey('carried_over', c.key)],
      rhs: [tableBKey('total', c.key), tableBKey('carried_forward', c.key)],
    });
    out.push({
      id: `b.outcomes.${c.key}`, kind: 'b.outcomes', subject: `申请人 column ${c.label}`,
      lhs: [tableBKey('total', c.key)],
      rhs: outcomes.map((r) => tableBKey(r, c.key)),
    });
  }
  const applicants = TABLE_B_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);
  const rows = [...TABLE_B_ROWS.filter((r) => r.group !== 'outcome').map((r) => r.key), ...outcomes];
  for (const r of rows) {
    const label = TABLE_B_ROWS.find((x) => x.key === r)?.label ?? r;
    out.push({
      id: `b.row_total.${r}`, kind: 'b.row_total', subject: `row ${label}`,
      lhs: [tableBKey(r, 'total')],
      rhs: applicants.map((c) => tableBKey(r, c)),
    });
  }
  for (const g of TABLE_C_GROUPS) {
    out.push({
      id: `c.group_total.${g.key}`, kind: 'c.group_total', subject: `${g.label}`,
      lhs: [tableCKey(g.key, 'total')],
      rhs: TABLE_C_COLUMNS.filter((c) => c.key !== 'total').map((c) => tableCKey(g.key, c.key)),
    });
  }
  return out;
}

export type IdentityOutcome =
  | { readonly status: 'holds' }
  | { readonly status: 'fails'; readonly lhs: number; readonly rhs: number }
  /** A cell it needs is blank (null) or absent: null is not zero. */
  | { readonly status: 'unknown'; readonly missing: readonly string[] };

/** Evaluate one identity on a cell map. Money-free integer arithmetic; a tolerance guards decimals. */
export function evaluate(id: Identity, cells: Readonly<Record<string, number | null>>): IdentityOutcome {
  const missing = [...id.lhs, ...id.rhs].filter((k) => cells[k] === null || cells[k] === undefined);
  if (missing.length) return { status: 'unknown', missing };
  const sum = (ks: readonly string[]) => ks.reduce((s, k) => s + (cells[k] as number), 0);
  const lhs = sum(id.lhs), rhs = sum(id.rhs);
  return Math.abs(lhs - rhs) < 1e-6 ? { status: 'holds' } : { status: 'fails', lhs, rhs };
}
