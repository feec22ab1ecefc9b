/**
 * Does a crawler's memory stay flat as the frontier grows? For each size, a fresh schema
 * gets that many queued synthetic rows over 3,000 sites, and a child process runs the
 * crawler's claim path (src/store/frontier.ts claim, then completeMany, as the crawler and its store stage
 * do) for a fixed number of rounds, reporting its RSS; the database backends' memory is
 * sampled meanwhile. Nothing is fetched: the rows name hosts under `.invalid`.
 *
 *   tsx bench/nightly-frontier.ts --rows 10000,100000,1000000   (or through bench:nightly)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sampleBackends } from './measure/memory.js';

export interface FrontierPoint { rows: number; claimsPerS: number; rssMb: number; peakRssMb: number; dbMb: number; insertMs: number }

const SITES = 3000;
const ROUNDS = 60;
const arg = (name: string, dflt = ''): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};

/** The child: migrate, then claim and complete ROUNDS batches the way the crawler does. */
async function claimLoop(url: string, schema: string): Promise<void> {
  const { openStore } = await import('../src/store/open-store.js');
  const { claim, completeMany } = await import('../src/store/frontier.js');
  const { rssMb, peakRssMb } = await import('./measure/memory.js');
  const store = await openStore({ url, schema, migrate: false });
  const siteIds = Array.from({ length: SITES }, (_, i) => `s${i}`);
  const owner = `bench:${process.pid}:x`;
  let rows = 0;
  const t0 = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    const claimed = await claim(store.db, { owner, siteIds, exclude: [], perSite: 2, limit: 1024, leaseMs: 60_000, handoverMs: 0 });
    await completeMany(store.db, owner, claimed.map((r) => ({ id: r.id, status: 200, at: new Date() })));
    rows += claimed.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  process.stdout.write(`\n${JSON.stringify({ claimsPerS: rows / seconds, rssMb: rssMb(process.pid), peakRssMb: peakRssMb() })}\n`);
}

function child(url: string, schema: string, app: string): Promise<{ claimsPerS: number; rssMb: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'nightly-frontier.ts'), '--child', '--schema', schema],
      { env: { ...process.env, DATABASE_URL: `${url}?application_name=${app}` }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`claim loop exited ${code}`))));
  });
}

export async function frontierScaling(url: string, sizes: readonly number[], onPoint?: (p: FrontierPoint) => void): Promise<FrontierPoint[]> {
  const { openStore } = await import('../src/store/open-store.js');
  const out: FrontierPoint[] = [];
  for (const n of sizes) {
    const schema = `bench_frontier_${randomBytes(3).toString('hex')}`;
    const store = await openStore({ url, schema });
    await store.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`set search_path to "${schema}"`);
      await c.query(`insert into sites (id, base_url, body_name, config)
        select 's' || g, 'http://s' || g || '.invalid/', 's' || g, '{}' from generate_series(0, ${SITES - 1}) g`);
      const t = Date.now();
      // Report pages spread over the sites as a crawl finds them, a few per site ready now.
      await c.query(`insert into frontier (request_key, url, site_id, kind, meta, next_attempt_at)
        select 'GET http://s' || (g % ${SITES}) || '.invalid/p/' || g || '.html ', 'http://s' || (g % ${SITES}) || '.invalid/p/' || g || '.html',
               's' || (g % ${SITES}), 'report', '{}', now() - interval '1 minute'
          from generate_series(1, $1::int) g`, [n]);
      await c.query('analyze frontier');
      const insertMs = Date.now() - t;
      const app = `nianbao-frontier-${randomBytes(3).toString('hex')}`;
      const sampler = sampleBackends(url, app, 200);
      const r = await child(url, schema, app).finally(() => undefined);
      const db = await sampler.stop();
      const p = { rows: n, ...r, dbMb: db.peakMb, insertMs };
      out.push(p);
      onPoint?.(p);
    } finally {
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('nightly-frontier.ts')) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (process.argv.includes('--child')) {
    await claimLoop(url, arg('schema'));
    process.exit(0);
  }
  const points = await frontierScaling(url, arg('rows', '10000,100000,1000000').split(',').map(Number),
    (p) => console.log(`${String(p.rows).padStart(9)} rows: ${p.claimsPerS.toFixed(0)} rows/s claimed and completed, RSS ${p.rssMb} MB (peak ${p.peakRssMb}), database ${p.dbMb} MB`));
  console.log(JSON.stringify(points));
}
