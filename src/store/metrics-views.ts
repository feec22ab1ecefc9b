/**
 * The researchers' metric views, built on `report_latest` and `report_cells`.
 * Formulas are documented in docs/metrics.md; the rule throughout: a blank
 * (null) cell is never a 0. A sum or rate with a null input is null, and a rate
 * whose denominator is 0 is null (nullif), never an error or an infinity.
 *
 * - `template_keys`     (table) layout → the canonical keys a complete report states
 * - `report_completeness` one row per report: template cells filled / blank / missing
 * - `report_metrics`    one row per body and year (report_latest): counts and rates
 * - `report_metrics_yoy` one row per body and year: change against the body's previous year
 */
import { sql, type Kysely } from 'kysely';
import { KEY_INFO, templateKeys, tableBKey, tableCKey } from '../template/index.js';
import type { CellSource } from './views.js';

const quoteLit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The three layouts a report can have; `2021-one-row` keeps （六）其他处理 as one row. */
export const LAYOUTS = [
  { layout: '2021', keys: () => templateKeys('2021') },
  { layout: '2021-one-row', keys: () => templateKeys('2021', { otherAsOneRow: true }) },
  { layout: '2019', keys: () => templateKeys('2019') },
] as const;

export type Layout = (typeof LAYOUTS)[number]['layout'];

/** SQL for a report's layout from its `template` and `other_as_one_row` columns (null when the template is unknown). */
export const layoutSql = (r: string) => `case when ${r}.template = '2019' then '2019'
    when ${r}.template = '2021' then case when ${r}.other_as_one_row then '2021-one-row' else '2021' end end`;

/** Table B cells (total column) and table C cells the metrics read, by the column name they get. */
const B_TOTAL = {
  applications: 'new_received', carried_over: 'carried_over', handled: 'total', carried_forward: 'carried_forward',
  granted: 'granted', partially_granted: 'partially_granted',
  denied_state_secret: 'denied_state_secret', denied_prohibited_by_law: 'denied_prohibited_by_law',
  denied_three_safety_one_stability: 'denied_three_safety_one_stability', denied_third_party_rights: 'denied_third_party_rights',
  denied_internal_affairs: 'denied_internal_affairs', denied_process_information: 'denied_process_information',
  denied_enforcement_files: 'denied_enforcement_files', denied_query_matters: 'denied_query_matters',
} as const;
const DENIED = Object.keys(B_TOTAL).filter((k) => k.startsWith('denied_'));
const C_CELLS: Record<string, string> = {};
for (const g of ['review', 'litigation_direct', 'litigation_after_review']) {
  for (const c of ['upheld', 'corrected', 'other', 'pending', 'total']) C_CELLS[`${g}_${c}`] = tableCKey(g, c);
}

/** The cells the metrics read, one column each, for the report `l.report_id` (a lateral subquery: one row, nulls when absent). */
function pivotSql(source: CellSource): string {
  const cells: Record<string, string> = {
    ...Object.fromEntries(Object.entries(B_TOTAL).map(([col, row]) => [col, tableBKey(row, 'total')])),
    ...C_CELLS,
  };
  const cols = Object.entries(cells).map(([col, key]) => `max(c.value) filter (where c.key = ${quoteLit(key)}) as ${col}`);
  // Per report through the (report_id, key) primary key: a filtered comparison reads only its own reports' cells.
  return `select
    ${cols.join(',\n    ')}
  from ${source} c
  where c.report_id = l.report_id and c.key in (${Object.values(cells).map(quoteLit).join(', ')})`;
}

/**
 * Per report: its layout's cells with a value, blank, and not printed. The key
 * sets are written into the view as constant arrays (PostgreSQL hashes `= any`
 * over a constant array), which reads each report's cells once through its index;
 * they are the same lists `template_keys` holds.
 */
export function reportCompletenessSql(source: CellSource = 'report_cells'): string {
  const arr = (keys: readonly string[]) => `array[${keys.map(quoteLit).join(',')}]::text[]`;
  const per = LAYOUTS.map(({ layout, keys }, i) => ({ layout, i, n: keys().length, arr: arr(keys()) }));
  const counts = per.map(({ i, arr: a }) =>
    `count(c.value) filter (where c.key = any(${a})) as filled${i},\n    count(*) filter (where c.value is null and c.key = any(${a})) as blank${i}`);
  const pick = (what: string) => `case lay.layout ${per.map(({ layout, i }) => `when ${quoteLit(layout)} then s.${what}${i}`).join(' ')} end`;
  return `
create view report_completeness as
select r.id as report_id, lay.layout,
  e.n as cells_expected,
  ${pick('filled')} as cells_filled,
  ${pick('blank')} as cells_blank,
  e.n - ${pick('filled')} - ${pick('blank')} as cells_missing,
  ${pick('filled')}::numeric / nullif(e.n, 0) as completeness
from reports r
cross join lateral (select ${layoutSql('r')} as layout) lay
left join (values ${per.map(({ layout, n }) => `(${quoteLit(layout)}, ${n})`).join(', ')}) e(layout, n) on e.layout = lay.layout
cross join lateral (
  select ${counts.join(',\n    ')}
  from ${source} c
  where c.report_id = r.id
) s`;
}

export function reportMetricsSql(source: CellSource = 'report_cells'): string {
  const sum = (cols: readonly string[]) => cols.map((c) => `x.${c}`).join(' + ');
  return `
create view report_metrics as
select m.*,
  (m.granted + m.partially_granted) / nullif(m.handled, 0) as grant_rate,
  m.denied / nullif(m.handled, 0) as denial_rate,
  m.review_corrected / nullif(m.review_concluded, 0) as review_correction_rate,
  m.litigation_corrected / nullif(m.litigation_concluded, 0) as litigation_loss_rate,
  k.layout, k.cells_expected, k.cells_filled, k.cells_blank, k.cells_missing, k.completeness
from (
  select l.report_id, l.body_id, l.body, l.region_code, l.region_name, l.level, l.year, l.template,
    l.document_id, l.flag_count,
    x.applications, x.carried_over, x.handled, x.carried_forward, x.granted, x.partially_granted,
    ${sum(DENIED)} as denied,
    x.review_total, x.review_corrected,
    x.review_upheld + x.review_corrected + x.review_other as review_concluded,
    x.litigation_direct_total + x.litigation_after_review_total as litigation_total,
    x.litigation_direct_corrected + x.litigation_after_review_corrected as litigation_corrected,
    ${sum(['litigation_direct_upheld', 'litigation_direct_corrected', 'litigation_direct_other',
    'litigation_after_review_upheld', 'litigation_after_review_corrected', 'litigation_after_review_other'])} as litigation_concluded
  from report_latest l
  left join lateral (${pivotSql(source)}) x on true
) m
left join report_completeness k on k.report_id = m.report_id`;
}

/** Rates compare by difference (percentage points as a fraction); counts by difference and relative change. */
const YOY_RATES = ['grant_rate', 'denial_rate', 'review_correction_rate', 'litigation_loss_rate', 'completeness'];

export const REPORT_METRICS_YOY_SQL = `
create view report_metrics_yoy as
select c.report_id, c.body_id, c.body, c.region_code, c.level, c.year,
  p.report_id as prev_report_id, p.year as prev_year,
  p.applications as applications_prev,
  c.applications - p.applications as applications_change,
  (c.applications - p.applications) / nullif(p.applications, 0) as applications_change_rate,
  ${YOY_RATES.map((m) => `p.${m} as ${m}_prev, c.${m} - p.${m} as ${m}_change`).join(',\n  ')}
from report_metrics c
left join report_metrics p on p.body_id = c.body_id and p.year = c.year - 1`;

/**
 * Creates `template_keys` (filled from the template module) and the metric
 * views, reading cell values from `source` (reviewed values from migration 0140 on).
 */
export async function createMetricViews(db: Kysely<any>, source: CellSource = 'report_cells'): Promise<void> {
  await db.schema.createTable('template_keys')
    .addColumn('layout', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('table_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_keys_pk', ['layout', 'key'])
    .execute();
  const rows = LAYOUTS.flatMap(({ layout, keys }) => keys().map((key, i) => ({
    layout, key, table_id: KEY_INFO.get(key)?.table ?? '?', position: i + 1, label: KEY_INFO.get(key)?.label ?? key,
  })));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('template_keys').values(rows.slice(i, i + 500)).execute();
  await sql.raw(reportCompletenessSql(source)).execute(db);
  await sql.raw(reportMetricsSql(source)).execute(db);
  await sql.raw(REPORT_METRICS_YOY_SQL).execute(db);
}

/** Drops them again; a migration that recreates report_latest must call this first and recreate after. */
export async function dropMetricViews(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists report_metrics_yoy`.execute(db);
  await sql`drop view if exists report_metrics`.execute(db);
  await sql`drop view if exists report_completeness`.execute(db);
  await db.schema.dropTable('template_keys').ifExists().execute();
}
