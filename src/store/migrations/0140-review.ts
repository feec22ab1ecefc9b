/**
 * Review: flag states keyed by the flag's identity (src/review/flag-identity.ts)
 * with their history, cell corrections stored beside the extracted values, and
 * the views re-read through the corrections (cells_wide and the metrics use the
 * reviewed values; cells_extracted keeps the raw ones).
 */
import { sql, type Kysely } from 'kysely';
import { createReviewedCellViews, dropReviewedCellViews } from '../views.js';
import { createMetricViews, dropMetricViews } from '../metrics-views.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flags').addColumn('flag_key', 'text').execute();
  await db.schema.createIndex('flags_flag_key').on('flags').column('flag_key').execute();

  await db.schema.createTable('flag_states')
    .addColumn('flag_key', 'text', (c) => c.primaryKey())
    .addColumn('id', 'bigserial', (c) => c.notNull().unique())
    .addColumn('lineage', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'confirmed', 'dismissed', 'resolved')`))
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    // What the flag was last raised with: a change to these reopens a decision.
    .addColumn('cells', 'jsonb', (c) => c.notNull())
    .addColumn('document_id', 'bigint', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('document_version', 'integer', (c) => c.notNull())
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('first_raised_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('flag_states_state').on('flag_states').columns(['state', 'opened_at']).execute();
  await db.schema.createIndex('flag_states_lineage').on('flag_states').column('lineage').execute();

  await db.schema.createTable('flag_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('flag_key', 'text', (c) => c.notNull().references('flag_states.flag_key').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // null: the pipeline (a run raised, reopened or resolved the flag).
    .addColumn('actor', 'text')
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('changes', 'jsonb')
    .addColumn('report_id', 'bigint')
    .execute();
  await db.schema.createIndex('flag_events_key').on('flag_events').columns(['flag_key', 'id']).execute();

  await db.schema.createTable('cell_corrections')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // The report it was made on, and the document version it applies to.
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('document_id', 'bigint', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'numeric')
    .addColumn('extracted_value', 'numeric')
    .addColumn('extracted_raw', 'text')
    .addColumn('extracted_stated', 'boolean', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('active').check(sql`state in ('active', 'replaced', 'carried', 'withdrawn')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The correction this one carries over from an older version, or replaces on the same version.
    .addColumn('previous_id', 'bigint', (c) => c.references('cell_corrections.id'))
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_note', 'text')
    .execute();
  // One active correction per cell of a document version.
  await sql`create unique index cell_corrections_active on cell_corrections (document_id, key) where state = 'active'`.execute(db);
  await db.schema.createIndex('cell_corrections_report').on('cell_corrections').column('report_id').execute();
  // Walking a lineage backwards (which older versions' corrections wait on this report).
  await sql`create index reports_superseded_by on reports (superseded_by) where superseded_by is not null`.execute(db);

  await dropMetricViews(db);
  await createReviewedCellViews(db);
  await createMetricViews(db, 'report_cells_reviewed');
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropMetricViews(db);
  await dropReviewedCellViews(db);
  await createMetricViews(db);
  await db.schema.dropIndex('reports_superseded_by').ifExists().execute();
  await db.schema.dropTable('cell_corrections').ifExists().execute();
  await db.schema.dropTable('flag_events').ifExists().execute();
  await db.schema.dropTable('flag_states').ifExists().execute();
  await db.schema.dropIndex('flags_flag_key').ifExists().execute();
  await db.schema.alterTable('flags').dropColumn('flag_key').execute();
}
