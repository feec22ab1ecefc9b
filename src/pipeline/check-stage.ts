/**
 * Pipeline stage: run every check over the live reports (not superseded) and
 * write the flags that changed. Checks are pure (src/check); this stage loads
 * reports region by region (province prefix of the region code) so memory
 * stays bounded at national scale, and compares before writing so an
 * unchanged nightly run writes nothing. The copy rule alone looks across
 * provinces: its verdicts come from the national pass over stored signatures.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { replaceFlags } from '../store/flags.js';
import { resolveVanished } from '../store/flag-states.js';
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import type { CheckOptions } from '../check/index.js';
import type { RunGuard } from './run-lock.js';
import { loadReports } from './live-reports.js';
import { COPY_RULE, nationalCopyFlags, withNationalCopies } from './national-copies.js';

export { loadReports, loadReportsByIds } from './live-reports.js';

/**
 * Every check over one partition's reports: flags by report id (in the thread, or handed to a
 * worker: see check-pool.ts). `opts.skip` names rules the caller takes from elsewhere.
 */
export type CheckAll = (reports: readonly Report[], opts?: CheckOptions) => ReadonlyMap<string, readonly Flag[]> | Promise<ReadonlyMap<string, readonly Flag[]>>;

/** The stage takes the copy rule's verdicts from the national pass, so the provinces' own copy pass is not run. */
const STAGE_CHECKS: CheckOptions = { skip: [COPY_RULE] };

export interface CheckStageOptions {
  /** Partitions checked at once (default 1); give the check pool's size, or one more. */
  readonly concurrency?: number;
  readonly guard?: RunGuard;
}

export interface CheckStageSummary {
  reportsChecked: number;
  reportsWithFlags: number;
  flagsByRule: Record<string, number>;
  /** Reports whose stored flags changed in this run. */
  reportsReflagged: number;
  /** Provinces (region-code prefix) whose checks failed, with the reason; their flags were left as they were. */
  failedPartitions: string[];
  /** Review states: flags raised for the first time, decisions reopened (numbers or document changed), flags no longer raised. */
  review: { raised: number; reopened: number; resolved: number };
  /** The national copy pass: reports signed, pairs new reports made and compared, and its wall time. */
  copyPass: { signed: number; candidates: number; compared: number; ms: number };
}

/** Province partitions present in the live reports ('' = region unknown). */
async function partitions(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('reports as r').leftJoin('bodies as b', 'b.id', 'r.body_id')
    .select((eb) => eb.fn.coalesce(eb.fn('left', ['b.region_code', eb.val(2)]), eb.val('')).as('p'))
    .where('r.superseded_by', 'is', null).distinct().execute();
  return rows.map((r) => String(r.p)).sort();
}

/** Cells with sorted keys: jsonb hands keys back in its own order, not the order they were written. */
const sortedCells = (cells: unknown): unknown =>
  cells && typeof cells === 'object' ? Object.fromEntries(Object.entries(cells).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : cells;

const signature = (flags: readonly { rule: string; message: string; cells: unknown }[]): string =>
  flags.map((f) => JSON.stringify([f.rule, f.message, sortedCells(f.cells)])).sort().join('\n');

interface Checked { readonly reports: Report[]; readonly flags?: ReadonlyMap<string, readonly Flag[]>; readonly error?: string }

/** Loads one partition and checks it; a failure is returned, not thrown, so the other partitions go on. */
async function checkPartition(db: Kysely<Database>, province: string, checkAll: CheckAll): Promise<Checked> {
  const reports = await loadReports(db, province);
  try {
    return { reports, flags: await checkAll(reports, STAGE_CHECKS) };
  } catch (err) {
    return { reports, error: (err as Error).message };
  }
}

export async function runCheckStage(db: Kysely<Database>, checkAll: CheckAll, opts: CheckStageOptions = {}): Promise<CheckStageSummary> {
  const t0 = Date.now();
  const national = await nationalCopyFlags(db);
  const summary: CheckStageSummary = {
    reportsChecked: 0, reportsWithFlags: 0, flagsByRule: {}, reportsReflagged: 0, review: { raised: 0, reopened: 0, resolved: 0 }, failedPartitions: [],
    copyPass: { signed: national.signed, candidates: national.candidates, compared: national.compared, ms: Date.now() - t0 },
  };
  const copies = national.flags;
  const parts = await partitions(db);
  // Partitions are checked a few at a time (in workers); flags are stored one partition at a time, in order.
  const ahead = Math.max(1, opts.concurrency ?? 1);
  const started: Promise<Checked>[] = [];
  for (const [i, province] of parts.entries()) {
    while (started.length < Math.min(parts.length, i + ahead)) started.push(checkPartition(db, parts[started.length]!, checkAll));
    const { reports, flags, error } = await started[i]!;
    delete started[i];
    await opts.guard?.check();
    if (!flags) {
      // Its stored flags stay as they were; the summary says which partition was not checked and why.
      summary.failedPartitions.push(`${province || '(no region)'}: ${error}`);
      continue;
    }
    const stored = await storedFlags(db, reports.map((r) => Number(r.id)));
    for (const report of reports) {
      const mine = withNationalCopies(flags.get(report.id) ?? [], copies.get(report.id));
      summary.reportsChecked++;
      if (mine.length) summary.reportsWithFlags++;
      for (const f of mine) summary.flagsByRule[f.rule] = (summary.flagsByRule[f.rule] ?? 0) + 1;
      const before = stored.get(Number(report.id)) ?? [];
      // Flags stored before they had an identity are rewritten once, so their review state exists.
      if (signature(mine) !== signature(before) || before.some((f) => f.flag_key === null)) {
        const synced = await replaceFlags(db, Number(report.id), mine);
        summary.reportsReflagged++;
        summary.review.raised += synced.raised;
        summary.review.reopened += synced.reopened;
        summary.review.resolved += synced.resolved;
      }
    }
  }
  summary.review.resolved += await resolveVanished(db);
  return summary;
}

async function storedFlags(db: Kysely<Database>, ids: number[]) {
  const out = new Map<number, { rule: string; message: string; cells: unknown; flag_key: string | null }[]>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.selectFrom('flags').select(['report_id', 'rule', 'message', 'cells', 'flag_key'])
      .where('report_id', 'in', ids.slice(i, i + 5000)).execute();
    for (const r of rows) out.set(r.report_id, [...(out.get(r.report_id) ?? []), r]);
  }
  return out;
}
