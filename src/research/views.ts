/**
 * Row types of the views the research surface reads, derived from the one
 * definition of each view in the store's schema (src/store/schema.ts).
 */
import type { Selectable } from 'kysely';
import type { Database } from '../store/schema.js';

export type ReportLatestRow = Selectable<Database['report_latest']>;
export type ReportMetricsRow = Selectable<Database['report_metrics']>;
export type ReportMetricsYoyRow = Selectable<Database['report_metrics_yoy']>;
