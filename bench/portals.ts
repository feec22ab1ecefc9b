/**
 * The column finder's acceptance run: a portals farm crawled from its home pages only
 * (no list URLs), extracted and loaded, day 0 then day 1 (moved columns, additions,
 * removals), and every published report accounted for — loaded, or lost at a named
 * stage (bench/measure/portal-coverage.ts). Also: items that are not reports loaded as
 * reports, columns found with evidence, politeness violations as the farm saw them.
 *
 *   npm run bench:portals -- [--portals 200] [--seed 11] [--days 0,1]
 *                            [--examples 3] [--pglite] [--browser] [--keep]
 *
 * Each day is `nianbao run` in a child process, as an operator runs it, on PostgreSQL (a
 * schema of its own, dropped at the end unless --keep) or, with --pglite, an embedded
 * database in a temporary directory. The browser is off unless --browser. Last line: JSON figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startPortalFarm } from '../src/farm/index.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { spawn } from 'node:child_process';
import { politeness, totalViolations } from './measure/politeness.js';
import { coverageLines, portalCoverage, type Coverage } from './measure/portal-coverage.js';
import { arg } from './measure/args.js';

const PORTALS = Number(arg('portals', '200'));
const SEED = Number(arg('seed', '11'));
const DAYS = arg('days', '0,1').split(',').map(Number);
const EXAMPLES = Number(arg('examples', '3'));
const PGLITE = process.argv.includes('--pglite');
const BROWSER = process.argv.includes('--browser');
/** Leave the PostgreSQL schema in place, to look into the misses with SQL. */
const KEEP = process.argv.includes('--keep');
/** As bench:nightly: about 25 bodies × 2 years a portal. */
const SIZING = { bodies: [17, 33], years: [1, 3] } as const;
const INTERVAL_MS = 1000;
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * One night as an operator runs it: `nianbao run` in its own process (the farm keeps this
 * one's core to itself), on the same database the audit reads afterwards.
 */
function nianbaoRun(sitesFile: string, db: { db: string } | { schema: string }): Promise<void> {
  const bin = path.resolve(import.meta.dirname, '../bin/nianbao.mjs');
  const args = [bin, ...('db' in db ? ['--db', db.db] : []), 'run', '--sites', sitesFile, '--quiet', '--json', ...(BROWSER ? [] : ['--no-browser'])];
  const env = { ...process.env, ...('schema' in db ? { DATABASE_URL: PG_URL, NIANBAO_SCHEMA: db.schema } : {}) };
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    // Exit 1 means some pages or documents failed: the audit says which; other codes are the run's own failure.
    p.on('close', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`nianbao run exited ${code}: ${out.slice(-600)}`))));
  });
}

async function main(): Promise<void> {
  const farm = await startPortalFarm({ seed: SEED, sites: PORTALS, sizing: SIZING, recordHeaders: false });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-portals-'));
  const schema = `portals_${randomBytes(4).toString('hex')}`;
  const store: Store | null = PGLITE ? null : await openStore({ url: PG_URL, schema });
  const sitesFile = path.join(tmp, 'sites.yaml');
  fs.writeFileSync(sitesFile, farm.sitesYaml());
  const figures: Array<{ day: number; seconds: number; coverage: Coverage; violations: number; requests: number }> = [];
  console.log(`farm: ${PORTALS} portals (seed ${SEED}), ${farm.sites.length} registry entries with home pages only; `
    + `database ${PGLITE ? 'PGlite' : `PostgreSQL schema ${schema}`}; browser ${BROWSER ? 'on' : 'off'}`);
  try {
    for (const day of DAYS) {
      farm.setDay(day);
      const from = farm.requests.length;
      const t0 = Date.now();
      await nianbaoRun(sitesFile, PGLITE ? { db: path.join(tmp, 'db') } : { schema });
      const seconds = (Date.now() - t0) / 1000;
      const reqs = farm.requests.slice(from);
      const violations = totalViolations(politeness(reqs, INTERVAL_MS));
      // PGlite admits one process at a time: open it for the audit once the run has let go.
      const reader = store ?? await openStore({ dbPath: path.join(tmp, 'db') });
      const coverage = await portalCoverage(reader.db, { reports: farm.expected(day), columns: farm.columns(day), others: farm.others(day) });
      if (!store) await reader.close();
      figures.push({ day, seconds, coverage, violations, requests: reqs.length });
      console.log(`\nday ${day}: ${seconds.toFixed(0)} s, ${reqs.length} requests, ${violations} politeness violations`);
      for (const l of coverageLines(coverage, EXAMPLES)) console.log(`  ${l}`);
    }
    console.log(JSON.stringify({ portals: PORTALS, seed: SEED, days: figures.map((f) => ({
      day: f.day, seconds: Math.round(f.seconds), requests: f.requests, violations: f.violations, published: f.coverage.published, loaded: f.coverage.loaded,
      lost: f.coverage.byStage, wrong_year: f.coverage.wrongYear.length, wrong_body: f.coverage.wrongBody.length, non_reports_loaded: f.coverage.othersLoaded.length, columns: { expected: f.coverage.columns.expected, found: f.coverage.columns.found },
    })) }));
  } finally {
    if (store && !KEEP) await store.db.schema.dropSchema(schema).ifExists().cascade().execute().catch(() => {});
    await store?.close();
    await farm.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
