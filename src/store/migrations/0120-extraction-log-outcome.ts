/**
 * What each extraction found and why a failed one stopped: the limit it hit
 * (time-limit, memory-limit, size-limit, crashed) for operators to count, and
 * the year, body and title it read, so an attachment can take what its linking
 * page's extraction found instead of parsing that page's title again.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('extraction_log')
    .addColumn('stopped_by', 'text')
    .addColumn('year', 'integer')
    .addColumn('organization', 'text')
    .addColumn('title', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('extraction_log')
    .dropColumn('stopped_by').dropColumn('year').dropColumn('organization').dropColumn('title')
    .execute();
}
