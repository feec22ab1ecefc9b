/** Researcher views: report_latest and cells_wide. */
import type { Kysely } from 'kysely';
import { createViews, dropViews } from '../views.js';

export async function up(db: Kysely<any>): Promise<void> {
  await createViews(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropViews(db);
}
