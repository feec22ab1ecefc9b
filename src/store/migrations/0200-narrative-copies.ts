/**
 * The national copy pass made incremental. Every night it paired every signed report with
 * its bucket neighbours again (189 s at 3,000 portals, for a day that added a few thousand
 * reports). Now a signature is `paired` once its candidate pairs were compared, and the
 * pairs found alike enough to be copies are kept in `narrative_copies`, so a night compares
 * only the pairs a new report makes and takes every verdict from the kept pairs. Rows of a
 * superseded report go with its signature (cascade). Signatures already stored start
 * unpaired: the first pass after this migration pairs them all, as before.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('narrative_signatures').addColumn('paired', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`create index narrative_signatures_unpaired on narrative_signatures (report_id) where not paired and minhash is not null`.execute(db);
  await db.schema.createTable('narrative_copies')
    .addColumn('a', 'bigint', (c) => c.notNull().references('narrative_signatures.report_id').onDelete('cascade'))
    .addColumn('b', 'bigint', (c) => c.notNull().references('narrative_signatures.report_id').onDelete('cascade'))
    // Exact Jaccard of the two narratives' shingles, as compared (double: ties resolve as before).
    .addColumn('similarity', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('narrative_copies_pk', ['a', 'b'])
    .execute();
  await sql`create index narrative_copies_b on narrative_copies (b)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('narrative_copies').ifExists().execute();
  await sql`drop index if exists narrative_signatures_unpaired`.execute(db);
  await db.schema.alterTable('narrative_signatures').dropColumn('paired').execute();
}
