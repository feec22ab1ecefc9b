/**
 * Loading extractions. Idempotent: the same extraction of the same document
 * version loads once. A new extraction (a new document version, or a better
 * extractor) supersedes the previous report of the URL / body-year, which
 * stays queryable with `superseded_by` pointing at its successor.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { ExtractionOk } from '../model/report.js';

export interface LoadInput {
  readonly documentId: number;
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
  const hash = extractionHash(input.extraction);
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('reports').select(['id', 'superseded_by'])
      .where('document_id', '=', input.documentId).where('extraction_hash', '=', hash)
      .executeTakeFirst();
    if (existing && existing.superseded_by === null) return { reportId: existing.id, created: false, superseded: [] };
    if (existing) {
      // An extractor reading the document as an earlier one did: that report is live again.
      await tx.updateTable('reports').set({ superseded_by: null }).where('id', '=', existing.id).execute();
      return { reportId: existing.id, created: false, superseded: await supersede(tx, existing.id, input) };
    }
    const reportId = await insertReport(tx, input, hash);
    const superseded = await supersede(tx, reportId, input);
    return { reportId, created: true, superseded };
  });
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
  const cells = x.details.map((c) => ({
    report_id: id,
    key: c.key,
    value: c.value,
    raw: c.raw,
    unit: c.unit ?? null,
    table_id: c.provenance.table,
    html_table: c.provenance.htmlTable ?? null,
    row_index: c.provenance.row ?? null,
    col_index: c.provenance.col ?? null,
    line_index: c.provenance.line ?? null,
    span_start: c.provenance.start ?? null,
    span_end: c.provenance.end ?? null,
    page: c.provenance.page ?? null,
    box: c.provenance.box ? JSON.stringify(c.provenance.box) : null,
    text_line: c.provenance.textLine ?? null,
    confidence: c.confidence ?? null,
    how: c.how,
    why: c.why ?? null,
  }));
  // Chunked: PostgreSQL caps a statement at 65535 parameters.
  for (let i = 0; i < cells.length; i += 1000) {
    await tx.insertInto('report_cells').values(cells.slice(i, i + 1000)).execute();
  }
  return id;
}

/** Earlier live reports of the same URL, or of the same body and year, now point at the new one. */
async function supersede(tx: Transaction<Database>, reportId: number, input: LoadInput): Promise<number[]> {
  const doc = await tx.selectFrom('documents').select('url').where('id', '=', input.documentId).executeTakeFirstOrThrow();
  const year = input.extraction.year;
  const rows = await tx.updateTable('reports')
    .set({ superseded_by: reportId })
    .where('id', '!=', reportId)
    .where('superseded_by', 'is', null)
    .where((eb) => eb.or([
      eb('document_id', 'in', eb.selectFrom('documents').select('id').where('url', '=', doc.url)),
      ...(input.bodyId !== null && year !== null
        ? [eb.and([eb('body_id', '=', input.bodyId), eb('year', '=', year)])]
        : []),
    ]))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
