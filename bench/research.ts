/**
 * How the researcher surface scales: metric views, a comparison, a wide export
 * in each format and a report page, on a generated database of N bodies × 2 years
 * of fully stated 2021-template reports (200 cells each).
 *
 *   npm run bench:research -- [bodies=500]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore } from '../src/store/open-store.js';
import { saveDocument } from '../src/store/documents.js';
import { upsertBody } from '../src/store/bodies.js';
import { loadExtraction } from '../src/store/reports.js';
import { templateKeys } from '../src/template/index.js';
import type { ExtractionOk } from '../src/model/report.js';
import { parseComparison, runComparison } from '../src/research/compare.js';
import { exportRows } from '../src/research/export-query.js';
import { EXPORT_COLUMNS } from '../src/research/export-columns.js';
import { writeExport, type ExportFormat } from '../src/research/export-writers.js';
import { createApp } from '../src/web/app.js';

const bodies = Number(process.argv[2] ?? 500);
const PROVINCES = ['33', '62', '44', '51'];

async function time<T>(label: string, fn: () => Promise<T>, per?: { n: number; unit: string }): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  const ratio = per ? `  (${(ms / per.n).toFixed(2)} ms per ${per.unit})` : '';
  process.stdout.write(`${label.padEnd(38)} ${ms.toFixed(0).padStart(7)} ms${ratio}\n`);
  return out;
}

function extractionFor(i: number, year: number): ExtractionOk {
  const keys = templateKeys('2021');
  // Deterministic, varied values; every tenth report leaves 部分公开 blank.
  const cells: Record<string, number | null> = Object.fromEntries(keys.map((k, j) => [k, (i * 31 + j * 7 + year) % 97]));
  if (i % 10 === 0) cells['applications.partially_granted.total'] = null;
  const details = keys.map((key, line) => ({ key, value: cells[key]!, raw: String(cells[key] ?? '/'), provenance: { table: 'B' as const, line } }));
  return { ok: true, template: '2021', year, organization: `机关${i}`, title: `机关${i}${year}年报告`, cells, details, text: '', warnings: [] };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-research-'));
const store = await openStore({ dbPath: 'memory://' });
try {
  process.stdout.write(`research bench: ${bodies} bodies × 2 years × 200 cells on ${store.backend}\n`);
  await time('load (saveDocument + loadExtraction)', async () => {
    for (let i = 0; i < bodies; i++) {
      const code = `${PROVINCES[i % PROVINCES.length]}${String(100 + (i % 80)).padStart(4, '0')}`;
      const bodyId = await upsertBody(store.db, { name: `机关${i}`, regionCode: code, regionName: null, level: i % 5 ? '县' : '市', kind: 'government' });
      for (const year of [2022, 2023]) {
        const doc = await saveDocument(store.db, { url: `http://b${i}.test/${year}.html`, httpStatus: 200, bytes: new TextEncoder().encode(`${i}-${year}`) });
        await loadExtraction(store.db, { documentId: doc.id, bodyId, extraction: extractionFor(i, year), extractorVersion: 'bench' });
      }
    }
  }, { n: bodies * 2, unit: 'report' });
  const reports = bodies * 2;
  await time('report_metrics, every row', () => sql`select * from report_metrics`.execute(store.db), { n: reports, unit: 'report' });
  await time('report_metrics_yoy, every row', () => sql`select * from report_metrics_yoy`.execute(store.db), { n: reports, unit: 'report' });
  const req = parseComparison({ region: '330000', year: '2023', metric: 'grant_rate', level: '县' });
  if (!req.ok) throw new Error(req.error);
  const cmp = await time('compare 33 / 2023 / 县', () => runComparison(store.db, req.value));
  process.stdout.write(`  ranked ${cmp.ranking.peers.n} of ${cmp.ranking.rows.length}\n`);
  const rows = await time('export rows, year 2023', () => exportRows(store.db, { year: 2023 }), { n: bodies, unit: 'row' });
  for (const format of ['csv', 'parquet', 'xlsx'] as ExportFormat[]) {
    const out = path.join(dir, `x.${format}`);
    await time(`write ${format}`, () => writeExport(out, format, EXPORT_COLUMNS, rows), { n: rows.length, unit: 'row' });
    process.stdout.write(`  ${(fs.statSync(out).size / 1024).toFixed(0)} KiB, ${(fs.statSync(out).size / rows.length).toFixed(0)} bytes per row\n`);
  }
  const app = createApp(store.db, { publicRead: true });
  const id = (await sql<{ id: number }>`select max(report_id) as id from report_latest`.execute(store.db)).rows[0]!.id;
  await time('report page (first)', async () => (await app.request(`/report/${id}`)).text());
  await time('report page × 20', async () => { for (let k = 0; k < 20; k++) await (await app.request(`/report/${id - k}`)).text(); }, { n: 20, unit: 'page' });
  await time('compare page', async () => (await app.request('/compare?region=33&year=2023')).text());
  process.stdout.write(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`);
} finally {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
