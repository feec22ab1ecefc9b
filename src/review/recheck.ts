/**
 * Re-checking one report right after a reviewer corrected it, so a correction
 * that resolves a flag closes it at once (the nightly run would too). Runs the
 * rules that read one report or one body (every year of the corrected report's
 * body, so last-year comparisons see the new value) and keeps the stored
 * findings of rules that compare against every report (copies), which only a
 * full run can redo.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Flag, Severity } from '../model/flag.js';
import { replaceFlags } from '../store/flags.js';
import type { Cause, SyncCounts } from '../store/flag-states.js';
import { loadReportsByIds, type CheckAll } from '../pipeline/check-stage.js';
import { RULES, ruleScope } from '../check/index.js';

/** The rules a re-check keeps the stored findings of: not computed again. */
const POPULATION_RULES = { skip: RULES.filter((r) => r.scope === 'population').map((r) => r.id) };

async function bodyReportIds(db: Kysely<Database>, reportId: number): Promise<{ ids: number[]; next: number | null }> {
  const r = await db.selectFrom('reports').select(['body_id', 'year']).where('id', '=', reportId).executeTakeFirstOrThrow();
  if (r.body_id === null) return { ids: [reportId], next: null };
  const rows = await db.selectFrom('reports').select(['id', 'year']).where('body_id', '=', r.body_id)
    .where('superseded_by', 'is', null).execute();
  const next = r.year === null ? null : rows.find((x) => x.year === r.year! + 1)?.id ?? null;
  return { ids: rows.map((x) => x.id), next };
}

async function storedPopulationFlags(db: Kysely<Database>, reportId: number): Promise<Flag[]> {
  const rows = await db.selectFrom('flags').select(['rule', 'severity', 'message', 'cells', 'related_report_id'])
    .where('report_id', '=', reportId).orderBy('id').execute();
  return rows.filter((f) => ruleScope(f.rule) === 'population').map((f) => ({
    rule: f.rule, severity: f.severity as Severity, message: f.message, cells: f.cells,
    ...(f.related_report_id !== null ? { relatedReportId: String(f.related_report_id) } : {}),
  }));
}

/** Re-checks a live report (and the body's next year, which compares against it); returns the state changes. */
export async function recheckReport(db: Kysely<Database>, reportId: number, check: CheckAll, cause: Cause): Promise<SyncCounts> {
  const { ids, next } = await bodyReportIds(db, reportId);
  const fresh = await check(await loadReportsByIds(db, ids), POPULATION_RULES);
  const total: SyncCounts = { raised: 0, reopened: 0, resolved: 0 };
  for (const id of next === null ? [reportId] : [reportId, next]) {
    const local = (fresh.get(String(id)) ?? []).filter((f) => ruleScope(f.rule) !== 'population');
    const counts = await replaceFlags(db, id, [...local, ...await storedPopulationFlags(db, id)], cause);
    total.raised += counts.raised;
    total.reopened += counts.reopened;
    total.resolved += counts.resolved;
  }
  return total;
}
