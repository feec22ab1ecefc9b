/**
 * One review item in full, for `nianbao review show|history` and the web:
 * a flag with its report and its history, or a correction with its status and
 * the chain of corrections it belongs to (carried over, replaced).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { flagEvents, flagStateById, type FlagStateRow } from '../store/flag-states.js';
import { correctionById, documentIsLive, liveSuccessor, type CorrectionRow } from '../store/corrections.js';
import { ActionError } from '../model/action-error.js';
import { correctionStatus, type CorrectionStatus } from './corrections.js';

/** A review item as typed at the command line: `F12` / `12` (a flag), `C3` (a correction). */
export type ItemRef = { readonly kind: 'flag' | 'correction'; readonly id: number };

export function parseItemRef(s: string): ItemRef {
  const m = /^([fFcC]?)(\d{1,15})$/.exec(s.trim());
  if (!m) throw new ActionError('invalid', `"${s}" is not a review item: give a flag as F12 (or 12) or a correction as C3`);
  return { kind: m[1]!.toLowerCase() === 'c' ? 'correction' : 'flag', id: Number(m[2]) };
}

export const itemLabel = (r: ItemRef): string => `${r.kind === 'flag' ? 'F' : 'C'}${r.id}`;

export interface ReportFacts {
  readonly report_id: number; readonly body: string | null; readonly region_code: string | null; readonly year: number | null;
  readonly url: string; readonly document_version: number; readonly superseded_by: number | null;
}

async function reportFacts(db: Kysely<Database>, reportId: number): Promise<ReportFacts | undefined> {
  const res = await sql<ReportFacts>`
    select r.id as report_id, b.name as body, b.region_code, r.year, d.url, d.version as document_version, r.superseded_by
    from reports r join documents d on d.id = r.document_id left join bodies b on b.id = r.body_id where r.id = ${reportId}`.execute(db);
  return res.rows[0];
}

export interface FlagDetail {
  readonly state: FlagStateRow;
  readonly report: ReportFacts;
  readonly events: Awaited<ReturnType<typeof flagEvents>>;
}

export async function flagDetail(db: Kysely<Database>, id: number): Promise<FlagDetail> {
  const state = await flagStateById(db, id);
  if (!state) throw new ActionError('not_found', `no flag ${id}`);
  return { state, report: (await reportFacts(db, state.report_id))!, events: await flagEvents(db, state.flag_key) };
}

export interface CorrectionDetail {
  readonly correction: CorrectionRow;
  readonly status: CorrectionStatus;
  readonly report: ReportFacts;
  /** The live report it applies to, or waits on. */
  readonly liveReportId: number | null;
  /** The corrections of this cell it follows from and led to, oldest first (itself included). */
  readonly chain: readonly CorrectionRow[];
}

async function chainOf(db: Kysely<Database>, c: CorrectionRow): Promise<CorrectionRow[]> {
  const back: CorrectionRow[] = [];
  for (let p = c.previous_id; p !== null && back.length < 100;) {
    const row = await correctionById(db, p);
    if (!row) break;
    back.unshift(row);
    p = row.previous_id;
  }
  const forward: CorrectionRow[] = [];
  for (let cur = c; forward.length < 100;) {
    const next = await db.selectFrom('cell_corrections').selectAll().where('previous_id', '=', cur.id).orderBy('id').executeTakeFirst();
    if (!next) break;
    forward.push(next);
    cur = next;
  }
  return [...back, c, ...forward];
}

export async function correctionDetail(db: Kysely<Database>, id: number): Promise<CorrectionDetail> {
  const correction = await correctionById(db, id);
  if (!correction) throw new ActionError('not_found', `no correction ${id}`);
  const live = await documentIsLive(db, correction.document_id);
  return {
    correction,
    status: correctionStatus({ state: correction.state, documentId: correction.document_id }, live ? correction.document_id : null),
    report: (await reportFacts(db, correction.report_id))!,
    liveReportId: await liveSuccessor(db, correction.report_id),
    chain: await chainOf(db, correction),
  };
}
