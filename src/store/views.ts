/**
 * The researcher-facing views, generated from the template so a column exists
 * for every canonical key. Recreated by migrations whenever the key list changes.
 */
import { sql, type Kysely } from 'kysely';
import { ALL_KEYS, wideColumn } from '../template/index.js';

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteLit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** One row per body and report year: the newest extraction of the newest document version. */
export const REPORT_LATEST_SQL = `
create view report_latest as
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
where r.year is not null
order by coalesce(r.body_id, -r.document_id), r.year, d.fetched_at desc, r.created_at desc, r.id desc`;

/** One row per report, one numeric column per canonical key (2021 keys, then the 2019 extras). */
export function cellsWideSql(): string {
  const cols = ALL_KEYS.map((k) => `max(c.value) filter (where c.key = ${quoteLit(k)}) as ${quoteIdent(wideColumn(k))}`);
  return `
create view cells_wide as
select r.id as report_id, r.body_id, b.name as body, b.region_code, r.year, r.template,
  ${cols.join(',\n  ')}
from reports r
left join bodies b on b.id = r.body_id
left join report_cells c on c.report_id = r.id
group by r.id, b.name, b.region_code`;
}

export async function createViews(db: Kysely<any>): Promise<void> {
  await sql.raw(REPORT_LATEST_SQL).execute(db);
  await sql.raw(cellsWideSql()).execute(db);
}

export async function dropViews(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists cells_wide`.execute(db);
  await sql`drop view if exists report_latest`.execute(db);
}
