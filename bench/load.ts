/**
 * The load half of the extract stage, apart from extraction: `--reports` synthetic report
 * pages (distinct bodies, both templates, HTML tables) are stored as fetched documents, read
 * by the extractor once up front (timed: the extraction it is compared with), then the stage
 * runs with those readings handed back from memory, so its time is loading alone: bodies
 * resolved, reports and cells written, earlier reports superseded, the extraction log kept.
 * A second pass with a new extractor version that reads every page the same way measures
 * the "upgrade, nothing changed" path (every report found unchanged).
 *
 *   npm run bench:load -- [--reports 2000] [--repeats 3] [--backends postgres,pglite]
 *
 * Each repeat loads into a fresh PostgreSQL schema / PGlite directory on disk; backends
 * alternate which goes first. Figures: median and range of reports/s, cells/s and the ratio
 * of load to extraction time for the same pages. Last line: JSON figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../src/store/open-store.js';
import { saveDocument } from '../src/store/documents.js';
import { extract } from '../src/extract/index.js';
import { runExtractStage } from '../src/pipeline/extract-stage.js';
import { generateReport, renderReport } from '../src/synth/index.js';
import type { ExtractionResult, SourceDocument } from '../src/model/report.js';
import { arg } from './measure/args.js';

const REPORTS = Number(arg('reports', '2000'));
const REPEATS = Number(arg('repeats', '3'));
const BACKENDS = arg('backends', 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Page { url: string; html: Buffer }

function pages(): Page[] {
  return Array.from({ length: REPORTS }, (_, i) => {
    const s = generateReport(100_000 + i);
    return { url: `http://127.0.0.1/load/${i}.html`, html: Buffer.from(renderReport(s, 'html-table')) };
  });
}

/** Reads every page once; returns the readings by URL and the CPU milliseconds spent. */
async function readAll(ps: readonly Page[]): Promise<{ byUrl: Map<string, ExtractionResult>; ms: number; cells: number }> {
  const byUrl = new Map<string, ExtractionResult>();
  let cells = 0;
  const t = performance.now();
  for (const p of ps) {
    const r = await extract({ url: p.url, contentType: 'text/html; charset=utf-8', bytes: p.html });
    if (r.ok) cells += r.details.length;
    byUrl.set(p.url, r);
  }
  return { byUrl, ms: performance.now() - t, cells };
}

interface Trial { backend: string; loadMs: number; upgradeMs: number; reports: number }

async function open(backend: 'postgres' | 'pglite'): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (backend === 'postgres') {
    const schema = `bench_load_${randomBytes(4).toString('hex')}`;
    const store = await openStore({ url: PG_URL, schema });
    return { store, drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    } };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-load-'));
  const store = await openStore({ dbPath: dir });
  return { store, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function trial(backend: 'postgres' | 'pglite', ps: readonly Page[], byUrl: Map<string, ExtractionResult>): Promise<Trial> {
  const { store, drop } = await open(backend);
  try {
    for (const p of ps) {
      await saveDocument(store.db, { url: p.url, httpStatus: 200, contentType: 'text/html; charset=utf-8', bytes: p.html, kind: 'report' });
    }
    const cached = (d: SourceDocument) => byUrl.get(d.url ?? '')!;
    let t = performance.now();
    const first = await runExtractStage(store.db, { extract: cached, extractorVersion: 'bench-a', concurrency: 4 });
    const loadMs = performance.now() - t;
    t = performance.now();
    const again = await runExtractStage(store.db, { extract: cached, extractorVersion: 'bench-b', concurrency: 4 });
    const upgradeMs = performance.now() - t;
    if (first.reportsNew !== ps.length || again.reportsUnchanged !== ps.length) {
      throw new Error(`expected ${ps.length} new then unchanged reports, got ${first.reportsNew} new, ${again.reportsUnchanged} unchanged`);
    }
    return { backend, loadMs, upgradeMs, reports: first.reportsNew };
  } finally {
    await store.close();
    await drop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const ps = pages();
  console.log(`${ps.length} report pages (${Math.round(ps.reduce((a, p) => a + p.html.length, 0) / ps.length / 1024)} KB each on average)`);
  const { byUrl, ms: extractMs, cells } = await readAll(ps);
  console.log(`extraction: ${(extractMs / ps.length).toFixed(2)} ms a page, ${cells} cells in all (${(cells / ps.length).toFixed(0)} a report)`);
  const trials: Trial[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const order = r % 2 === 0 ? BACKENDS : [...BACKENDS].reverse();
    for (const b of order) {
      const t = await trial(b, ps, byUrl);
      trials.push(t);
      console.log(`  repeat ${r + 1} ${b.padEnd(8)} load ${(t.loadMs / 1000).toFixed(1)} s, upgrade pass ${(t.upgradeMs / 1000).toFixed(1)} s`);
    }
  }
  const figures: Record<string, unknown> = { reports: ps.length, cells, extractMsPerReport: +(extractMs / ps.length).toFixed(2) };
  console.log('\nbackend    reports/s (median, range)   cells/s   ms a report   load ÷ extraction   upgrade pass reports/s');
  for (const b of BACKENDS) {
    const mine = trials.filter((t) => t.backend === b);
    const rate = mine.map((t) => ps.length / (t.loadMs / 1000));
    const up = mine.map((t) => ps.length / (t.upgradeMs / 1000));
    const ms = mine.map((t) => t.loadMs / ps.length);
    const f = { reportsPerS: Math.round(median(rate)), range: [Math.round(Math.min(...rate)), Math.round(Math.max(...rate))],
      cellsPerS: Math.round(median(rate) * cells / ps.length), msPerReport: +median(ms).toFixed(2),
      loadOverExtract: +(median(ms) / (extractMs / ps.length)).toFixed(2), upgradeReportsPerS: Math.round(median(up)) };
    figures[b] = f;
    console.log(`${b.padEnd(10)} ${String(f.reportsPerS).padStart(6)} (${f.range[0]}–${f.range[1]})`.padEnd(39)
      + `${String(f.cellsPerS).padStart(7)}   ${f.msPerReport.toFixed(2).padStart(11)}   ${f.loadOverExtract.toFixed(2).padStart(17)}×   ${String(f.upgradeReportsPerS).padStart(10)}`);
  }
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; each repeat on a fresh schema/directory, backends alternating first`);
  console.log(JSON.stringify(figures));
}

await main();
process.exit(0);
