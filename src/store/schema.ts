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

/** 'gone': the page is gone; it rests until `next_attempt_at` (src/crawl/recheck.ts). */
export type FrontierState = 'queued' | 'leased' | 'done' | 'failed' | 'skipped' | 'gone';

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
  /** When the page was first found gone; null while it answers. */
  gone_since: Date | null;
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
  /** 'sent' until the request is judged (a row left 'sent' lost its answer: the crawl died). */
  outcome: string;
  bytes: number | null;
  error: string | null;
  /** The frontier row the request served (null for robots.txt). */
  frontier_id: number | null;
  /** How the connection was secured ("TLSv1.3 verified", "TLSv1 unverified: …"); null over plain HTTP. */
  tls: string | null;
}

/** What the crawler learned about a host's transport, and why (src/crawl/fetch-policy.ts). */
export interface HostFetchPolicyTable {
  host: string;
  site_id: string | null;
  /** 'http' or 'https': the scheme that answers, when the other did not. */
  scheme: string | null;
  /** 'TLSv1' or 'TLSv1.1' when the host speaks nothing newer. */
  tls_min_version: string | null;
  /** false when the host's certificate cannot be verified and the site's policy accepts that. */
  tls_verify: boolean | null;
  reason: string;
  learned_at: Generated<Date>;
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
  /**
   * Set when a newer extraction (new document version or re-extraction) replaces this one;
   * the report's own id when it was retired with no successor (see `retired_why`).
   * `superseded_by is null` is what makes a report live.
   */
  superseded_by: number | null;
  /** Why the report was retired: the current extractor loads no report from its document. */
  retired_why: Generated<string | null>;
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
  /** Line (0-based) of the stored document's decoded text (HTML, text); null for documents read by a reader. */
  line_index: number | null;
  /** Offsets [span_start, span_end) of the value (an HTML cell: its <td>) in that decoded text. */
  span_start: number | null;
  span_end: number | null;
  page: number | null;
  /** The value's box on its page: [x0, y0, x1, y1] as fractions of the page, origin top left. */
  box: Json<number[]> | null;
  /** Line (0-based) of the text a document reader derived (PDF, DOCX, DOC, OFD). */
  text_line: number | null;
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
  /** The flag's identity across runs (src/review/flag-identity.ts): its row in flag_states. */
  flag_key: string | null;
}

/** A flag's review state, one row per identity, kept across runs (src/store/flag-states.ts). */
export interface FlagStatesTable {
  flag_key: string;
  id: Generated<number>;
  lineage: string;
  rule: string;
  subject: string;
  severity: string;
  message: string;
  state: 'open' | 'confirmed' | 'dismissed' | 'resolved';
  reason: string | null;
  note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  /** The numbers and document version the flag was last raised with. */
  cells: Json<Record<string, number | null>>;
  document_id: number;
  document_version: number;
  report_id: number;
  first_raised_at: Generated<Date>;
  opened_at: Timestamp;
  updated_at: Timestamp;
}

/** Every change of a flag's state; `actor` null for the pipeline. */
export interface FlagEventsTable {
  id: Generated<number>;
  flag_key: string;
  at: Generated<Date>;
  actor: string | null;
  from_state: string | null;
  to_state: string;
  reason: string | null;
  note: string | null;
  changes: Json<Record<string, unknown>> | null;
  report_id: number | null;
}

/** A reviewer's value for one cell of one document version, beside the extracted one. */
export interface CellCorrectionsTable {
  id: Generated<number>;
  report_id: number;
  document_id: number;
  key: string;
  value: number | null;
  extracted_value: number | null;
  extracted_raw: string | null;
  extracted_stated: boolean;
  reason: string;
  source: string;
  state: Generated<'active' | 'replaced' | 'carried' | 'withdrawn'>;
  created_by: string;
  created_at: Generated<Date>;
  previous_id: number | null;
  closed_by: string | null;
  closed_at: Date | null;
  closed_note: string | null;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  role: 'admin' | 'reviewer' | 'viewer';
  /** Region code prefixes; null = every region. */
  regions: string[] | null;
  password_hash: string;
  disabled_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor: string | null;
  action: string;
  target: string | null;
  detail: Json<Record<string, unknown>>;
  origin: string | null;
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
  /** The limit that stopped a failed extraction (time-limit, memory-limit, size-limit, crashed), else null. */
  stopped_by: string | null;
  /** What the extraction read (null when it failed or the page does not say). */
  year: number | null;
  organization: string | null;
  title: string | null;
}

/** A 年报 column of a site: found by the column finder (with the links that led to it) or given by hand. */
export interface SiteColumnsTable {
  id: Generated<number>;
  site_id: string;
  /** The list's address (behind any frame or redirect); `canonical_url` is its dedupe key within the site. */
  url: string;
  canonical_url: string;
  source: 'finder' | 'manual';
  body_name: string;
  /** Where the body's name came from: the column page's breadcrumb, the link to the body, the sub-site's name, the portal. */
  body_source: string;
  body_kind: string;
  region_code: string | null;
  level: string | null;
  /** A sub-column (by year or kind of body) of this column. */
  parent_url: string | null;
  /** It lists sub-columns rather than reports. */
  central: boolean;
  score: number;
  report_items: number;
  /** The trail from the home page: [{ url, text, role, score, rule, via }]. */
  evidence: Json<unknown[]>;
  /** active; missing (not seen where it was on the last finished crawl); moved (found again elsewhere: `moved_to`). */
  status: Generated<'active' | 'missing' | 'moved'>;
  found_at: Generated<Date>;
  last_verified_at: Timestamp;
  missing_since: Date | null;
  moved_to: number | null;
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

/** View: one row per body and year (report_latest) with the metric counts and rates (see store/metrics-views.ts). */
export interface ReportMetricsView {
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
}

/** View: one row per body and year with the change against the body's previous year. */
export interface ReportMetricsYoyView {
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
}

/**
 * View: one row per report, a numeric column per canonical key (named by `wideColumn`).
 * `cells_wide` holds the reviewed values (plus `reviewed_cells`, `reviewed_keys`),
 * `cells_extracted` the extracted ones.
 */
export interface CellsWideView {
  report_id: number;
  body_id: number | null;
  body: string | null;
  region_code: string | null;
  year: number | null;
  template: string | null;
  [column: string]: number | string | null;
}

/** View: every cell as reviewed (a correction where one applies), with the extracted value beside it. */
export interface ReportCellsReviewedView {
  report_id: number;
  key: string;
  value: number | null;
  value_source: 'extracted' | 'reviewed';
  extracted_value: number | null;
  extracted_raw: string | null;
  extracted_stated: boolean;
  reviewed_value: number | null;
  correction_id: number | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_reason: string | null;
  review_source: string | null;
}

/** A report narrative's MinHash signature (null: too short to compare); see migration 0170. */
export interface NarrativeSignaturesTable {
  report_id: number;
  minhash: Uint8Array | null;
  computed_at: Generated<Date>;
  /** Its candidate pairs were compared (migration 0200): later passes compare only new reports' pairs. */
  paired: Generated<boolean>;
}

/** Two reports whose narratives were found alike enough to be copies (a < b; similarity ≥ COPY_THRESHOLD). */
export interface NarrativeCopiesTable {
  a: number;
  b: number;
  similarity: number;
}

/** One LSH band hash of a signature: reports sharing (band, hash) are candidate copies. */
export interface NarrativeBandsTable {
  report_id: number;
  band: number;
  hash: number;
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
  host_fetch_policy: HostFetchPolicyTable;
  site_columns: SiteColumnsTable;
  narrative_signatures: NarrativeSignaturesTable;
  narrative_bands: NarrativeBandsTable;
  narrative_copies: NarrativeCopiesTable;
  report_latest: ReportLatestView;
  report_metrics: ReportMetricsView;
  report_metrics_yoy: ReportMetricsYoyView;
  cells_wide: CellsWideView;
  cells_extracted: CellsWideView;
  report_cells_reviewed: ReportCellsReviewedView;
  flag_states: FlagStatesTable;
  flag_events: FlagEventsTable;
  cell_corrections: CellCorrectionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
