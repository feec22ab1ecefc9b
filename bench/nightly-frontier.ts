/**
 * Does a crawler's memory stay flat as the frontier grows? For each size, a fresh schema
 * gets that many queued synthetic rows over 3,000 sites, and a child process runs the
 * crawler's claim path (src/store/frontier.ts claim, then completeMany, as the crawler and its store stage
 * do) for a fixed number of rounds, reporting its RSS; the database backends' memory is
 * sampled meanwhile. Nothing is fetched: the rows name hosts under `.invalid`.
 *
 * Every size does the same work: each round's rows go back to the queue after they are
 * completed (as a crawl's discoveries refill it), so the frontier holds its size and the
 * 10k frontier is not used up after ten rounds while the 1M one works all sixty (which had
 * made the peak RSS grow with the work done, not with the frontier: garbage awaiting a
 * major GC). Besides RSS, the child reports the heap that survives a full GC — what the
 * process retains, free of when V8 chose to collect.
 *
 *   tsx bench/nightly-frontier.ts --rows 10000,100000,1000000 [--repeats 3]   (or through bench:nightly)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sampleBackends } from './measure/memory.js';
import { arg } from './measure/args.js';

export interface FrontierPoint {
  rows: number; repeats: number; claimsPerS: number; rssMb: number; peakRssMb: number; retainedHeapMb: number; dbMb: number; insertMs: number;
  range: { rssMb: [number, number]; peakRssMb: [number, number]; retainedHeapMb: [number, number] };
}

const SITES = 3000;
const ROUNDS = 60;

/** The child: migrate, then claim and complete ROUNDS batches the way the crawler does. */
async function claimLoop(url: string, schema: string): Promise<void> {
  const { openStore } = await import('../src/store/open-store.js');
  const { claim, completeMany } = await import('../src/store/frontier.js');
  const { rssMb, peakRssMb } = await import('./measure/memory.js');
  const { sql } = await import('kysely');
  const store = await openStore({ url, schema, migrate: false });
  const siteIds = Array.from({ length: SITES }, (_, i) => `s${i}`);
  const owner = `bench:${process.pid}:x`;
  let rows = 0;
  let seconds = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    const claimed = await claim(store.db, { owner, siteIds, exclude: [], perSite: 2, limit: 1024, leaseMs: 60_000, handoverMs: 0 });
    await completeMany(store.db, owner, claimed.map((r) => ({ id: r.id, status: 200, at: new Date() })));
    seconds += (performance.now() - t) / 1000;
    rows += claimed.length;
    // Back to the queue, untimed: the frontier keeps its size (see the header).
    await sql`update frontier set state = 'queued' where id = any(${claimed.map((r) => r.id)}::bigint[])`.execute(store.db);
  }
  await store.close();
  const rss = rssMb(process.pid);
  (globalThis as { gc?: () => void }).gc?.();
  const retainedHeapMb = Math.round(process.memoryUsage().heapUsed / 1024 / 1024 * 10) / 10;
  process.stdout.write(`\n${JSON.stringify({ claimsPerS: rows / seconds, rssMb: rss, peakRssMb: peakRssMb(), retainedHeapMb })}\n`);
}

function child(url: string, schema: string, app: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.resolve(import.meta.dirname, 'nightly-frontier.ts'), '--child', '--schema', schema],
      { env: { ...process.env, DATABASE_URL: `${url}?application_name=${app}` }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`claim loop exited ${code}`))));
  });
}

type ChildRun = { claimsPerS: number; rssMb: number; peakRssMb: number; retainedHeapMb: number };

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A fresh schema holding `n` queued report rows over SITES sites; returns how long the insert took. */
async function seedFrontier(c: pg.Client, schema: string, n: number): Promise<number> {
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
  return Date.now() - t;
}

/**
 * Every size gets its schema first; then `repeats` rounds run the claiming child once per
 * size, the order reversed every other round (no size always goes first, on the colder
 * caches). Each figure is the median over the repeats, with its range.
 */
export async function frontierScaling(url: string, sizes: readonly number[], onPoint?: (p: FrontierPoint) => void, repeats = 3): Promise<FrontierPoint[]> {
  const { openStore } = await import('../src/store/open-store.js');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const seeded: { rows: number; schema: string; insertMs: number; runs: ChildRun[]; dbMb: number[] }[] = [];
  try {
    for (const rows of sizes) {
      const schema = `bench_frontier_${randomBytes(3).toString('hex')}`;
      await (await openStore({ url, schema })).close();
      seeded.push({ rows, schema, insertMs: 0, runs: [], dbMb: [] });
      seeded.at(-1)!.insertMs = await seedFrontier(c, schema, rows);
    }
    for (let r = 0; r < repeats; r++) {
      for (const s of r % 2 ? [...seeded].reverse() : seeded) {
        const app = `nianbao-frontier-${randomBytes(3).toString('hex')}`;
        const sampler = sampleBackends(url, app, 200);
        s.runs.push(await child(url, s.schema, app));
        s.dbMb.push((await sampler.stop()).peakMb);
      }
    }
  } finally {
    for (const s of seeded) await c.query(`drop schema if exists "${s.schema}" cascade`);
    await c.end();
  }
  return seeded.map((s) => {
    const of = (k: keyof ChildRun) => s.runs.map((x) => x[k]);
    const range = (k: keyof ChildRun): [number, number] => [Math.min(...of(k)), Math.max(...of(k))];
    const p: FrontierPoint = {
      rows: s.rows, repeats, claimsPerS: median(of('claimsPerS')), rssMb: median(of('rssMb')), peakRssMb: median(of('peakRssMb')),
      retainedHeapMb: median(of('retainedHeapMb')), dbMb: median(s.dbMb), insertMs: s.insertMs,
      range: { rssMb: range('rssMb'), peakRssMb: range('peakRssMb'), retainedHeapMb: range('retainedHeapMb') },
    };
    onPoint?.(p);
    return p;
  });
}

const pct = (a: number, b: number): string => `${(((b / a) - 1) * 100).toFixed(1)} %`;

/** Growth of the medians from the smallest frontier to the largest: RSS after the rounds, peak RSS, retained heap. */
export function frontierGrowth(points: readonly FrontierPoint[]): string {
  const a = points[0]!, b = points.at(-1)!;
  return `RSS ${pct(a.rssMb, b.rssMb)}, peak RSS ${pct(a.peakRssMb, b.peakRssMb)}, heap retained ${pct(a.retainedHeapMb, b.retainedHeapMb)}`;
}

/** One size's figures as a line: medians with their ranges. */
export function frontierLine(p: FrontierPoint): string {
  const rg = ([a, b]: [number, number]) => `${a}–${b}`;
  return `${String(p.rows).padStart(9)} rows: ${p.claimsPerS.toFixed(0)} rows/s claimed and completed, RSS ${p.rssMb} MB (${rg(p.range.rssMb)}), `
    + `peak ${p.peakRssMb} MB (${rg(p.range.peakRssMb)}), heap retained ${p.retainedHeapMb} MB (${rg(p.range.retainedHeapMb)}), database ${p.dbMb} MB, `
    + `insert ${(p.insertMs / 1000).toFixed(1)} s; medians of ${p.repeats}`;
}

if (process.argv[1]?.endsWith('nightly-frontier.ts')) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (process.argv.includes('--child')) {
    await claimLoop(url, arg('schema'));
    process.exit(0);
  }
  const points = await frontierScaling(url, arg('rows', '10000,100000,1000000').split(',').map(Number),
    (p) => console.log(frontierLine(p)), Number(arg('repeats', '3')));
  if (points.length > 1) console.log(`growth ${points[0]!.rows} → ${points.at(-1)!.rows} rows: ${frontierGrowth(points)}`);
  console.log(JSON.stringify(points));
}
