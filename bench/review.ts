/**
 * What reviewing costs the read side: the views read cells through the
 * reviewers' corrections (report_cells_reviewed). Times the reviewed views
 * side by side with the same views over the extracted cells, on a generated
 * database of N bodies × 2 years × 200 cells with corrections on 5 % of the
 * reports, and the review queue over every report's flags.
 *
 *   npm run bench:review -- [bodies=500]
 */
import { sql } from 'kysely';
import { openStore } from '../src/store/open-store.js';
import { saveDocument } from '../src/store/documents.js';
import { upsertBody } from '../src/store/bodies.js';
import { loadExtraction } from '../src/store/reports.js';
import { replaceFlags } from '../src/store/flags.js';
import { reportMetricsSql } from '../src/store/metrics-views.js';
import { templateKeys } from '../src/template/index.js';
import { loadReports } from '../src/pipeline/check-stage.js';
import { reviewQueue } from '../src/review/queue.js';
import { insertCorrection } from '../src/store/corrections.js';
import type { ExtractionOk } from '../src/model/report.js';

const bodies = Number(process.argv[2] ?? 500);
const PROVINCES = ['33', '62', '44', '51'];
const REPEATS = 3;

/** Median of REPEATS runs, in ms. */
async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
}

async function sideBySide(label: string, extracted: () => Promise<unknown>, reviewed: () => Promise<unknown>): Promise<void> {
  // Alternate, so a busy moment hurts both sides alike.
  const a = await median(extracted), b = await median(reviewed);
  const a2 = await median(extracted), b2 = await median(reviewed);
  const x = Math.min(a, a2), y = Math.min(b, b2);
  process.stdout.write(`${label.padEnd(34)} extracted ${x.toFixed(0).padStart(6)} ms   reviewed ${y.toFixed(0).padStart(6)} ms   ratio ${(y / x).toFixed(2)}×\n`);
}

function extractionFor(i: number, year: number): ExtractionOk {
  const keys = templateKeys('2021');
  const cells: Record<string, number | null> = Object.fromEntries(keys.map((k, j) => [k, (i * 31 + j * 7 + year) % 97]));
  const details = keys.map((key, line) => ({ key, value: cells[key]!, raw: String(cells[key] ?? '/'), provenance: { table: 'B' as const, line } }));
  return { ok: true, template: '2021', year, organization: `机关${i}`, title: `机关${i}${year}年报告`, cells, details, text: '', warnings: [] };
}

const store = await openStore({ dbPath: 'memory://' });
try {
  process.stdout.write(`review bench: ${bodies} bodies × 2 years × 200 cells on ${store.backend}, corrections on 5 % of reports\n`);
  const t0 = performance.now();
  for (let i = 0; i < bodies; i++) {
    const code = `${PROVINCES[i % PROVINCES.length]}${String(100 + (i % 80)).padStart(4, '0')}`;
    const bodyId = await upsertBody(store.db, { name: `机关${i}`, regionCode: code, regionName: null, level: '县', kind: 'government' });
    for (const year of [2022, 2023]) {
      const doc = await saveDocument(store.db, { url: `http://b${i}.test/${year}.html`, httpStatus: 200, bytes: new TextEncoder().encode(`${i}-${year}`) });
      const { reportId } = await loadExtraction(store.db, { documentId: doc.id, bodyId, extraction: extractionFor(i, year), extractorVersion: 'bench' });
      await replaceFlags(store.db, reportId, [{ rule: 'identity.b.balance', severity: i % 3 ? 'warning' : 'error', message: `m${i}`,
        cells: { 'applications.total.total': i } }]);
      if (i % 20 === 0) {
        await store.db.transaction().execute((tx) => insertCorrection(tx, {
          reportId, key: 'applications.granted.total', value: 1, reason: 'bench', source: 'line 1', actor: 'bench',
        }));
      }
    }
  }
  process.stdout.write(`load ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  await sql.raw(reportMetricsSql('report_cells').replace('create view report_metrics as', 'create temp view report_metrics_extracted as')).execute(store.db);

  await sideBySide('cells_wide, every row', () => sql`select * from cells_extracted`.execute(store.db), () => sql`select * from cells_wide`.execute(store.db));
  const one = (await sql<{ id: number }>`select max(id) as id from reports`.execute(store.db)).rows[0]!.id;
  await sideBySide('cells_wide, one report × 50', async () => { for (let k = 0; k < 50; k++) await sql`select * from cells_extracted where report_id = ${one - k}`.execute(store.db); },
    async () => { for (let k = 0; k < 50; k++) await sql`select * from cells_wide where report_id = ${one - k}`.execute(store.db); });
  await sideBySide('report_metrics, every row', () => sql`select * from report_metrics_extracted`.execute(store.db), () => sql`select * from report_metrics`.execute(store.db));
  await sideBySide('report_metrics, province 33', () => sql`select * from report_metrics_extracted where region_code like '33%'`.execute(store.db),
    () => sql`select * from report_metrics where region_code like '33%'`.execute(store.db));
  // The check stage's read of one province's cells.
  const ids = (await sql<{ id: number }>`select r.id from reports r join bodies b on b.id = r.body_id where b.region_code like '33%' and r.superseded_by is null`.execute(store.db)).rows.map((r) => r.id);
  await sideBySide('check stage cell read, province 33', () => store.db.selectFrom('report_cells').select(['report_id', 'key', 'value']).where('report_id', 'in', ids).execute(),
    () => store.db.selectFrom('report_cells_reviewed').select(['report_id', 'key', 'value']).where('report_id', 'in', ids).execute());
  const c0 = performance.now();
  const loaded = await loadReports(store.db, '33');
  process.stdout.write(`check stage load, province 33: ${(performance.now() - c0).toFixed(0)} ms (${loaded.length} reports)\n`);
  const q0 = performance.now();
  const queue = await reviewQueue(store.db, { limit: 500 });
  process.stdout.write(`review queue, first 500 of ${bodies * 2} open flags: ${(performance.now() - q0).toFixed(0)} ms (${queue.length} items)\n`);
  process.stdout.write(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`);
} finally {
  await store.close();
}
