/** The pipeline's own bookkeeping: one row per document version per extractor build. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('extraction_log')
    .addColumn('document_id', 'bigint', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('extractor_version', 'text', (c) => c.notNull())
    .addColumn('extracted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ok', 'boolean', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('cells', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report_id', 'bigint', (c) => c.references('reports.id').onDelete('set null'))
    .addPrimaryKeyConstraint('extraction_log_pk', ['document_id', 'extractor_version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('extraction_log').ifExists().execute();
}
