/**
 * The corrections file beside a wide export: for every cell of the exported
 * reports whose value is a reviewer's correction, the extracted value, the
 * reviewed value, which one the export uses, who, when, why and where on the page.
 */
import fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { wideColumn } from '../template/index.js';

export const correctionsPath = (out: string): string => `${out.replace(/\.(csv|parquet|xlsx)$/i, '')}.corrections.csv`;

const COLUMNS = ['report_id', 'key', 'column', 'extracted_value', 'extracted_raw', 'reviewed_value', 'used',
  'correction_id', 'reviewed_by', 'reviewed_at', 'reason', 'source'] as const;

export async function correctionRows(db: Kysely<Database>, reportIds: readonly number[]): Promise<Record<(typeof COLUMNS)[number], unknown>[]> {
  const out: Record<(typeof COLUMNS)[number], unknown>[] = [];
  for (let i = 0; i < reportIds.length; i += 5000) {
    const rows = await db.selectFrom('report_cells_reviewed').selectAll()
      .where('value_source', '=', 'reviewed').where('report_id', 'in', reportIds.slice(i, i + 5000))
      .orderBy('report_id').orderBy('key').execute();
    for (const r of rows) {
      out.push({
        report_id: r.report_id, key: r.key, column: wideColumn(r.key),
        extracted_value: r.extracted_stated ? r.extracted_value ?? 'blank' : 'not printed', extracted_raw: r.extracted_raw,
        reviewed_value: r.reviewed_value ?? 'blank', used: 'reviewed', correction_id: r.correction_id,
        reviewed_by: r.reviewed_by, reviewed_at: r.reviewed_at?.toISOString() ?? null, reason: r.review_reason, source: r.review_source,
      });
    }
  }
  return out;
}

/** Writes the corrections of the exported reports beside the export; returns its path and row count. */
export async function writeCorrections(db: Kysely<Database>, out: string, reportIds: readonly number[]): Promise<{ path: string; rows: number }> {
  const rows = await correctionRows(db, reportIds);
  const path = correctionsPath(out);
  fs.writeFileSync(path, stringify(rows.map((r) => COLUMNS.map((c) => r[c] ?? '')), { header: true, columns: [...COLUMNS] }));
  return { path, rows: rows.length };
}
