/**
 * The researcher-facing views, generated from the template so a column exists
 * for every canonical key. Recreated by migrations whenever the key list changes.
 *
 * Cells come in two readings: as extracted (`report_cells`) and as reviewed
 * (`report_cells_reviewed`: a reviewer's correction where one applies, the
 * extracted value otherwise, with which one was used). `cells_wide` gives the
 * reviewed reading, `cells_extracted` the raw one (migration 0140 on).
 */
import { sql, type Kysely } from 'kysely';
import { ALL_KEYS, wideColumn } from '../template/index.js';

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteLit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The long relation a view reads cell values from. */
export type CellSource = 'report_cells' | 'report_cells_reviewed';

/**
 * One row per body and report year: the newest extraction of the newest document version.
 * `live`: only reports nothing superseded or retired (migration 0180); 0002 made the view
 * without that filter, so a report superseded by one of another year, or retired, still showed.
 */
export const reportLatestSql = (live: boolean, replace = false): string => `
create ${replace ? 'or replace ' : ''}view report_latest as
select distinct on (coalesce(r.body_id, -r.document_id), r.year)
  r.id as report_id, r.body_id, b.name as body, b.region_code, b.region_name, b.level,
  r.year, r.template, r.title, r.organization, r.published_date,
  d.url, d.id as document_id, d.version as document_version, d.first_seen_at, d.fetched_at,
  r.created_at as extracted_at,
  (select count(*) from report_cells c where c.report_id = r.id) as cells_stated,
  (select count(*) from flags f where f.report_id = r.id) as flag_count
from reports r
join documents d on d.id = r.document_id
left join bodies b on b.id = r.body_id
where r.year is not null${live ? ' and r.superseded_by is null' : ''}
order by coalesce(r.body_id, -r.document_id), r.year, d.fetched_at desc, r.created_at desc, r.id desc`;

/**
 * Every cell of every report as a reviewer left it: the active correction of
 * the report's document version where there is one (also for a cell the
 * extraction missed), else the extracted value. `value_source` says which.
 */
export const REPORT_CELLS_REVIEWED_SQL = `
create view report_cells_reviewed as
select c.report_id, c.key,
  case when k.id is null then c.value else k.value end as value,
  case when k.id is null then 'extracted' else 'reviewed' end as value_source,
  c.value as extracted_value, c.raw as extracted_raw, true as extracted_stated,
  k.value as reviewed_value, k.id as correction_id, k.created_by as reviewed_by, k.created_at as reviewed_at,
  k.reason as review_reason, k.source as review_source
from report_cells c
join reports r on r.id = c.report_id
left join cell_corrections k on k.document_id = r.document_id and k.key = c.key and k.state = 'active'
union all
select r.id, k.key, k.value, 'reviewed', null, null, false,
  k.value, k.id, k.created_by, k.created_at, k.reason, k.source
from cell_corrections k
join reports r on r.document_id = k.document_id
where k.state = 'active'
  and not exists (select 1 from report_cells c where c.report_id = r.id and c.key = k.key)`;

/**
 * One row per report, one numeric column per canonical key (2021 keys, then
 * the 2019 extras). Read from the reviewed cells, the view also says how many
 * values and which keys (canonical, `;`-separated) carry a reviewer's correction.
 */
export function cellsWideSql(opts: { name?: string; source?: CellSource } = {}): string {
  const name = opts.name ?? 'cells_wide';
  const source = opts.source ?? 'report_cells';
  const cols = ALL_KEYS.map((k) => `max(c.value) filter (where c.key = ${quoteLit(k)}) as ${quoteIdent(wideColumn(k))}`);
  if (source === 'report_cells_reviewed') {
    cols.push('count(c.correction_id)::int as reviewed_cells',
      "string_agg(c.key, ';' order by c.key) filter (where c.correction_id is not null) as reviewed_keys");
  }
  return `
create view ${quoteIdent(name)} as
select r.id as report_id, r.body_id, b.name as body, b.region_code, r.year, r.template,
  ${cols.join(',\n  ')}
from reports r
left join bodies b on b.id = r.body_id
left join ${source} c on c.report_id = r.id
group by r.id, b.name, b.region_code`;
}

/** report_latest and cells_wide as migration 0002 made them (cells as extracted). */
export async function createViews(db: Kysely<any>): Promise<void> {
  await sql.raw(reportLatestSql(false)).execute(db);
  await sql.raw(cellsWideSql()).execute(db);
}

export async function dropViews(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists cells_wide`.execute(db);
  await sql`drop view if exists report_latest`.execute(db);
}

/** The reviewed reading: report_cells_reviewed, cells_wide over it, cells_extracted beside it. */
export async function createReviewedCellViews(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists cells_wide`.execute(db);
  await sql.raw(REPORT_CELLS_REVIEWED_SQL).execute(db);
  await sql.raw(cellsWideSql({ source: 'report_cells_reviewed' })).execute(db);
  await sql.raw(cellsWideSql({ name: 'cells_extracted' })).execute(db);
}

/** Back to migration 0002's cells_wide. */
export async function dropReviewedCellViews(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists cells_extracted`.execute(db);
  await sql`drop view if exists cells_wide`.execute(db);
  await sql`drop view if exists report_cells_reviewed`.execute(db);
  await sql.raw(cellsWideSql()).execute(db);
}
