/**
 * Row types of the views the research surface reads (report_latest, the
 * metric views of migration 0020), for `db.withTables<ResearchViews>()`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export type ReportLatestRow = {
  report_id: number;
  body_id: number | null;
  body: string | null;
  region_code: string | null;
  region_name: string | null;
  level: string | null;
  year: number;
  template: string | null;
  title: string | null;
  organization: string | null;
  published_date: string | Date | null;
  url: string;
  document_id: number;
  document_version: number;
  first_seen_at: Date;
  fetched_at: Date;
  extracted_at: Date;
  cells_stated: number;
  flag_count: number;
};

export type ReportMetricsRow = {
  report_id: number;
  body_id: number | null;
  body: string | null;
  region_code: string | null;
  region_name: string | null;
  level: string | null;
  year: number;
  template: string | null;
  document_id: number;
  flag_count: number;
  applications: number | null;
  carried_over: number | null;
  handled: number | null;
  carried_forward: number | null;
  granted: number | null;
  partially_granted: number | null;
  denied: number | null;
  review_total: number | null;
  review_corrected: number | null;
  review_concluded: number | null;
  litigation_total: number | null;
  litigation_corrected: number | null;
  litigation_concluded: number | null;
  grant_rate: number | null;
  denial_rate: number | null;
  review_correction_rate: number | null;
  litigation_loss_rate: number | null;
  layout: string | null;
  cells_expected: number | null;
  cells_filled: number | null;
  cells_blank: number | null;
  cells_missing: number | null;
  completeness: number | null;
};

export type ReportMetricsYoyRow = {
  report_id: number;
  body_id: number | null;
  body: string | null;
  region_code: string | null;
  level: string | null;
  year: number;
  prev_report_id: number | null;
  prev_year: number | null;
  applications_prev: number | null;
  applications_change: number | null;
  applications_change_rate: number | null;
  grant_rate_prev: number | null;
  grant_rate_change: number | null;
  denial_rate_prev: number | null;
  denial_rate_change: number | null;
  review_correction_rate_prev: number | null;
  review_correction_rate_change: number | null;
  litigation_loss_rate_prev: number | null;
  litigation_loss_rate_change: number | null;
  completeness_prev: number | null;
  completeness_change: number | null;
};

export type ResearchViews = {
  report_latest: ReportLatestRow;
  report_metrics: ReportMetricsRow;
  report_metrics_yoy: ReportMetricsYoyRow;
};

export type ResearchDb = Kysely<Database & ResearchViews>;

/** The store's database seen with the research views typed. */
export const researchDb = (db: Kysely<Database>): ResearchDb => db.withTables<ResearchViews>();
