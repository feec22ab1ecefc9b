/**
 * An index the extract stage needs at scale: whether a page has attachments is asked for
 * every page that states no cells, by the attachments' `parent_id`, which had no index, so
 * each question read the whole documents table.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index documents_parent on documents (parent_id) where parent_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists documents_parent`.execute(db);
}
