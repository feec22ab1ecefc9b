/** Reading metric values for a comparison from the metric views. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Metric } from './metrics.js';
import type { MetricRow } from './ranking.js';
import { filterSql, type Filter } from './filters.js';

export { likePrefix } from './filters.js';

export interface MetricQuery extends Filter {
  readonly metric: Metric;
  readonly year: number;
}

/** One row per body with a report for the year matching the filter: the metric, its numerator and denominator. */
export async function metricRows(db: Kysely<Database>, q: MetricQuery): Promise<MetricRow[]> {
  const yoy = q.metric.view === 'report_metrics_yoy';
  // The metric comes from METRICS (checked by the caller): its column and parts are our own SQL, never input.
  const value = sql.ref(`${yoy ? 'y' : 'm'}.${q.metric.id}`);
  const part = (expr: string | undefined) => (expr ? sql.raw(expr) : sql`null`);
  const where = filterSql({ ...q, year: q.year }, 'm', 'b');
  const res = await sql<MetricRow>`
    select m.report_id as "reportId", m.body_id as "bodyId", m.body, m.region_code as "regionCode", m.level, b.kind, m.year,
      m.applications, ${value} as value, ${part(q.metric.numerator)} as numerator, ${part(q.metric.denominator)} as denominator
    from report_metrics m
    left join bodies b on b.id = m.body_id
    ${yoy ? sql`left join report_metrics_yoy y on y.report_id = m.report_id` : sql``}
    where ${sql.join(where, sql` and `)}
    order by m.body, m.report_id`.execute(db);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return res.rows.map((r) => ({ ...r, value: num(r.value), numerator: num(r.numerator), denominator: num(r.denominator) }));
}

/** A body's metric over the years it reported (newest report per year). */
export async function bodyMetricHistory(db: Kysely<Database>, metric: Metric, bodyId: number): Promise<{ year: number; value: number | null }[]> {
  const yoy = metric.view === 'report_metrics_yoy';
  const res = await sql<{ year: number; value: number | null }>`
    select m.year, ${sql.ref(`${yoy ? 'y' : 'm'}.${metric.id}`)} as value
    from report_metrics m ${yoy ? sql`left join report_metrics_yoy y on y.report_id = m.report_id` : sql``}
    where m.body_id = ${bodyId} order by m.year`.execute(db);
  return res.rows.map((r) => ({ year: r.year, value: r.value === null ? null : Number(r.value) }));
}
