/**
 * How each cell was read (issue 11): `read` when the page's layout allows one
 * reading, `inferred` when extraction chose among readings (and `why`); and per
 * report the aligner's account of each table — tokens dropped and why, readings
 * weighed, rows left out — so a reviewer can see what a page printed that no
 * cell holds. Rows loaded before this were read the old way: they stay `read`.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_cells').addColumn('how', 'text', (c) => c.notNull().defaultTo('read')).execute();
  await db.schema.alterTable('report_cells').addColumn('why', 'text').execute();
  await db.schema.alterTable('reports').addColumn('alignment', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
  await sql`create index report_cells_inferred on report_cells (report_id) where how = 'inferred'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('report_cells_inferred').ifExists().execute();
  await db.schema.alterTable('reports').dropColumn('alignment').execute();
  await db.schema.alterTable('report_cells').dropColumn('why').execute();
  await db.schema.alterTable('report_cells').dropColumn('how').execute();
}
