/** Researcher metrics: template_keys, report_completeness, report_metrics, report_metrics_yoy. */
import type { Kysely } from 'kysely';
import { createMetricViews, dropMetricViews } from '../metrics-views.js';

export async function up(db: Kysely<any>): Promise<void> {
  await createMetricViews(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropMetricViews(db);
}
