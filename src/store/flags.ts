/**
 * Flags raised by the checks, stored per report. Each row carries its
 * identity (`flag_key`), and writing a live report's flags carries the review
 * states over to them (store/flag-states.ts).
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Flag } from '../model/flag.js';
import { flagIdentities, lineageOf } from '../review/flag-identity.js';
import { syncRaised, type Cause, type SyncCounts } from './flag-states.js';
import { jsonParam } from './json-param.js';

/** Sort key putting errors first, then warnings, then info: `orderBy(severityRank('f.severity'))`. */
export function severityRank(column: string): RawBuilder<number> {
  return sql<number>`case ${sql.ref(column)} when 'error' then 0 when 'warning' then 1 else 2 end`;
}

/** Report ids are database ids when checks run on stored reports; file names otherwise. */
const dbId = (id: string | undefined): number | null => (id && /^\d+$/.test(id) ? Number(id) : null);

interface ReportFacts { id: number; body_id: number | null; year: number | null; superseded_by: number | null; url: string; document_id: number; version: number }

async function reportFacts(tx: Transaction<Database>, ids: readonly number[]): Promise<Map<number, ReportFacts>> {
  const rows = await tx.selectFrom('reports as r').innerJoin('documents as d', 'd.id', 'r.document_id')
    .select(['r.id', 'r.body_id', 'r.year', 'r.superseded_by', 'd.url', 'd.id as document_id', 'd.version'])
    .where('r.id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Replaces the flags of a report with a fresh set (checks are re-run whole),
 * so re-checking is idempotent; for a live report, carries the review states over.
 */
export async function replaceFlags(
  db: Kysely<Database>, reportId: number, flags: readonly Flag[], cause?: Cause,
): Promise<SyncCounts> {
  return db.transaction().execute(async (tx) => {
    const facts = await reportFacts(tx, [reportId, ...flags.flatMap((f) => dbId(f.relatedReportId) ?? [])]);
    const report = facts.get(reportId);
    if (!report) throw new Error(`cannot store flags: no report ${reportId}`);
    const lineage = lineageOf({ bodyId: report.body_id, year: report.year, url: report.url });
    const related = (f: Flag) => {
      const r = facts.get(dbId(f.relatedReportId) ?? -1);
      return r ? lineageOf({ bodyId: r.body_id, year: r.year, url: r.url }) : null;
    };
    const ids = flagIdentities(lineage, flags.map((f) => ({ ...f, relatedLineage: related(f) })));
    await tx.deleteFrom('flags').where('report_id', '=', reportId).execute();
    if (flags.length) {
      await tx.insertInto('flags').values(flags.map((f, i) => ({
        report_id: reportId,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        cells: jsonParam(f.cells),
        related_report_id: dbId(f.relatedReportId),
        flag_key: ids[i]!.key,
      }))).execute();
    }
    // A superseded report's flags are history: they do not decide what reviewers see.
    if (report.superseded_by !== null) return { raised: 0, reopened: 0, resolved: 0 };
    return syncRaised(tx, { reportId, documentId: report.document_id, documentVersion: report.version, lineage }, flags, ids, cause);
  });
}
