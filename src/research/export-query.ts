/** Reading the rows of a wide export: cells_wide of the newest reports, with bodies, flags and metrics. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { EXPORT_COLUMNS, LONG_COLUMNS, REPORT_COLUMNS } from './export-columns.js';
import { filterSql, likePrefix, type Filter } from './filters.js';
import { KEY_INFO } from '../template/index.js';

export type ExportFilter = Filter;

export type ExportRow = Record<string, string | number | Date | null>;

const SOURCES: Record<string, string> = {
  report_id: 'l.report_id', body_id: 'l.body_id', body: 'l.body', body_kind: 'b.kind', region_code: 'l.region_code',
  region_name: 'l.region_name', level: 'l.level', year: 'l.year', template: 'l.template', layout: 'm.layout',
  title: 'l.title', published_date: "to_char(l.published_date, 'YYYY-MM-DD')", url: 'l.url', document_id: 'l.document_id',
  document_version: 'l.document_version', fetched_at: 'l.fetched_at', flag_count: 'l.flag_count',
  money_unit: "(select string_agg(distinct c.unit, ';' order by c.unit) from report_cells c where c.report_id = l.report_id and c.unit is not null)",
  flag_errors: 'coalesce(f.errors, 0)', flag_warnings: 'coalesce(f.warnings, 0)', flag_rules: 'f.rules',
  reviewed_cells: 'w.reviewed_cells', reviewed_keys: 'w.reviewed_keys',
  inferred_cells: "(select string_agg(c.key, ';' order by c.key) from report_cells c where c.report_id = l.report_id and c.how = 'inferred')",
  applications: 'm.applications', grant_rate: 'm.grant_rate', denial_rate: 'm.denial_rate',
  review_correction_rate: 'm.review_correction_rate', litigation_loss_rate: 'm.litigation_loss_rate', completeness: 'm.completeness',
};

/** One row per body and year (report_latest) matching the filter, every EXPORT_COLUMNS column filled. */
export async function exportRows(db: Kysely<Database>, filter: ExportFilter): Promise<ExportRow[]> {
  const select = [
    ...REPORT_COLUMNS.map((c) => sql`${sql.raw(SOURCES[c.name]!)} as ${sql.id(c.name)}`),
    ...EXPORT_COLUMNS.filter((c) => c.key !== null).map((c) => sql`${sql.id('w', c.name)}`),
  ];
  const where = [sql`true`];
  // Each filter is stated on cells_wide too: PostgreSQL then pushes it into the view's grouping
  // instead of pivoting every report ever loaded.
  if (filter.year !== undefined) where.push(sql`l.year = ${filter.year} and w.year = ${filter.year}`);
  if (filter.regionPrefix) {
    const p = likePrefix(filter.regionPrefix);
    where.push(sql`l.region_code like ${p} and w.region_code like ${p}`);
  }
  where.push(...filterSql({ level: filter.level, kind: filter.kind }));
  const res = await sql<ExportRow>`
    select ${sql.join(select)}
    from report_latest l
    join cells_wide w on w.report_id = l.report_id
    left join bodies b on b.id = l.body_id
    left join report_metrics m on m.report_id = l.report_id
    left join (
      select report_id, count(*) filter (where severity = 'error') as errors,
        count(*) filter (where severity = 'warning') as warnings,
        string_agg(distinct rule, ';' order by rule) as rules
      from flags group by report_id
    ) f on f.report_id = l.report_id
    where ${sql.join(where, sql` and `)}
    order by l.region_code nulls last, l.body, l.year, l.report_id`.execute(db);
  return res.rows;
}

/** One row per body, year and key: the cells of the newest reports matching the filter. */
export async function exportLongRows(db: Kysely<Database>, filter: ExportFilter): Promise<ExportRow[]> {
  const cols: Record<string, string> = {
    ...SOURCES, key: 'rv.key', table_id: 'c.table_id', value: 'rv.value', value_source: 'rv.value_source', extracted_value: 'rv.extracted_value',
    review_reason: 'rv.review_reason', raw: 'c.raw', unit: 'c.unit', line_index: 'c.line_index', page: 'c.page',
  };
  const select = LONG_COLUMNS.filter((c) => c.name !== 'label').map((c) => sql`${sql.raw(cols[c.name]!)} as ${sql.id(c.name)}`);
  const res = await sql<ExportRow>`
    select ${sql.join(select)}
    from report_latest l
    -- The reviewed value where a reviewer corrected the cell (as cells_wide has it), the extracted one beside it.
    join report_cells_reviewed rv on rv.report_id = l.report_id
    left join report_cells c on c.report_id = rv.report_id and c.key = rv.key
    left join bodies b on b.id = l.body_id
    where ${sql.join([sql`true`, ...filterSql(filter)], sql` and `)}
    order by l.region_code nulls last, l.body, l.year, l.report_id, rv.key`.execute(db);
  return res.rows.map((r) => ({ ...r, label: KEY_INFO.get(String(r.key))?.label ?? null }));
}
