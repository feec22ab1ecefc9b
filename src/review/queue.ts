/**
 * The review queue: open flags (their state rows, which always point at the
 * report the flag was last raised on — the live one unless resolved), and corrections waiting for a
 * reviewer because their document has a new version — ordered by severity,
 * then region, then age (oldest first), within the reader's regions.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { severityRank } from '../store/flags.js';
import { liveSuccessor } from '../store/corrections.js';
import { KEY_INFO } from '../template/index.js';
import { likePrefix } from '../research/filters.js';
import { describeChanges, type FlagChanges, type FlagState } from './flag-lifecycle.js';

/** A correction waiting for review ranks with warnings: the extracted value stands meanwhile. */
export const WAITING_CORRECTION_SEVERITY = 'warning';

export interface QueueItem {
  readonly kind: 'flag' | 'correction';
  /** flag_states id, or cell_corrections id. */
  readonly id: number;
  readonly severity: string;
  /** The flag's state, or `needs_review` for a correction. */
  readonly state: FlagState | 'needs_review';
  readonly rule: string | null;
  readonly message: string;
  readonly cells: Readonly<Record<string, number | null>>;
  /** The template cell to open for a correction: the corrected one, or the flag's first. */
  readonly key: string | null;
  /** The live report the item is about. */
  readonly reportId: number;
  readonly body: string | null;
  readonly regionCode: string | null;
  readonly year: number | null;
  /** Since when the item waits: the flag's (re)opening, or the new version's extraction. */
  readonly since: Date;
  /** What changed when the flag was last reopened (`app.x 5 → 6; document v1 → v2`). */
  readonly changes: string;
  readonly decidedBy: string | null;
  readonly reason: string | null;
  readonly note: string | null;
}

export interface QueueFilter {
  /** Flag states to list (default: open). Corrections waiting for review are listed with `open`. */
  readonly states?: readonly FlagState[];
  /** The reader's scope: region code prefixes, null = every region. */
  readonly scope?: readonly string[] | null;
  /** A region code prefix to narrow to. */
  readonly region?: string | undefined;
  readonly rule?: string | undefined;
  readonly year?: number | undefined;
  readonly reportId?: number | undefined;
  readonly limit?: number;
}


function regionWhere(column: string, f: QueueFilter) {
  const parts = [sql`true`];
  if (f.scope) parts.push(f.scope.length ? sql`(${sql.join(f.scope.map((p) => sql`${sql.ref(column)} like ${likePrefix(p)}`), sql` or `)})` : sql`false`);
  if (f.region) parts.push(sql`${sql.ref(column)} like ${likePrefix(f.region)}`);
  return sql.join(parts, sql` and `);
}

const firstCell = (cells: Record<string, unknown>): string | null => Object.keys(cells).find((k) => KEY_INFO.has(k)) ?? null;

async function flagItems(db: Kysely<Database>, f: QueueFilter, limit: number): Promise<QueueItem[]> {
  const states = f.states ?? ['open'];
  const where = [sql`s.state in (${sql.join(states)})`, regionWhere('b.region_code', f)];
  if (f.rule) where.push(sql`(s.rule = ${f.rule} or s.rule like ${likePrefix(`${f.rule}.`)})`);
  if (f.year !== undefined) where.push(sql`r.year = ${f.year}`);
  if (f.reportId !== undefined) where.push(sql`r.id = ${f.reportId}`);
  // From the states, not the flags table: a resolved flag has no flags row left, yet can be listed.
  const res = await sql<{
    id: number; severity: string; state: FlagState; rule: string; message: string; cells: Record<string, number | null>;
    report_id: number; body: string | null; region_code: string | null; year: number | null; opened_at: Date;
    changes: FlagChanges | null; decided_by: string | null; reason: string | null; note: string | null;
  }>`
    select s.id, s.severity, s.state, s.rule, s.message, s.cells, r.id as report_id, b.name as body, b.region_code, r.year,
      s.opened_at, s.decided_by, s.reason, s.note,
      (select e.changes from flag_events e where e.flag_key = s.flag_key and e.changes is not null order by e.id desc limit 1) as changes
    from flag_states s
    join reports r on r.id = s.report_id
    left join bodies b on b.id = r.body_id
    where ${sql.join(where, sql` and `)}
    order by ${severityRank('s.severity')}, b.region_code nulls last, s.opened_at, s.id
    limit ${limit}`.execute(db);
  return res.rows.map((r) => ({
    kind: 'flag', id: r.id, severity: r.severity, state: r.state, rule: r.rule, message: r.message, cells: r.cells,
    key: firstCell(r.cells), reportId: r.report_id, body: r.body, regionCode: r.region_code, year: r.year, since: r.opened_at,
    changes: describeChanges(r.changes), decidedBy: r.decided_by, reason: r.reason, note: r.note,
  }));
}

/** Active corrections whose document version no live report reads: the new version awaits a reviewer. */
async function waitingCorrections(db: Kysely<Database>, f: QueueFilter): Promise<QueueItem[]> {
  if (f.rule || !(f.states ?? ['open']).includes('open')) return [];
  const rows = await db.selectFrom('cell_corrections as k').innerJoin('documents as d', 'd.id', 'k.document_id').selectAll('k')
    .select('d.version as document_version')
    .where('k.state', '=', 'active')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('reports as r').select('r.id')
      .whereRef('r.document_id', '=', 'k.document_id').where('r.superseded_by', 'is', null))))
    .orderBy('k.id').execute();
  const out: QueueItem[] = [];
  for (const c of rows) {
    const live = await liveSuccessor(db, c.report_id);
    if (live === null || (f.reportId !== undefined && live !== f.reportId)) continue;
    const res = await sql<{ body: string | null; region_code: string | null; year: number | null; created_at: Date; version: number; value: number | null; stated: boolean }>`
      select b.name as body, b.region_code, r.year, r.created_at, d.version, c.value, (c.key is not null) as stated
      from reports r join documents d on d.id = r.document_id left join bodies b on b.id = r.body_id
      left join report_cells c on c.report_id = r.id and c.key = ${c.key}
      where r.id = ${live} and ${regionWhere('b.region_code', f)} ${f.year !== undefined ? sql`and r.year = ${f.year}` : sql``}`.execute(db);
    const r = res.rows[0];
    if (!r) continue;
    const fmt = (v: number | null, stated = true) => (!stated ? 'absent' : v === null ? 'blank' : String(v));
    out.push({
      kind: 'correction', id: c.id, severity: WAITING_CORRECTION_SEVERITY, state: 'needs_review', rule: null,
      message: `Correction of ${c.key} to ${fmt(c.value)} (by ${c.created_by}, on document version ${c.document_version}) `
        + `waits: version ${r.version} now reads ${fmt(r.value, r.stated)}`,
      cells: { [c.key]: c.value }, key: c.key, reportId: live, body: r.body, regionCode: r.region_code, year: r.year,
      since: r.created_at, changes: '', decidedBy: null, reason: null, note: null,
    });
  }
  return out;
}

/** The order severityRank gives in SQL, for merging flags with waiting corrections. */
const rank = (s: string) => (s === 'error' ? 0 : s === 'warning' ? 1 : 2);

/** The queue in review order: severity, region (unknown last), age. */
export async function reviewQueue(db: Kysely<Database>, f: QueueFilter = {}): Promise<QueueItem[]> {
  const limit = f.limit ?? 500;
  const items = [...await flagItems(db, f, limit), ...await waitingCorrections(db, f)];
  items.sort((a, b) => rank(a.severity) - rank(b.severity)
    || (a.regionCode ?? '\uffff').localeCompare(b.regionCode ?? '\uffff')
    || a.since.getTime() - b.since.getTime() || a.id - b.id);
  return items.slice(0, limit);
}
