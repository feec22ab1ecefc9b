/**
 * Live reports (not superseded) read back from the store as the checks see them, with the
 * reviewed cell values: one province at a time for the check stage, by id for a re-check
 * after a correction, and without cells for the national copy pass.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Report, TemplateId } from '../model/report.js';
import type { Level, Body } from '../model/body.js';
import { reviewedCells } from '../store/corrections.js';

/** Live reports of one partition, as the checks see them. */
export async function loadReports(db: Kysely<Database>, province: string): Promise<Report[]> {
  return loadReportsWhere(db, (q) => (province === '' ? q.where('b.region_code', 'is', null) : q.where('b.region_code', 'like', `${province}%`)));
}

/** Live reports among `ids`, without their cells (the national copy pass needs only the narrative and the body). */
export async function loadReportTexts(db: Kysely<Database>, ids: readonly number[]): Promise<Report[]> {
  return ids.length === 0 ? [] : loadReportsWhere(db, (q) => q.where('r.id', 'in', [...ids]), false);
}

/** Live reports among `ids` (a re-check after a reviewer's correction). */
export async function loadReportsByIds(db: Kysely<Database>, ids: readonly number[]): Promise<Report[]> {
  return ids.length === 0 ? [] : loadReportsWhere(db, (q) => q.where('r.id', 'in', [...ids]));
}

type ReportQuery = ReturnType<typeof reportQuery>;

function reportQuery(db: Kysely<Database>) {
  return db.selectFrom('reports as r')
    .innerJoin('documents as d', 'd.id', 'r.document_id')
    .leftJoin('bodies as b', 'b.id', 'r.body_id')
    .select((eb) => [
      'r.id', 'r.year', 'r.template', 'r.other_as_one_row', 'r.narrative', 'r.title', 'r.published_date',
      'b.name', 'b.level', 'b.region_name', 'b.region_code', 'b.kind',
      eb.selectFrom('documents as d2').select((e) => e.fn.min('d2.first_seen_at').as('f')).whereRef('d2.url', '=', 'd.url').as('first_seen'),
    ])
    .where('r.superseded_by', 'is', null);
}

async function loadReportsWhere(db: Kysely<Database>, filter: (q: ReportQuery) => ReportQuery, withCells = true): Promise<Report[]> {
  const rows = await filter(reportQuery(db)).orderBy('r.id').execute();
  if (rows.length === 0) return [];
  const cells = new Map<number, Record<string, number | null>>();
  const inferred = new Map<number, string[]>();
  const ids = withCells ? rows.map((r) => r.id) : [];
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    // Checks read the reviewed values: a reviewer's correction is what the report says.
    const part = await reviewedCells(db, chunk);
    for (const [id, c] of part) cells.set(id, c.cells);
    // Cells extraction inferred, unless a reviewer has settled them since.
    const guessed = await db.selectFrom('report_cells').select(['report_id', 'key'])
      .where('report_id', 'in', chunk).where('how', '=', 'inferred').execute();
    for (const c of guessed) {
      if (!part.get(c.report_id)?.reviewed.has(c.key)) inferred.set(c.report_id, [...(inferred.get(c.report_id) ?? []), c.key]);
    }
  }
  return rows.map((r) => ({
    id: String(r.id),
    body: {
      name: r.name, level: (r.level ?? null) as Level | null, regionName: r.region_name, regionCode: r.region_code,
      kind: (r.kind ?? null) as Body['kind'] | null,
    },
    year: r.year,
    template: (r.template ?? null) as TemplateId | null,
    otherAsOneRow: r.other_as_one_row,
    cells: cells.get(r.id) ?? {},
    inferred: inferred.get(r.id) ?? [],
    text: r.narrative,
    title: r.title,
    publishedDate: r.published_date ? isoDate(r.published_date) : null,
    firstSeenAt: r.first_seen ? new Date(r.first_seen as unknown as string) : null,
  }));
}

const isoDate = (d: unknown): string => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));
