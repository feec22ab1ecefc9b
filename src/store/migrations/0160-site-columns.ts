/**
 * The 年报 columns the column finder found on each site (or that were given by
 * hand), with the way to them from the home page as evidence, the body they
 * belong to and when they were last seen where they are.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('site_columns')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('canonical_url', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('finder'))
    .addColumn('body_name', 'text', (c) => c.notNull())
    .addColumn('body_source', 'text', (c) => c.notNull())
    .addColumn('body_kind', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text')
    .addColumn('level', 'text')
    .addColumn('parent_url', 'text')
    .addColumn('central', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('report_items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('found_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_verified_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('missing_since', 'timestamptz')
    .addColumn('moved_to', 'bigint', (c) => c.references('site_columns.id').onDelete('set null'))
    .addUniqueConstraint('site_columns_site_url', ['site_id', 'canonical_url'])
    .execute();
  await db.schema.createIndex('site_columns_site_status').on('site_columns').columns(['site_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('site_columns').ifExists().execute();
}
