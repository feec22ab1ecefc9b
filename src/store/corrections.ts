/**
 * Cell corrections: a reviewer's value stored beside the extracted one, for
 * one cell of one document version (rules in src/review/corrections.ts). The
 * views apply the active correction of a report's document version; a
 * correction whose document has a newer live version waits for a reviewer.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CellCorrectionsTable, Database } from './schema.js';

export type CorrectionRow = Selectable<CellCorrectionsTable>;

export interface NewCorrection {
  readonly reportId: number;
  readonly key: string;
  readonly value: number | null;
  readonly reason: string;
  readonly source: string;
  readonly actor: string;
  /** An older version's correction this one carries over. */
  readonly carriedFrom?: number | null;
}

/**
 * Stores a correction for the report's document version; the cell's earlier
 * active correction on that version (if any) becomes `replaced`.
 */
export async function insertCorrection(tx: Transaction<Database>, c: NewCorrection): Promise<CorrectionRow> {
  const report = await tx.selectFrom('reports').select(['id', 'document_id']).where('id', '=', c.reportId).executeTakeFirstOrThrow();
  const cell = await tx.selectFrom('report_cells').select(['value', 'raw']).where('report_id', '=', c.reportId).where('key', '=', c.key).executeTakeFirst();
  const earlier = await tx.updateTable('cell_corrections')
    .set({ state: 'replaced', closed_by: c.actor, closed_at: new Date(), closed_note: 'replaced by a newer correction' })
    .where('document_id', '=', report.document_id).where('key', '=', c.key).where('state', '=', 'active')
    .returning('id').executeTakeFirst();
  return tx.insertInto('cell_corrections').values({
    report_id: c.reportId, document_id: report.document_id, key: c.key, value: c.value,
    extracted_value: cell?.value ?? null, extracted_raw: cell?.raw ?? null, extracted_stated: cell !== undefined,
    reason: c.reason, source: c.source, created_by: c.actor, previous_id: c.carriedFrom ?? earlier?.id ?? null,
  }).returningAll().executeTakeFirstOrThrow();
}

export async function correctionById(db: Kysely<Database>, id: number): Promise<CorrectionRow | undefined> {
  return db.selectFrom('cell_corrections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Closes an active correction: `carried` to a newer version, or `withdrawn`. */
export async function closeCorrection(
  tx: Transaction<Database>, id: number, state: 'carried' | 'withdrawn', actor: string, note: string | null,
): Promise<void> {
  await tx.updateTable('cell_corrections').set({ state, closed_by: actor, closed_at: new Date(), closed_note: note })
    .where('id', '=', id).where('state', '=', 'active').execute();
}

/**
 * The live report that replaced `reportId` (following `superseded_by`), or
 * the report itself when it is live; null when the chain ends in a retired report.
 */
export async function liveSuccessor(db: Kysely<Database>, reportId: number): Promise<number | null> {
  const res = await sql<{ id: number }>`
    with recursive chain(id, next, depth) as (
      select id, superseded_by, 0 from reports where id = ${reportId}
      union all
      select r.id, r.superseded_by, chain.depth + 1 from reports r join chain on r.id = chain.next
       where chain.next <> chain.id and chain.depth < 1000
    )
    select id from chain where next is null limit 1`.execute(db);
  return res.rows[0]?.id ?? null;
}

/** Whether the correction's document version is read by a live report (then the correction applies). */
export async function documentIsLive(db: Kysely<Database>, documentId: number): Promise<boolean> {
  const row = await db.selectFrom('reports').select('id').where('document_id', '=', documentId)
    .where('superseded_by', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** A report's corrections: those applying to its document version, and older versions' corrections now waiting on it. */
export async function correctionsOfReport(db: Kysely<Database>, reportId: number): Promise<CorrectionRow[]> {
  const report = await db.selectFrom('reports').select(['document_id', 'superseded_by']).where('id', '=', reportId).executeTakeFirst();
  if (!report) return [];
  const applying = await db.selectFrom('cell_corrections').selectAll()
    .where('document_id', '=', report.document_id).where('state', '=', 'active').orderBy('key').execute();
  const waiting = report.superseded_by === null ? await waitingOn(db, reportId) : [];
  return [...applying, ...waiting];
}

/** Active corrections of older document versions that `reportId` (live) replaced, directly or through others. */
async function waitingOn(db: Kysely<Database>, reportId: number): Promise<CorrectionRow[]> {
  const res = await sql<CorrectionRow>`
    with recursive back(id, depth) as (
      select r.id, 1 from reports r where r.superseded_by = ${reportId}
      union all
      select r.id, back.depth + 1 from reports r join back on r.superseded_by = back.id where back.depth < 1000
    )
    select k.* from cell_corrections k
    where k.state = 'active' and k.report_id in (select id from back)
      and not exists (select 1 from reports r where r.document_id = k.document_id and r.superseded_by is null)
    order by k.key, k.id`.execute(db);
  return res.rows;
}

/** Reports' cells as a reviewer left them, and which keys a reviewer's correction set. */
export interface ReviewedCells {
  readonly cells: Record<string, number | null>;
  readonly reviewed: ReadonlySet<string>;
}

/**
 * The reading of the `report_cells_reviewed` view for many reports at once: the extracted
 * cells with the active correction of each report's document version laid over them (cells
 * the extraction missed included). Read as one JSON object a report, not a row a cell: the
 * check stage reads every live report's ~200 cells a night, 2.8× faster so (15,000 reports:
 * 3.5 s through the view, 1.25 s so). tests/review/reviewed-cells.test.ts holds the two equal.
 */
export async function reviewedCells(db: Kysely<Database>, reportIds: readonly number[]): Promise<Map<number, ReviewedCells>> {
  const out = new Map<number, { cells: Record<string, number | null>; reviewed: Set<string> }>();
  if (reportIds.length === 0) return out;
  const ids = [...reportIds];
  const extracted = await db.selectFrom('report_cells').where('report_id', 'in', ids).groupBy('report_id')
    .select(['report_id', sql<Record<string, number | null> | string>`json_object_agg(key, value)`.as('cells')]).execute();
  for (const r of extracted) {
    out.set(Number(r.report_id), { cells: typeof r.cells === 'string' ? JSON.parse(r.cells) : r.cells, reviewed: new Set() });
  }
  const corrections = await db.selectFrom('cell_corrections as k').innerJoin('reports as r', 'r.document_id', 'k.document_id')
    .where('k.state', '=', 'active').where('r.id', 'in', ids).select(['r.id as report_id', 'k.key', 'k.value']).execute();
  for (const k of corrections) {
    const id = Number(k.report_id);
    const mine = out.get(id) ?? out.set(id, { cells: {}, reviewed: new Set() }).get(id)!;
    mine.cells[k.key] = k.value;
    mine.reviewed.add(k.key);
  }
  return out;
}
