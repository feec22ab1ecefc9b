/**
 * The database as kysely sees it: one interface per table. Ids are bigserials
 * parsed to numbers (both backends install the same type parsers).
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { TableAccount } from '../model/report.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface SitesTable {
  id: string;
  base_url: string;
  body_name: string;
  region_code: string | null;
  region_name: string | null;
  level: string | null;
  config: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface BodiesTable {
  id: Generated<number>;
  name: string;
  region_code: string | null;
  region_name: string | null;
  level: string | null;
  kind: string;
  site_id: string | null;
  created_at: Generated<Date>;
}

/** Content-addressed raw bytes: identical bodies at several URLs are stored once. */
export interface BlobsTable {
  sha256: string;
  bytes: Uint8Array;
  size: number;
  created_at: Generated<Date>;
}

/** One row per URL version: a new row only when the bytes change. */
export interface DocumentsTable {
  id: Generated<number>;
  url: string;
  version: number;
  final_url: string;
  site_id: string | null;
  /** When this version was fetched. */
  fetched_at: Timestamp;
  /** When the URL was first seen; kept across versions. */
  first_seen_at: Timestamp;
  /** Last time a fetch or a 304 confirmed this version is still current. */
  last_checked_at: Timestamp;
  http_status: number;
  etag: string | null;
  last_modified: string | null;
  content_type: string | null;
  charset: string | null;
  headers: Json<Record<string, string>>;
  sha256: string;
  size: number;
  parent_id: number | null;
  kind: string;
  title: string | null;
}

export type FrontierState = 'queued' | 'leased' | 'done' | 'failed' | 'skipped';

/** The crawl queue; workers claim rows with FOR UPDATE SKIP LOCKED and hold a lease. */
export interface FrontierTable {
  id: Generated<number>;
  /** method + canonical URL (+ body hash for POSTs): the dedupe key. */
  request_key: string;
  url: string;
  method: Generated<string>;
  body: string | null;
  site_id: string | null;
  kind: string;
  depth: Generated<number>;
  parent_url: string | null;
  /** Anchor text or other hints carried from the page that linked here. */
  meta: Json<Record<string, unknown>>;
  state: Generated<FrontierState>;
  priority: Generated<number>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  last_fetched_at: Date | null;
  last_status: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Every HTTP exchange the crawler made, for politeness audits and operator summaries. */
export interface FetchLogTable {
  id: Generated<number>;
  run_id: number | null;
  url: string;
  host: string;
  site_id: string | null;
  started_at: Timestamp;
  duration_ms: number;
  status: number | null;
  outcome: string;
  bytes: number | null;
  error: string | null;
}

export interface ReportsTable {
  id: Generated<number>;
  document_id: number;
  body_id: number | null;
  year: number | null;
  template: string | null;
  title: string | null;
  organization: string | null;
  published_date: string | null;
  other_as_one_row: boolean;
  narrative: string;
  warnings: Json<string[]>;
  extractor_version: string;
  /** sha256 of the extraction's content: loading the same extraction again is a no-op. */
  extraction_hash: string;
  /** The aligner's account per template table (TableAccount[]): tokens dropped and why, readings weighed, rows left out. */
  alignment: JSONColumnType<readonly TableAccount[], string | undefined, string>;
  created_at: Generated<Date>;
  /** Set when a newer extraction (new document version or re-extraction) replaces this one. */
  superseded_by: number | null;
}

export interface ReportCellsTable {
  report_id: number;
  key: string;
  value: number | null;
  raw: string;
  unit: string | null;
  table_id: string;
  html_table: number | null;
  row_index: number | null;
  col_index: number | null;
  line_index: number | null;
  page: number | null;
  /** OCR's confidence in the word the value came from; null for markup and text layers. */
  confidence: number | null;
  /** `read` or `inferred` (see CellHow in src/model/report.ts). */
  how: Generated<string>;
  /** For inferred cells: what the value was chosen by. */
  why: string | null;
}

export interface FlagsTable {
  id: Generated<number>;
  report_id: number;
  rule: string;
  severity: string;
  message: string;
  cells: Json<Record<string, number | null>>;
  related_report_id: number | null;
  created_at: Generated<Date>;
}

export interface RunsTable {
  id: Generated<number>;
  command: string;
  started_at: Generated<Date>;
  finished_at: Date | null;
  status: Generated<string>;
  summary: Json<Record<string, unknown>> | null;
}

/** Which document versions the pipeline has extracted, with which extractor, and how it went. */
export interface ExtractionLogTable {
  document_id: number;
  extractor_version: string;
  extracted_at: Generated<Date>;
  ok: boolean;
  error: string | null;
  cells: number;
  report_id: number | null;
}

/** A live `nianbao crawl` process (heartbeats); workers split the sites between them. */
export interface CrawlWorkersTable {
  owner: string;
  run_id: number | null;
  started_at: Generated<Date>;
  heartbeat_at: Timestamp;
}

/** View: one row per body and year, the newest extraction (see store/views.ts). */
export interface ReportLatestView {
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
  published_date: string | null;
  url: string;
  document_id: number;
  document_version: number;
  first_seen_at: Date;
  fetched_at: Date;
  extracted_at: Date;
  cells_stated: number;
  flag_count: number;
}

/** View: one row per report, a numeric column per canonical key (named by `wideColumn`). */
export interface CellsWideView {
  report_id: number;
  body_id: number | null;
  body: string | null;
  region_code: string | null;
  year: number | null;
  template: string | null;
  [column: string]: number | string | null;
}

export interface Database {
  sites: SitesTable;
  bodies: BodiesTable;
  blobs: BlobsTable;
  documents: DocumentsTable;
  frontier: FrontierTable;
  fetch_log: FetchLogTable;
  reports: ReportsTable;
  report_cells: ReportCellsTable;
  flags: FlagsTable;
  runs: RunsTable;
  extraction_log: ExtractionLogTable;
  crawl_workers: CrawlWorkersTable;
  report_latest: ReportLatestView;
  cells_wide: CellsWideView;
}
