/**
 * MinHash signatures of report narratives and their LSH band hashes, so the copy rule can
 * compare narratives across the whole country without holding them all in memory: a
 * signature is computed once per report, and candidate pairs come from an index lookup
 * on (band, hash). A report whose narrative is too short to compare has a row with no
 * signature (so it is not recomputed every night) and no bands.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('narrative_signatures')
    .addColumn('report_id', 'bigint', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
    .addColumn('minhash', 'bytea')
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createTable('narrative_bands')
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('narrative_signatures.report_id').onDelete('cascade'))
    .addColumn('band', 'smallint', (c) => c.notNull())
    .addColumn('hash', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('narrative_bands_pk', ['report_id', 'band'])
    .execute();
  await sql`create index narrative_bands_bucket on narrative_bands (band, hash, report_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('narrative_bands').ifExists().execute();
  await db.schema.dropTable('narrative_signatures').ifExists().execute();
}
