/** Reading metric values for a comparison from the metric views. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Metric } from './metrics.js';
import type { MetricRow } from './ranking.js';

export interface MetricQuery {
  readonly metric: Metric;
  readonly year: number;
  /** GB/T 2260 prefix (digits only; see regionPrefix); null for every region. */
  readonly regionPrefix: string | null;
  /** 省 / 市 / 县 / 乡; undefined for every level. */
  readonly level?: string | undefined;
}

/** A prefix for LIKE with its wildcards escaped (callers pass digits, but the query must not depend on it). */
export const likePrefix = (s: string): string => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One row per body with a report for the year in the region: its applications and the metric's value. */
export async function metricRows(db: Kysely<Database>, q: MetricQuery): Promise<MetricRow[]> {
  const yoy = q.metric.view === 'report_metrics_yoy';
  // The metric id is one of METRICS (checked by the caller), so it names a real column;
  // the year-over-year view is joined only when asked for (it reads the previous year too).
  const value = sql.ref(`${yoy ? 'y' : 'm'}.${q.metric.id}`);
  const where = [sql`m.year = ${q.year}`];
  if (q.regionPrefix) where.push(sql`m.region_code like ${likePrefix(q.regionPrefix)}`);
  if (q.level) where.push(sql`m.level = ${q.level}`);
  const res = await sql<MetricRow>`
    select m.report_id as "reportId", m.body_id as "bodyId", m.body, m.region_code as "regionCode", m.level, m.year,
      m.applications, ${value} as value
    from report_metrics m
    ${yoy ? sql`left join report_metrics_yoy y on y.report_id = m.report_id` : sql``}
    where ${sql.join(where, sql` and `)}
    order by m.body, m.report_id`.execute(db);
  return res.rows.map((r) => ({ ...r, value: r.value === null ? null : Number(r.value) }));
}
