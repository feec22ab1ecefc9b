/** Flags raised by the checks, stored per report. */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.js';
import type { Flag } from '../model/flag.js';

/** Sort key putting errors first, then warnings, then info: `orderBy(severityRank('f.severity'))`. */
export function severityRank(column: string): RawBuilder<number> {
  return sql<number>`case ${sql.ref(column)} when 'error' then 0 when 'warning' then 1 else 2 end`;
}

/**
 * Replaces the flags of a report with a fresh set (checks are re-run whole),
 * so re-checking is idempotent.
 */
export async function replaceFlags(db: Kysely<Database>, reportId: number, flags: readonly Flag[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('flags').where('report_id', '=', reportId).execute();
    if (flags.length === 0) return;
    await tx.insertInto('flags').values(flags.map((f) => ({
      report_id: reportId,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      cells: JSON.stringify(f.cells),
      // Report ids are database ids when checks run on stored reports; file names otherwise.
      related_report_id: f.relatedReportId && /^\d+$/.test(f.relatedReportId) ? Number(f.relatedReportId) : null,
    }))).execute();
  });
}
