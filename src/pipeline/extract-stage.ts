/**
 * Pipeline stage: extract every stored report/attachment version the current
 * extractor has not seen, resolve its body and load it. Extraction itself is
 * pure; this stage is the I/O around it. Several documents are extracted at once
 * (the extraction pool's workers) and loaded in document order, a batch per
 * transaction with the result of loading them one by one (loadBatchIn), so a
 * run's result depends neither on timing nor on where batches break.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { documentBytes, pageImageBytes, pagesWithImages } from '../store/documents.js';
import { decodeDocument } from '../extract/decode.js';
import { pageImages } from '../extract/page-images.js';
import { canonicalUrl } from '../crawl/url.js';
import { loadBatchIn, type LoadInput, type RetireInput } from '../store/reports.js';
import { upsertBody } from '../store/bodies.js';
import type { Body } from '../model/body.js';
import type { ExtractionOk, ExtractionResult, PageImage, SourceDocument } from '../model/report.js';
import { resolveBody, type SiteInfo } from './body-resolver.js';
import { FIRST_TEMPLATE_YEAR } from '../template/index.js';
import { analyze, AnalyzeSchedule } from '../store/statistics.js';
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
  kind: string; parent_id: number | null; title: string | null; size: number;
}

export async function pendingDocuments(db: Kysely<Database>, extractorVersion: string): Promise<PendingDoc[]> {
  const [unread, images] = await Promise.all([unreadDocuments(db, extractorVersion), pagesWithNewerImages(db, extractorVersion)]);
  const seen = new Set(unread.map((d) => d.id));
  return [...unread, ...images.filter((d) => !seen.has(d.id))].sort((a, b) => a.id - b.id);
}

const PENDING_COLUMNS = ['d.id', 'd.url', 'd.site_id', 'd.content_type', 'd.kind', 'd.parent_id', 'd.title', 'd.size'] as const;

/**
 * Report pages read before an image of theirs was stored (a crawl stopped between the page
 * and its images, or an image replaced): read again, now with their images.
 */
async function pagesWithNewerImages(db: Kysely<Database>, extractorVersion: string): Promise<PendingDoc[]> {
  // From the images (few) to their pages' newest versions, not from every page.
  return db.selectFrom('documents as i')
    .innerJoin('documents as p', 'p.id', 'i.parent_id')
    .innerJoin('documents as d', 'd.url', 'p.url')
    .innerJoin('extraction_log as l', (j) => j.onRef('l.document_id', '=', 'd.id').on('l.extractor_version', '=', extractorVersion))
    .select(PENDING_COLUMNS).distinct()
    .where('i.kind', '=', 'image').where('d.kind', '=', 'report')
    .whereRef('i.fetched_at', '>', 'l.extracted_at')
    .where((eb) => eb('d.version', '=', eb.selectFrom('documents as d2').select((e) => e.fn.max('d2.version').as('v')).whereRef('d2.url', '=', 'd.url')))
    .execute();
}

async function unreadDocuments(db: Kysely<Database>, extractorVersion: string): Promise<PendingDoc[]> {
  return db.selectFrom('documents as d')
    .select(PENDING_COLUMNS)
    .where('d.kind', 'in', ['report', 'attachment'])
    .where('d.http_status', '>=', 200).where('d.http_status', '<', 300)
    // Only the newest version of each URL: older versions were extracted when they were new.
    .where((eb) => eb('d.version', '=', eb.selectFrom('documents as d2').select((e) => e.fn.max('d2.version').as('v')).whereRef('d2.url', '=', 'd.url')))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('extraction_log as l').select('l.document_id')
      .whereRef('l.document_id', '=', 'd.id').where('l.extractor_version', '=', extractorVersion))))
    .orderBy('d.id')
    .execute();
}

/** Documents loaded in one transaction (see loadBatchIn): fewer round trips, the same result as one by one. */
const LOAD_BATCH = 32;
/** Raw bytes of the documents read ahead of the loader, beyond the workers' own: the window's memory bound. */
const AHEAD_BYTES = 128 * 2 ** 20;
/** Tables loading fills. */
const LOAD_TABLES = ['reports', 'report_cells', 'extraction_log', 'bodies'] as const;

export async function runExtractStage(db: Kysely<Database>, opts: ExtractStageOptions): Promise<ExtractStageSummary> {
  const summary: ExtractStageSummary = {
    documents: 0, reportsNew: 0, reportsChanged: 0, reportsUnchanged: 0, noTable: 0, beforeTemplate: 0, reportsRetired: 0, failed: 0,
    stoppedByLimit: {}, errorsBySite: {}, loadMs: 0, touchedReportIds: [],
  };
  // A crawl may have just written most of documents: plan the lookups below on fresh statistics.
  await analyze(db, ['documents', 'extraction_log']);
  const docs = await pendingDocuments(db, opts.extractorVersion);
  const imaged = await pagesWithImages(db);
  const analyzed = new AnalyzeSchedule();
  const sites = new Map((await db.selectFrom('sites').select(['id', 'body_name', 'region_code', 'region_name', 'level']).execute())
    .map((s) => [s.id, s as SiteInfo]));
  // A window of extractions runs ahead of the one being read, wide enough to keep the workers busy while a batch
  // loads; beyond one document per worker it holds at most AHEAD_BYTES of raw bytes.
  const workers = Math.max(1, opts.concurrency ?? 1);
  const ahead = workers + LOAD_BATCH;
  let aheadBytes = 0;
  const roomFor = (i: number, next: number) => next - i < workers || (next - i < ahead && aheadBytes + docs[next]!.size <= AHEAD_BYTES);
  const ctx: LoadContext = { ...opts, bodies: new BodyIds() };
  const started: Promise<ExtractionResult>[] = [];
  let batch: Prepared[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const t = performance.now();
    await loadBatch(db, batch, ctx, summary);
    summary.loadMs += performance.now() - t;
    summary.documents += batch.length;
    batch = [];
    if (analyzed.due(summary.documents)) await analyze(db, LOAD_TABLES);
    opts.onProgress?.(summary.documents, docs.length);
  };
  for (const [i, doc] of docs.entries()) {
    while (started.length < docs.length && roomFor(i, started.length)) {
      aheadBytes += docs[started.length]!.size;
      started.push(extractStored(db, docs[started.length]!, opts, imaged));
    }
    const result = await started[i]!;
    delete started[i]; // the bytes and result are read: let them go
    aheadBytes -= doc.size;
    await opts.guard?.check();
    // An attachment takes metadata from its page's log row: the page's batch must be written first.
    if (doc.parent_id !== null && batch.some((p) => p.doc.id === doc.parent_id)) await flush();
    const t = performance.now();
    batch.push(await prepare(db, doc, sites.get(doc.site_id ?? '') ?? null, result, summary));
    summary.loadMs += performance.now() - t;
    if (batch.length >= LOAD_BATCH) await flush();
  }
  await flush();
  if (summary.documents > 0) await analyze(db, LOAD_TABLES); // for the checks that read them next
  summary.loadMs = Math.round(summary.loadMs);
  return summary;
}

async function extractStored(db: Kysely<Database>, doc: PendingDoc, opts: ExtractStageOptions, imaged: ReadonlySet<string>): Promise<ExtractionResult> {
  try {
    const bytes = await documentBytes(db, doc.id);
    const images = doc.kind === 'report' && imaged.has(doc.url) ? await storedPageImages(db, doc, bytes) : [];
    return await opts.extract({ url: doc.url, contentType: doc.content_type ?? undefined, bytes, ...(images.length ? { images } : {}) });
  } catch (err) {
    // A bug in extraction on one page must not stop the run: record it and move on.
    return { ok: false, error: `extractor crashed: ${(err as Error).message}`, warnings: [] };
  }
}

/** The page's images in page order (as page-images.ts lists them), those the crawl stored; inline ones from the page. */
async function storedPageImages(db: Kysely<Database>, doc: PendingDoc, bytes: Uint8Array): Promise<PageImage[]> {
  const stored = new Map([...await pageImageBytes(db, doc.url)].map(([url, b]) => [canonicalUrl(url), b]));
  return pageImages(decodeDocument(bytes, doc.content_type ?? undefined).text, doc.url).flatMap((ref) => {
    const b = ref.data ?? (ref.url ? stored.get(canonicalUrl(ref.url)) : undefined);
    return b ? [{ src: ref.src, bytes: b }] : [];
  });
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
  absorb(other: BodyIds): void { for (const [k, id] of other.ids) this.ids.set(k, id); }
}

type LoadContext = ExtractStageOptions & { readonly bodies: BodyIds };

/** A document read and ready to load: the report it yields, the reports it retires, or only its log row (failed). */
interface Prepared {
  readonly doc: PendingDoc;
  readonly x: ExtractionOk | null;
  readonly error: string | null;
  readonly limit: string | null;
  readonly load?: { readonly body: Body | null; readonly siteId: string | null };
  readonly retire?: string;
}

/** Reads what loading a document needs from the database (its page's metadata) and decides what it does. */
async function prepare(db: Kysely<Database>, doc: PendingDoc, site: SiteInfo | null, result: ExtractionResult, summary: ExtractStageSummary): Promise<Prepared> {
  if (!result.ok) {
    summary.failed++;
    const key = doc.site_id ?? '(no site)';
    summary.errorsBySite[key] = (summary.errorsBySite[key] ?? 0) + 1;
    if (result.limit) summary.stoppedByLimit[result.limit] = (summary.stoppedByLimit[result.limit] ?? 0) + 1;
    return { doc, x: null, error: result.error.startsWith(doc.url) ? result.error : `${doc.url}: ${result.error}`, limit: result.limit ?? null };
  }
  const x = await withParentMetadata(db, doc, result);
  const stated = x.details.length;
  if (stated === 0 && (doc.kind === 'attachment' || await hasAttachments(db, doc.url))) {
    // The page only points at its attachment (or the attachment is unreadable): the attachment carries the report.
    summary.noTable++;
    return { doc, x, error: null, limit: null, retire: doc.kind === 'attachment' ? 'an attachment with no table it could read' : 'a page that only links its attachment' };
  }
  if (stated === 0 && x.template === null && x.year !== null && x.year < FIRST_TEMPLATE_YEAR) {
    // A free-form report of the old 条例 (2018 and before) has no table to map: it is no template report.
    summary.beforeTemplate++;
    return { doc, x, error: null, limit: null, retire: `a free-form report of ${x.year}, before the national template` };
  }
  if (stated === 0) summary.noTable++;
  return { doc, x, error: null, limit: null, load: { body: resolveBody(site, x), siteId: site?.id ?? null } };
}

/**
 * A batch of documents in one transaction: bodies, reports and cells, the retirements of reports
 * whose documents now yield none, and every document's extraction-log row, which marks it done.
 */
async function loadBatch(db: Kysely<Database>, batch: readonly Prepared[], opts: LoadContext, summary: ExtractStageSummary): Promise<void> {
  const local = new BodyIds();
  const results = await db.transaction().execute(async (tx) => {
    await relaxedCommit(tx);
    const items: Array<LoadInput | RetireInput> = [];
    for (const p of batch) {
      if (p.retire) items.push({ url: p.doc.url, why: `${opts.extractorVersion} read document ${p.doc.id} as ${p.retire}` });
      else if (p.load) {
        const { body, siteId } = p.load;
        let bodyId: number | null = null;
        if (body) {
          bodyId = opts.bodies.get(body, siteId) ?? local.get(body, siteId) ?? null;
          if (bodyId === null) local.set(body, siteId, bodyId = await upsertBody(tx, { ...body, siteId }));
        }
        items.push({ documentId: p.doc.id, url: p.doc.url, bodyId, extraction: p.x!, extractorVersion: opts.extractorVersion });
      }
    }
    const loaded = await loadBatchIn(tx, items);
    let k = 0;
    const outcomes = batch.map((p) => (p.retire || p.load ? loaded[k++]! : null));
    await tx.insertInto('extraction_log').values(batch.map((p, j) => {
      const o = outcomes[j];
      const report = o && !Array.isArray(o) ? o : null;
      return {
        document_id: p.doc.id, extractor_version: opts.extractorVersion, ok: p.error === null, error: p.error,
        cells: report ? p.x!.details.length : 0, report_id: report?.reportId ?? null, stopped_by: p.limit,
        year: p.x?.year ?? null, organization: p.x?.organization ?? null, title: p.x?.title ?? null,
      };
    })).onConflict((oc) => oc.columns(['document_id', 'extractor_version']).doUpdateSet((eb) => ({
      // Read again (its images came later): the row says what the last reading found.
      extracted_at: sql<Date>`now()`, ok: eb.ref('excluded.ok'), error: eb.ref('excluded.error'), cells: eb.ref('excluded.cells'),
      report_id: eb.ref('excluded.report_id'), stopped_by: eb.ref('excluded.stopped_by'), year: eb.ref('excluded.year'),
      organization: eb.ref('excluded.organization'), title: eb.ref('excluded.title'),
    }))).execute();
    return outcomes;
  });
  opts.bodies.absorb(local); // only once committed
  for (const o of results) {
    if (o === null) continue;
    if (Array.isArray(o)) { summary.reportsRetired += o.length; continue; }
    if (!o.created) summary.reportsUnchanged++;
    else if (o.superseded.length > 0) summary.reportsChanged++;
    else summary.reportsNew++;
    summary.touchedReportIds.push(o.reportId);
  }
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
    .select('c.id').where('p.url', '=', url).where('c.kind', '=', 'attachment').limit(1).executeTakeFirst();
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
