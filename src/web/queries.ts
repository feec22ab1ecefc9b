/**
 * The web view's reads. Every value reaches SQL as a parameter; identifiers
 * are never built from request input.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { severityRank } from '../store/flags.js';
import { likePrefix } from '../research/metric-queries.js';
import { regionPrefix } from '../research/region.js';
import type { ReportMetricsRow } from '../research/views.js';

type Db = Kysely<Database>;

/** `%text%` for ILIKE with the user's own % and _ taken literally. */
const likeContains = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface BodyHit {
  id: number; name: string; region_code: string | null; region_name: string | null; level: string | null; kind: string;
  years: number[];
}

/** Bodies whose name or region name contains `q`, or whose region code starts with `q` (digits). */
export async function searchBodies(db: Db, q: string, limit = 200): Promise<BodyHit[]> {
  const text = q.trim();
  if (!text) return [];
  const cond = /^\d{2,12}$/.test(text)
    ? sql`b.region_code like ${likePrefix(regionPrefix(text))}`
    : sql`(b.name ilike ${likeContains(text)} or b.region_name ilike ${likeContains(text)})`;
  const res = await sql<BodyHit>`
    select b.id, b.name, b.region_code, b.region_name, b.level, b.kind,
      coalesce(array_agg(l.year order by l.year) filter (where l.year is not null), '{}') as years
    from bodies b
    left join report_latest l on l.body_id = b.id
    where ${cond}
    group by b.id
    order by b.region_code nulls last, b.name
    limit ${limit}`.execute(db);
  return res.rows;
}

export async function bodyById(db: Db, id: number) {
  return db.selectFrom('bodies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The body's reports, one per year (the newest), with their metrics. */
export async function bodyReports(db: Db, bodyId: number): Promise<ReportMetricsRow[]> {
  return db.selectFrom('report_metrics').selectAll().where('body_id', '=', bodyId).orderBy('year').execute();
}

export interface ReportHead {
  id: number; body_id: number | null; body: string | null; region_code: string | null; region_name: string | null;
  level: string | null; year: number | null; template: string | null; title: string | null; organization: string | null;
  published_date: string | null; other_as_one_row: boolean; superseded_by: number | null; retired_why: string | null; extractor_version: string;
  warnings: string[]; document_id: number; url: string; version: number; fetched_at: Date; first_seen_at: Date;
  content_type: string | null;
}

/** A report (live or superseded) with its body and document version. */
export async function reportHead(db: Db, id: number): Promise<ReportHead | undefined> {
  const res = await sql<ReportHead>`
    select r.id, r.body_id, b.name as body, b.region_code, b.region_name, b.level, r.year, r.template, r.title,
      r.organization, to_char(r.published_date, 'YYYY-MM-DD') as published_date, r.other_as_one_row, r.superseded_by, r.retired_why,
      r.extractor_version, r.warnings, d.id as document_id, d.url, d.version, d.fetched_at, d.first_seen_at, d.content_type
    from reports r
    join documents d on d.id = r.document_id
    left join bodies b on b.id = r.body_id
    where r.id = ${id}`.execute(db);
  return res.rows[0];
}

export async function reportCells(db: Db, reportId: number) {
  return db.selectFrom('report_cells').selectAll().where('report_id', '=', reportId).execute();
}

export type CellRow = Awaited<ReturnType<typeof reportCells>>[number];

export async function reportFlags(db: Db, reportId: number) {
  return db.selectFrom('flags').selectAll().where('report_id', '=', reportId)
    .orderBy(severityRank('severity')).orderBy('rule').orderBy('id').execute();
}

export type FlagRow = Awaited<ReturnType<typeof reportFlags>>[number];

export async function reportMetrics(db: Db, reportId: number): Promise<ReportMetricsRow | undefined> {
  return db.selectFrom('report_metrics').selectAll().where('report_id', '=', reportId).executeTakeFirst();
}

export interface CellHistoryRow { report_id: number; year: number; template: string | null; value: number | null; raw: string | null; stated: boolean }

/** One key across the body's years (newest report per year); `stated` false when the report does not print it. */
export async function cellHistory(db: Db, bodyId: number, key: string): Promise<CellHistoryRow[]> {
  const res = await sql<CellHistoryRow>`
    select l.report_id, l.year, l.template, c.value, c.raw, (c.key is not null) as stated
    from report_latest l
    left join report_cells c on c.report_id = l.report_id and c.key = ${key}
    where l.body_id = ${bodyId}
    order by l.year`.execute(db);
  return res.rows;
}

export async function documentRow(db: Db, id: number) {
  return db.selectFrom('documents').innerJoin('blobs', 'blobs.sha256', 'documents.sha256')
    .select(['documents.id', 'documents.url', 'documents.final_url', 'documents.version', 'documents.fetched_at',
      'documents.first_seen_at', 'documents.http_status', 'documents.content_type', 'documents.charset',
      'documents.sha256', 'documents.size', 'documents.kind', 'documents.title', 'blobs.bytes'])
    .where('documents.id', '=', id).executeTakeFirst();
}

/** Reports read from a document version (a page may hold one report; re-extractions add more). */
export async function documentReports(db: Db, documentId: number) {
  return db.selectFrom('reports').select(['id', 'year', 'superseded_by', 'extractor_version'])
    .where('document_id', '=', documentId).orderBy('id').execute();
}

/** Every rule with its count among the newest reports, for the filter list. */
export async function flagRules(db: Db): Promise<{ rule: string; n: number }[]> {
  const res = await sql<{ rule: string; n: number }>`
    select f.rule, count(*)::int as n from flags f join report_latest l on l.report_id = f.report_id
    group by f.rule order by f.rule`.execute(db);
  return res.rows;
}

/** Report years present, newest first, for the comparison form. */
export async function reportYears(db: Db): Promise<number[]> {
  const res = await sql<{ year: number }>`select distinct year from report_latest order by year desc`.execute(db);
  return res.rows.map((r) => r.year);
}

/** Reports and flags per province (first two digits of the region code) and year, for the home page. */
export async function overview(db: Db) {
  const res = await sql<{ province: string | null; year: number; reports: number; flagged: number }>`
    select left(region_code, 2) as province, year, count(*)::int as reports, count(*) filter (where flag_count > 0)::int as flagged
    from report_latest group by 1, 2 order by 1 nulls last, 2 desc`.execute(db);
  return res.rows;
}

/** A cell of a report read from this document version, with its stored position. */
export async function cellOfDocument(db: Db, documentId: number, reportId: number, key: string) {
  return db.selectFrom('report_cells as c').innerJoin('reports as r', 'r.id', 'c.report_id')
    .select(['c.key', 'c.value', 'c.raw', 'c.line_index', 'c.span_start', 'c.span_end', 'c.page', 'c.box', 'c.text_line'])
    .where('r.document_id', '=', documentId).where('c.report_id', '=', reportId).where('c.key', '=', key).executeTakeFirst();
}

/**
 * A citation: the newest report of the body (by region code and name) for the
 * year, with the cell and the document version it was read from.
 */
export async function citation(db: Db, regionCode: string | null, body: string, year: number, key: string) {
  const row = (await sql<{
    report_id: number; document_id: number; document_version: number; url: string; fetched_at: Date; body: string;
    region_code: string | null; value: number | null; raw: string | null; stated: boolean;
  }>`
    select l.report_id, l.document_id, l.document_version, l.url, l.fetched_at, l.body, l.region_code, c.value, c.raw, (c.key is not null) as stated
    from report_latest l left join report_cells c on c.report_id = l.report_id and c.key = ${key}
    where l.body = ${body} and coalesce(l.region_code, '-') = ${regionCode ?? '-'} and l.year = ${year}
    limit 1`.execute(db)).rows[0];
  if (!row) return undefined;
  return {
    body: row.body, regionCode: row.region_code, year, key, reportId: row.report_id, documentId: row.document_id,
    version: row.document_version, sourceUrl: row.url, fetchedAt: row.fetched_at, value: row.value, raw: row.raw, stated: row.stated,
  };
}
