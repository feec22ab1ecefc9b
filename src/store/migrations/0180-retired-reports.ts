/**
 * Reports retired with no successor: the current extractor reads their document and loads
 * no report from it (a free-form report before the template, a page that only links its
 * attachment), so an earlier extractor's report of that URL must stop counting as live.
 * Such a report points `superseded_by` at itself — every query that takes
 * `superseded_by is null` for "live" stays right — and `retired_why` says why.
 * report_latest now shows live reports only.
 */
import { sql, type Kysely } from 'kysely';
import { reportLatestSql } from '../views.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').addColumn('retired_why', 'text').execute();
  await sql.raw(reportLatestSql(true, true)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(reportLatestSql(false, true)).execute(db);
  await db.schema.alterTable('reports').dropColumn('retired_why').execute();
}
