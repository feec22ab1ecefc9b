/**
 * Loading extractions. Idempotent: the same extraction of the same document
 * version loads once. A new extraction (a new document version, or a better
 * extractor) supersedes the previous report of the URL / body-year, which
 * stays queryable with `superseded_by` pointing at its successor.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ReportCellsTable } from './schema.js';
import type { ExtractedCell, ExtractionOk } from '../model/report.js';

export interface LoadInput {
  readonly documentId: number;
  /** The document's URL, when the caller has it (spares a lookup). */
  readonly url?: string;
  readonly bodyId: number | null;
  readonly extraction: ExtractionOk;
  /** Identifies the extractor build, so a better extractor's output is a new report. */
  readonly extractorVersion: string;
}

export interface LoadResult {
  readonly reportId: number;
  /** false when this exact extraction was already loaded. */
  readonly created: boolean;
  /** Reports this one replaced. */
  readonly superseded: readonly number[];
}

/**
 * A stable hash of everything a report row and its cells hold — not of the
 * extractor version: a new extractor that reads a document the same way keeps
 * its report (the extract stage counts it unchanged) rather than duplicating it.
 */
export function extractionHash(x: ExtractionOk): string {
  const details = [...x.details].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const canonical = JSON.stringify({
    t: x.template, y: x.year, o: x.organization, ti: x.title, p: x.publishedDate ?? null,
    one: x.otherAsOneRow ?? false, w: x.warnings, n: x.text, d: details, a: x.accounts ?? [],
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export async function loadExtraction(db: Kysely<Database>, input: LoadInput): Promise<LoadResult> {
  return db.transaction().execute((tx) => loadExtractionIn(tx, input));
}

/**
 * The same, inside the caller's transaction, so that what belongs with the report (its
 * body, the extraction log row) commits with it or not at all.
 */
export async function loadExtractionIn(tx: Transaction<Database>, input: LoadInput): Promise<LoadResult> {
  const hash = extractionHash(input.extraction);
  const existing = await tx.selectFrom('reports').select(['id', 'superseded_by'])
    .where('document_id', '=', input.documentId).where('extraction_hash', '=', hash)
    .executeTakeFirst();
  if (existing && existing.superseded_by === null) return { reportId: existing.id, created: false, superseded: [] };
  if (existing) {
    // An extractor reading the document as an earlier one did: that report is live again.
    await tx.updateTable('reports').set({ superseded_by: null, retired_why: null }).where('id', '=', existing.id).execute();
    return { reportId: existing.id, created: false, superseded: await supersede(tx, existing.id, input) };
  }
  const reportId = await insertReport(tx, input, hash);
  const superseded = await supersede(tx, reportId, input);
  return { reportId, created: true, superseded };
}

async function insertReport(tx: Transaction<Database>, input: LoadInput, hash: string): Promise<number> {
  const x = input.extraction;
  const { id } = await tx.insertInto('reports').values({
    document_id: input.documentId,
    body_id: input.bodyId,
    year: x.year,
    template: x.template,
    title: x.title,
    organization: x.organization,
    published_date: x.publishedDate ?? null,
    other_as_one_row: x.otherAsOneRow ?? false,
    narrative: x.text,
    warnings: JSON.stringify(x.warnings),
    alignment: JSON.stringify(x.accounts ?? []),
    extractor_version: input.extractorVersion,
    extraction_hash: hash,
    superseded_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  if (x.details.length > 0) await insertCells(tx, id, x.details);
  return id;
}

/** report_cells' columns, their types and how each is read off a stated cell. */
const CELL_COLUMNS: readonly (readonly [keyof ReportCellsTable, string, (c: ExtractedCell) => unknown])[] = [
  ['key', 'text', (c) => c.key],
  ['value', 'numeric', (c) => c.value],
  ['raw', 'text', (c) => c.raw],
  ['unit', 'text', (c) => c.unit ?? null],
  ['table_id', 'text', (c) => c.provenance.table],
  ['html_table', 'integer', (c) => c.provenance.htmlTable ?? null],
  ['row_index', 'integer', (c) => c.provenance.row ?? null],
  ['col_index', 'integer', (c) => c.provenance.col ?? null],
  ['line_index', 'integer', (c) => c.provenance.line ?? null],
  ['span_start', 'integer', (c) => c.provenance.start ?? null],
  ['span_end', 'integer', (c) => c.provenance.end ?? null],
  ['page', 'integer', (c) => c.provenance.page ?? null],
  ['box', 'jsonb', (c) => (c.provenance.box ? JSON.stringify(c.provenance.box) : null)],
  ['text_line', 'integer', (c) => c.provenance.textLine ?? null],
  ['confidence', 'real', (c) => c.confidence ?? null],
  ['how', 'text', (c) => c.how],
  ['why', 'text', (c) => c.why ?? null],
];

/**
 * All of a report's cells in one statement of one array per column (unnest): a report has
 * up to ~200 cells, and one row of parameters per cell made loading several times slower
 * than extraction. The statement's size no longer grows with the report.
 */
async function insertCells(tx: Transaction<Database>, reportId: number, details: readonly ExtractedCell[]): Promise<void> {
  const names = sql.join(CELL_COLUMNS.map(([name]) => sql.ref(name)));
  const arrays = sql.join(CELL_COLUMNS.map(([, type, of]) => sql`${details.map(of)}::${sql.raw(type)}[]`));
  await sql`insert into report_cells (report_id, ${names})
            select ${reportId}::bigint, * from unnest(${arrays})`.execute(tx);
}

/** Ids of the live reports read from any version of a URL (by the documents' URL index, then reports by document). */
const liveReportsOfUrl = (tx: Transaction<Database>, url: string) =>
  tx.selectFrom('reports as r').innerJoin('documents as d', 'd.id', 'r.document_id')
    .select('r.id').where('d.url', '=', url).where('r.superseded_by', 'is', null);

/**
 * Retires the live reports of a URL when the current extractor loads none from its newest
 * version (`why` says what it read instead): each points `superseded_by` at itself, so it
 * stops counting as live, and stays queryable with its cells. Returns their ids.
 */
export async function retireReportsOf(tx: Transaction<Database>, url: string, why: string): Promise<number[]> {
  const rows = await tx.updateTable('reports')
    .set((eb) => ({ superseded_by: eb.ref('id'), retired_why: why }))
    .where('id', 'in', liveReportsOfUrl(tx, url))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Earlier live reports of the same URL, or of the same body and year, now point at the new one.
 * Each half is looked up by its own index (documents by URL, reports by document; reports by
 * body and year): one condition `a or b` over reports made PostgreSQL scan the whole table for
 * every report loaded, a cost that grew with the database.
 */
async function supersede(tx: Transaction<Database>, reportId: number, input: LoadInput): Promise<number[]> {
  const url = input.url ?? (await tx.selectFrom('documents').select('url').where('id', '=', input.documentId).executeTakeFirstOrThrow()).url;
  const year = input.extraction.year;
  const sameUrl = liveReportsOfUrl(tx, url);
  const candidates = input.bodyId !== null && year !== null
    ? sameUrl.union(tx.selectFrom('reports').select('id').where('body_id', '=', input.bodyId).where('year', '=', year).where('superseded_by', 'is', null))
    : sameUrl;
  const ids = (await candidates.execute()).map((r) => r.id).filter((id) => id !== reportId);
  if (ids.length === 0) return [];
  const rows = await tx.updateTable('reports').set({ superseded_by: reportId })
    .where('id', 'in', ids).where('superseded_by', 'is', null)
    .returning('id').execute();
  return rows.map((r) => r.id);
}
