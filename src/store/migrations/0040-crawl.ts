/**
 * Crawl workers: each `nianbao crawl` process registers and heartbeats here,
 * so workers sharing a database can split the sites between them and no host
 * is ever crawled by two processes at once (politeness across processes).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('crawl_workers')
    .addColumn('owner', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'bigint')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('crawl_workers').ifExists().execute();
}
