/**
 * Table values for one report, consistent with every identity of its layout
 * (src/template/identities.ts): the ground truth of every synthetic report, farm page and
 * document fixture before any deliberate flaw.
 */
import type { TemplateId } from '../model/report.js';
import {
  tableA, TABLE_B_COLUMNS, TABLE_B_ROWS, OTHER_SUBROWS, TABLE_C_GROUPS, TABLE_C_COLUMNS, tableBKey, tableCKey,
} from '../template/index.js';
import type { Rng } from './random.js';

export type Cells = Record<string, number | null>;

export interface Layout { template: TemplateId; otherAsOneRow: boolean }

const APPLICANTS = TABLE_B_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);

const OUTCOMES = new Map<boolean, string[]>();

/** Outcome rows the layout prints (2019 and one-row 2021 keep （六） as one row). Cached: the world asks thousands of times. */
export function outcomeRows(l: Layout): string[] {
  const oneRow = l.template === '2019' || l.otherAsOneRow;
  let rows = OUTCOMES.get(oneRow);
  if (!rows) {
    rows = TABLE_B_ROWS.filter((r) => r.group === 'outcome')
      .filter((r) => (r.key === 'other' ? oneRow : (OTHER_SUBROWS as readonly string[]).includes(r.key) ? !oneRow : true))
      .map((r) => r.key);
    OUTCOMES.set(oneRow, rows);
  }
  return rows;
}

/**
 * How a report is drawn. `prev` (the same body's cells of the year before) ties 上年结转 to
 * last year's 结转下年度 and table A to last year's figures; `scale` multiplies the range of
 * counts (1: a county body's handful; 100: a busy city's thousands), without changing how
 * many draws a report takes, so the same seed keeps its layout at any scale.
 */
export interface CellOptions { prev?: Cells; scale?: number }

/** Mostly small counts, natural persons dominate; outcome rows beyond the first few are rare. */
function outcomeCount(r: Rng, row: string, col: string, scale: number): number {
  const base = col === 'natural_person' ? 1 : 0.15;
  const weight = row === 'granted' ? 12 : row === 'partially_granted' ? 2 : row.startsWith('unable_not_held') ? 3 : 0.4;
  return r.chance(Math.min(0.95, base * weight / 3)) ? r.int(1, Math.max(1, Math.round(base * weight * 2)) * scale) : 0;
}

/**
 * Table A. With last year's cells of the same body, figures drift by ±30 % and
 * 现行有效件数 follows last year's + 制发 − 废止, so sound reports pass the cross-year checks.
 */
function tableACells(r: Rng, template: TemplateId, prev: Cells | undefined, scale: number): Cells {
  const out: Cells = {};
  const drift = (key: string, fresh: number, money = false) => {
    const before = prev?.[key];
    if (typeof before !== 'number') return fresh;
    const v = before * (0.7 + r.next() * 0.6);
    return money ? Math.round(v * 100) / 100 : Math.round(v);
  };
  for (const b of tableA(template)) for (const c of b.cells) {
    if (c.money) out[c.key] = drift(c.key, Math.round(r.next() * 50000) / 100, true);
    else if (c.signed) out[c.key] = r.int(-3, 3);
    else if (/in_force|total_published|previous_items/.test(c.key)) out[c.key] = r.int(5, 120);
    else out[c.key] = c.key.includes('decisions') ? drift(c.key, r.int(20, 900 * scale)) : r.int(0, 12);
  }
  for (const area of ['regulations', 'normative_documents']) {
    const before = prev?.[`active.${area}.in_force`];
    const key = `active.${area}.in_force`;
    if (key in out && typeof before === 'number') {
      const issued = out[`active.${area}.issued`] as number;
      // Cannot repeal more than was in force.
      const repealed = Math.min(out[`active.${area}.repealed`] as number, before + issued);
      out[`active.${area}.repealed`] = repealed;
      out[key] = before + issued - repealed;
    }
  }
  return out;
}

/** A full, consistent cell map: every key of the layout, every identity holding. */
export function generateCells(r: Rng, l: Layout, opts: CellOptions = {}): Cells {
  const { prev, scale = 1 } = opts;
  const cells = tableACells(r, l.template, prev, scale);
  const carriedOver = prev ? carriedForward(prev) : undefined;
  const outcomes = outcomeRows(l);
  for (const c of APPLICANTS) {
    let total = 0;
    for (const row of outcomes) total += (cells[tableBKey(row, c)] = outcomeCount(r, row, c, scale));
    const over = carriedOver?.[c] ?? (r.chance(0.3) ? r.int(0, 2) : 0);
    let forward = r.chance(0.3) ? r.int(0, 2) : 0;
    // new_received may not go negative: carry more forward if last year left a backlog.
    if (total + forward < over) forward = over - total;
    cells[tableBKey('total', c)] = total;
    cells[tableBKey('carried_over', c)] = over;
    cells[tableBKey('carried_forward', c)] = forward;
    cells[tableBKey('new_received', c)] = total + forward - over;
  }
  retotalB(cells, l);
  for (const g of TABLE_C_GROUPS) {
    let sum = 0;
    for (const c of TABLE_C_COLUMNS) {
      if (c.key === 'total') continue;
      const v = r.chance(g.key === 'review' ? 0.4 : 0.2) ? r.int(1, 3) : 0;
      cells[tableCKey(g.key, c.key)] = v;
      sum += v;
    }
    cells[tableCKey(g.key, 'total')] = sum;
  }
  return cells;
}

/** Recomputes table B's 总计 column from the applicant columns (after any edit). */
export function retotalB(cells: Cells, l: Layout): void {
  const rows = ['new_received', 'carried_over', ...outcomeRows(l), 'total', 'carried_forward'];
  for (const row of rows) {
    let sum = 0;
    for (const c of APPLICANTS) sum += (cells[tableBKey(row, c)] as number | null) ?? 0;
    cells[tableBKey(row, 'total')] = sum;
  }
}

/** A silent edit after publication: more granted applications, still balanced. */
export function editCells(r: Rng, cells: Cells, l: Layout): Cells {
  const out = { ...cells };
  const c = r.pick(APPLICANTS.slice(0, 2));
  const k = r.int(1, 4);
  for (const row of ['granted', 'total', 'new_received']) out[tableBKey(row, c)] = (out[tableBKey(row, c)] as number) + k;
  retotalB(out, l);
  return out;
}

export const carriedForward = (cells: Cells): Record<string, number> =>
  Object.fromEntries(APPLICANTS.map((c) => [c, cells[tableBKey('carried_forward', c)] as number]));
