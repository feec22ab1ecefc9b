/**
 * Pipeline stage: extract every stored report/attachment version the current
 * extractor has not seen, resolve its body and load it (one transaction per
 * report). Extraction itself is pure; this stage is the I/O around it. Several
 * documents are extracted at once (the extraction pool's workers), and loaded
 * one by one in document order, so a run's result does not depend on timing.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { documentBytes } from '../store/documents.js';
import { loadExtractionIn, retireReportsOf } from '../store/reports.js';
import { upsertBody } from '../store/bodies.js';
import type { Body } from '../model/body.js';
import type { ExtractionOk, ExtractionResult, SourceDocument } from '../model/report.js';
import { resolveBody, type SiteInfo } from './body-resolver.js';
import { FIRST_TEMPLATE_YEAR } from '../template/index.js';
import type { RunGuard } from './run-lock.js';

export interface ExtractStageOptions {
  readonly extract: (doc: SourceDocument) => Promise<ExtractionResult> | ExtractionResult;
  readonly extractorVersion: string;
  /** Documents extracted at once (default 1); give the extraction pool's size, or a little more. */
  readonly concurrency?: number;
  /** Called after each document, for progress display. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Consulted before each document is loaded (the run lock). */
  readonly guard?: RunGuard;
}

export interface ExtractStageSummary {
  documents: number;
  reportsNew: number;
  reportsChanged: number;
  reportsUnchanged: number;
  /** Pages read fine but holding no table (images, notices, attachment-only pages). */
  noTable: number;
  /** Reports of years before the national template (free-form): kept as documents, not loaded as reports. */
  beforeTemplate: number;
  /** Live reports an earlier extractor loaded from documents that now yield none (see retireReportsOf). */
  reportsRetired: number;
  failed: number;
  /** Failed documents that hit a limit (time-limit, memory-limit, size-limit) or crashed their worker. */
  stoppedByLimit: Record<string, number>;
  errorsBySite: Record<string, number>;
  /** Milliseconds spent loading (bodies, reports, cells, log rows); the rest of the stage's wall time waited on extraction. */
  loadMs: number;
  /** Report ids created by this stage (the check stage re-checks their bodies). */
  touchedReportIds: number[];
}

interface PendingDoc {
  id: number; url: string; site_id: string | null; content_type: string | null;
  kind: string; parent_id: number | null; title: string | null;
}

export async function pendingDocuments(db: Kysely<Database>, extractorVersion: string): Promise<PendingDoc[]> {
  return db.selectFrom('documents as d')
    .select(['d.id', 'd.url', 'd.site_id', 'd.content_type', 'd.kind', 'd.parent_id', 'd.title'])
    .where('d.kind', 'in', ['report', 'attachment'])
    .where('d.http_status', '>=', 200).where('d.http_status', '<', 300)
    // Only the newest version of each URL: older versions were extracted when they were new.
    .where((eb) => eb('d.version', '=', eb.selectFrom('documents as d2').select((e) => e.fn.max('d2.version').as('v')).whereRef('d2.url', '=', 'd.url')))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('extraction_log as l').select('l.document_id')
      .whereRef('l.document_id', '=', 'd.id').where('l.extractor_version', '=', extractorVersion))))
    .orderBy('d.id')
    .execute();
}

export async function runExtractStage(db: Kysely<Database>, opts: ExtractStageOptions): Promise<ExtractStageSummary> {
  const summary: ExtractStageSummary = {
    documents: 0, reportsNew: 0, reportsChanged: 0, reportsUnchanged: 0, noTable: 0, beforeTemplate: 0, reportsRetired: 0, failed: 0,
    stoppedByLimit: {}, errorsBySite: {}, loadMs: 0, touchedReportIds: [],
  };
  const docs = await pendingDocuments(db, opts.extractorVersion);
  const sites = new Map((await db.selectFrom('sites').select(['id', 'body_name', 'region_code', 'region_name', 'level']).execute())
    .map((s) => [s.id, s as SiteInfo]));
  // A window of extractions runs ahead of the one being loaded.
  const ahead = Math.max(1, opts.concurrency ?? 1);
  const bodies = new BodyIds();
  const started: Promise<ExtractionResult>[] = [];
  for (const [i, doc] of docs.entries()) {
    while (started.length < Math.min(docs.length, i + ahead)) started.push(extractStored(db, docs[started.length]!, opts));
    const result = await started[i]!;
    delete started[i]; // the bytes and result are loaded: let them go
    await opts.guard?.check();
    const t = performance.now();
    await loadOne(db, doc, sites.get(doc.site_id ?? '') ?? null, result, { ...opts, bodies }, summary);
    summary.loadMs += performance.now() - t;
    summary.documents++;
    opts.onProgress?.(i + 1, docs.length);
  }
  summary.loadMs = Math.round(summary.loadMs);
  return summary;
}

async function extractStored(db: Kysely<Database>, doc: PendingDoc, opts: ExtractStageOptions): Promise<ExtractionResult> {
  try {
    const bytes = await documentBytes(db, doc.id);
    return await opts.extract({ url: doc.url, contentType: doc.content_type ?? undefined, bytes });
  } catch (err) {
    // A bug in extraction on one page must not stop the run: record it and move on.
    return { ok: false, error: `extractor crashed: ${(err as Error).message}`, warnings: [] };
  }
}

/**
 * Body ids this stage already wrote, by everything upsertBody writes: a county's
 * reports share a handful of bodies, and each lookup was two queries a report.
 * Filled only once the report's transaction has committed.
 */
class BodyIds {
  private readonly ids = new Map<string, number>();
  private static key = (b: Body, siteId: string | null) => JSON.stringify([b.name, b.regionCode, b.regionName, b.level, b.kind, siteId]);
  get(b: Body, siteId: string | null): number | undefined { return this.ids.get(BodyIds.key(b, siteId)); }
  set(b: Body, siteId: string | null, id: number): void { this.ids.set(BodyIds.key(b, siteId), id); }
}

type LoadContext = ExtractStageOptions & { readonly bodies: BodyIds };

async function loadOne(
  db: Kysely<Database>, doc: PendingDoc, site: SiteInfo | null, result: ExtractionResult, opts: LoadContext, summary: ExtractStageSummary,
): Promise<void> {
  const log = (to: Kysely<Database>, error: string | null, cells: number, reportId: number | null, read?: ExtractionOk) =>
    to.insertInto('extraction_log').values({
      document_id: doc.id, extractor_version: opts.extractorVersion, ok: error === null, error, cells, report_id: reportId,
      stopped_by: result.ok ? null : result.limit ?? null,
      year: read?.year ?? null, organization: read?.organization ?? null, title: read?.title ?? null,
    }).onConflict((oc) => oc.columns(['document_id', 'extractor_version']).doNothing()).execute();
  if (!result.ok) {
    summary.failed++;
    const site = doc.site_id ?? '(no site)';
    summary.errorsBySite[site] = (summary.errorsBySite[site] ?? 0) + 1;
    if (result.limit) summary.stoppedByLimit[result.limit] = (summary.stoppedByLimit[result.limit] ?? 0) + 1;
    await log(db, result.error.startsWith(doc.url) ? result.error : `${doc.url}: ${result.error}`, 0, null);
    return;
  }
  const x = await withParentMetadata(db, doc, result);
  const stated = x.details.length;
  // A document that yields no report retires what an earlier extractor loaded from its URL, in one transaction with its log row.
  const noReport = (why: string) => db.transaction().execute(async (tx) => {
    summary.reportsRetired += (await retireReportsOf(tx, doc.url, `${opts.extractorVersion} read document ${doc.id} as ${why}`)).length;
    await log(tx, null, 0, null, x);
  });
  if (stated === 0 && (doc.kind === 'attachment' || await hasAttachments(db, doc.url))) {
    // The page only points at its attachment (or the attachment is unreadable): the attachment carries the report.
    summary.noTable++;
    await noReport(doc.kind === 'attachment' ? 'an attachment with no table it could read' : 'a page that only links its attachment');
    return;
  }
  if (stated === 0 && x.template === null && x.year !== null && x.year < FIRST_TEMPLATE_YEAR) {
    // A free-form report of the old 条例 (2018 and before) has no table to map: it is no template report.
    summary.beforeTemplate++;
    await noReport(`a free-form report of ${x.year}, before the national template`);
    return;
  }
  if (stated === 0) summary.noTable++;
  const body = resolveBody(site, x);
  const siteId = site?.id ?? null;
  const loaded = await db.transaction().execute(async (tx) => {
    await relaxedCommit(tx);
    const bodyId = body ? opts.bodies.get(body, siteId) ?? await upsertBody(tx, { ...body, siteId }) : null;
    const l = await loadExtractionIn(tx, { documentId: doc.id, url: doc.url, bodyId, extraction: x, extractorVersion: opts.extractorVersion });
    await log(tx, null, stated, l.reportId, x);
    return { ...l, bodyId };
  });
  if (body && loaded.bodyId !== null) opts.bodies.set(body, siteId, loaded.bodyId);
  if (!loaded.created) summary.reportsUnchanged++;
  else if (loaded.superseded.length > 0) summary.reportsChanged++;
  else summary.reportsNew++;
  summary.touchedReportIds.push(loaded.reportId);
}

/**
 * A report, its cells and its log row are derived from a document that is already
 * stored durably, so their transaction need not wait for the disk: if the database
 * crashes in the next moment, they vanish together and the next run derives them
 * again (the log row is what marks a document as done). This spares one flush per report.
 */
async function relaxedCommit(tx: Transaction<Database>): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(tx);
}

async function hasAttachments(db: Kysely<Database>, url: string): Promise<boolean> {
  const row = await db.selectFrom('documents as c')
    .innerJoin('documents as p', 'p.id', 'c.parent_id')
    .select('c.id').where('p.url', '=', url).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * An attachment often lacks a title, year or body name its linking page gives:
 * take what the extraction of that page found (its latest extraction_log row),
 * else the title the crawler recorded for the link.
 */
async function withParentMetadata(db: Kysely<Database>, doc: PendingDoc, x: ExtractionOk): Promise<ExtractionOk> {
  if (doc.parent_id === null || (x.year !== null && x.organization !== null && x.title !== null)) return x;
  const page = await db.selectFrom('extraction_log').select(['year', 'organization', 'title'])
    .where('document_id', '=', doc.parent_id).where('ok', '=', true).orderBy('extracted_at', 'desc').limit(1).executeTakeFirst();
  const linked = page?.title ?? (await db.selectFrom('documents').select('title').where('id', '=', doc.parent_id).executeTakeFirst())?.title ?? doc.title;
  // A file often carries only a generic title (政府信息公开工作年度报告): the page's names body and year.
  const selfDescribed = x.year !== null && x.organization !== null;
  const title = x.title && (selfDescribed || !linked) ? x.title : linked ?? x.title;
  const year = x.year ?? page?.year ?? null;
  const organization = x.organization ?? page?.organization ?? null;
  return { ...x, title, year, organization, warnings: x.year === null && year !== null ? [...x.warnings, 'year taken from the linking page'] : x.warnings };
}
