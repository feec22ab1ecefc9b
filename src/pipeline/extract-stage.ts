/**
 * Pipeline stage: extract every stored report/attachment version the current
 * extractor has not seen, resolve its body and load it (one transaction per
 * report). Extraction itself is pure; this stage is the I/O around it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { documentBytes } from '../store/documents.js';
import { loadExtraction } from '../store/reports.js';
import { upsertBody } from '../store/bodies.js';
import type { ExtractionOk, ExtractionResult, SourceDocument } from '../model/report.js';
import { resolveBody, type SiteInfo } from './body-resolver.js';
import { findOrganization, findYear } from '../extract/meta.js';

export interface ExtractStageOptions {
  readonly extract: (doc: SourceDocument) => Promise<ExtractionResult> | ExtractionResult;
  readonly extractorVersion: string;
  /** Called after each document, for progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ExtractStageSummary {
  documents: number;
  reportsNew: number;
  reportsChanged: number;
  reportsUnchanged: number;
  /** Pages read fine but holding no table (images, notices, attachment-only pages). */
  noTable: number;
  failed: number;
  errorsBySite: Record<string, number>;
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
    documents: 0, reportsNew: 0, reportsChanged: 0, reportsUnchanged: 0, noTable: 0, failed: 0,
    errorsBySite: {}, touchedReportIds: [],
  };
  const docs = await pendingDocuments(db, opts.extractorVersion);
  const sites = new Map((await db.selectFrom('sites').select(['id', 'body_name', 'region_code', 'region_name', 'level']).execute())
    .map((s) => [s.id, s as SiteInfo]));
  for (const [i, doc] of docs.entries()) {
    await extractOne(db, doc, sites.get(doc.site_id ?? '') ?? null, opts, summary);
    summary.documents++;
    opts.onProgress?.(i + 1, docs.length);
  }
  return summary;
}

async function extractOne(
  db: Kysely<Database>, doc: PendingDoc, site: SiteInfo | null, opts: ExtractStageOptions, summary: ExtractStageSummary,
): Promise<void> {
  const log = (ok: boolean, error: string | null, cells: number, reportId: number | null) =>
    db.insertInto('extraction_log').values({ document_id: doc.id, extractor_version: opts.extractorVersion, ok, error, cells, report_id: reportId })
      .onConflict((oc) => oc.columns(['document_id', 'extractor_version']).doNothing()).execute();
  let result: ExtractionResult;
  try {
    const bytes = await documentBytes(db, doc.id);
    result = await opts.extract({ url: doc.url, contentType: doc.content_type ?? undefined, bytes });
  } catch (err) {
    // A bug in extraction on one page must not stop the run: record it and move on.
    result = { ok: false, error: `extractor crashed: ${(err as Error).message}`, warnings: [] };
  }
  if (!result.ok) {
    summary.failed++;
    const site = doc.site_id ?? '(no site)';
    summary.errorsBySite[site] = (summary.errorsBySite[site] ?? 0) + 1;
    await log(false, `${doc.url}: ${result.error}`, 0, null);
    return;
  }
  const x = await withParentMetadata(db, doc, result);
  const stated = x.details.length;
  if (stated === 0 && (doc.kind === 'attachment' || await hasAttachments(db, doc.url))) {
    // The page only points at its attachment (or the attachment is unreadable): the attachment carries the report.
    summary.noTable++;
    await log(true, null, 0, null);
    return;
  }
  if (stated === 0) summary.noTable++;
  const body = resolveBody(site, x);
  const bodyId = body ? await upsertBody(db, { ...body, siteId: site?.id ?? null }) : null;
  const loaded = await loadExtraction(db, { documentId: doc.id, bodyId, extraction: x, extractorVersion: opts.extractorVersion });
  if (!loaded.created) summary.reportsUnchanged++;
  else if (loaded.superseded.length > 0) summary.reportsChanged++;
  else summary.reportsNew++;
  summary.touchedReportIds.push(loaded.reportId);
  await log(true, null, stated, loaded.reportId);
}

async function hasAttachments(db: Kysely<Database>, url: string): Promise<boolean> {
  const row = await db.selectFrom('documents as c')
    .innerJoin('documents as p', 'p.id', 'c.parent_id')
    .select('c.id').where('p.url', '=', url).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** An attachment often lacks a title, year or body name its linking page gives. */
async function withParentMetadata(db: Kysely<Database>, doc: PendingDoc, x: ExtractionOk): Promise<ExtractionOk> {
  if (doc.parent_id === null || (x.year !== null && x.organization !== null && x.title !== null)) return x;
  const parent = await db.selectFrom('documents').select(['title']).where('id', '=', doc.parent_id).executeTakeFirst();
  const pageTitle = parent?.title ?? doc.title ?? null;
  const yearOf = (t: string | null) => (t ? findYear(t, '') : null);
  // A file often carries only a generic title (政府信息公开工作年度报告); its page names body and year.
  const title = x.title && (yearOf(x.title) !== null || yearOf(pageTitle) === null) ? x.title : pageTitle ?? x.title;
  const year = x.year ?? yearOf(title);
  const organization = x.organization ?? (title ? findOrganization(title, '') : null);
  return { ...x, title, year, organization, warnings: x.year === null && year !== null ? [...x.warnings, 'year taken from the linking page'] : x.warnings };
}
