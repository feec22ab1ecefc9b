/**
 * The fetch log keeps every request: a row is written before the request is
 * sent (outcome 'sent') and completed when it is judged, so a crawl killed
 * mid-request still shows what the server saw. Each row names the frontier row
 * it served and how its connection was secured (`tls`).
 *
 * `host_fetch_policy`: what the crawler learned about a host's transport (the
 * scheme that answers, legacy TLS, an unverifiable certificate accepted) and
 * why, so the next run starts from it and `sites check` can show it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('fetch_log').addColumn('frontier_id', 'bigint').execute();
  await db.schema.alterTable('fetch_log').addColumn('tls', 'text').execute();
  await db.schema.createTable('host_fetch_policy')
    .addColumn('host', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text')
    .addColumn('scheme', 'text')
    .addColumn('tls_min_version', 'text')
    .addColumn('tls_verify', 'boolean')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('learned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('host_fetch_policy').ifExists().execute();
  await db.schema.alterTable('fetch_log').dropColumn('tls').execute();
  await db.schema.alterTable('fetch_log').dropColumn('frontier_id').execute();
}
