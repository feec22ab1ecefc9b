/** Core tables: sites, bodies, versioned documents, frontier, reports, cells, flags, runs. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('body_name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text')
    .addColumn('region_name', 'text')
    .addColumn('level', 'text')
    .addColumn('config', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.createTable('bodies')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text')
    .addColumn('region_name', 'text')
    .addColumn('level', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One body per name within a region; a body with no known region is keyed by name alone.
  await sql`create unique index bodies_name_region on bodies (name, coalesce(region_code, ''))`.execute(db);

  await db.schema.createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.createTable('documents')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('final_url', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_checked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('http_status', 'integer', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('content_type', 'text')
    .addColumn('charset', 'text')
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('parent_id', 'bigint', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('title', 'text')
    .addUniqueConstraint('documents_url_version', ['url', 'version'])
    .execute();
  await db.schema.createIndex('documents_sha256').on('documents').column('sha256').execute();
  await db.schema.createIndex('documents_site').on('documents').columns(['site_id', 'kind']).execute();

  await db.schema.createTable('frontier')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('request_key', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().defaultTo('GET'))
    .addColumn('body', 'text')
    .addColumn('site_id', 'text', (c) => c.references('sites.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parent_url', 'text')
    .addColumn('meta', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('last_fetched_at', 'timestamptz')
    .addColumn('last_status', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The claim query scans ready rows in priority order.
  await sql`create index frontier_ready on frontier (priority desc, next_attempt_at) where state = 'queued'`.execute(db);
  await db.schema.createIndex('frontier_site_state').on('frontier').columns(['site_id', 'state']).execute();

  await db.schema.createTable('fetch_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'bigint')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('fetch_log_host_time').on('fetch_log').columns(['host', 'started_at']).execute();

  await db.schema.createTable('reports')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('document_id', 'bigint', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('body_id', 'bigint', (c) => c.references('bodies.id').onDelete('set null'))
    .addColumn('year', 'integer')
    .addColumn('template', 'text')
    .addColumn('title', 'text')
    .addColumn('organization', 'text')
    .addColumn('published_date', 'date')
    .addColumn('other_as_one_row', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('narrative', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('extractor_version', 'text', (c) => c.notNull())
    .addColumn('extraction_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('superseded_by', 'bigint', (c) => c.references('reports.id').onDelete('set null'))
    .addUniqueConstraint('reports_document_extraction', ['document_id', 'extraction_hash'])
    .execute();
  await db.schema.createIndex('reports_body_year').on('reports').columns(['body_id', 'year']).execute();

  await db.schema.createTable('report_cells')
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'numeric')
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('table_id', 'text', (c) => c.notNull())
    .addColumn('html_table', 'integer')
    .addColumn('row_index', 'integer')
    .addColumn('col_index', 'integer')
    .addColumn('line_index', 'integer')
    .addColumn('page', 'integer')
    .addColumn('confidence', 'real')
    .addPrimaryKeyConstraint('report_cells_pk', ['report_id', 'key'])
    .execute();
  await db.schema.createIndex('report_cells_key').on('report_cells').column('key').execute();

  await db.schema.createTable('flags')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('cells', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('related_report_id', 'bigint', (c) => c.references('reports.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('flags_report').on('flags').column('report_id').execute();
  await db.schema.createIndex('flags_rule').on('flags').column('rule').execute();

  await db.schema.createTable('runs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('running'))
    .addColumn('summary', 'jsonb')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['runs', 'flags', 'report_cells', 'reports', 'fetch_log', 'frontier', 'documents', 'blobs', 'bodies', 'sites']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
