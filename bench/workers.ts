/**
 * Several machines: N `nianbao crawl` workers (separate processes, the database their
 * only link) on one PostgreSQL, against one farm. Throughput should grow with N until
 * it meets the farm's politeness limit, with no politeness violation across workers.
 * With one request in flight per host and the interval counted from the previous answer
 * as well as the previous start, a host gives at most 1000 / (interval + latency)
 * requests/s. Sites differ in size, so the crawl cannot end before its busiest site's
 * requests are done one by one: the limit is all requests ÷ that floor (never more than
 * sites × the per-host rate).
 *
 *   npm run bench:workers -- [--workers 1,2,3,4] [--sites 24] [--interval 250] [--latency 250] [--concurrency 4]
 *
 * Each worker stands for a machine whose capacity is capped by `--concurrency` (requests
 * in flight): one worker manages about concurrency × 1000 / latency requests/s, so the
 * limit is met at a known N, and a worker needs little CPU (on a 2-core machine, CPU-bound
 * workers would measure the cores, not the design). Throughput is counted by the farm, from
 * the first request to the last, so process start-up is not in it. Last line: JSON figures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startFarm } from '../src/farm/index.js';
import { politeness, totalViolations } from './measure/politeness.js';
import { arg } from './measure/args.js';

const COUNTS = arg('workers', '1,2,3,4').split(',').map(Number);
const SITES = Number(arg('sites', '24'));
const INTERVAL = Number(arg('interval', '250'));
const LATENCY = Number(arg('latency', '250'));
const CONCURRENCY = Number(arg('concurrency', '4'));
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BIN = path.resolve(import.meta.dirname, '../bin/nianbao.mjs');

function worker(sitesFile: string, schema: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, 'crawl', '--sites', sitesFile, '--interval', String(INTERVAL), '--concurrency', String(CONCURRENCY), '--no-browser'],
      { env: { ...process.env, DATABASE_URL: PG_URL, NIANBAO_SCHEMA: schema }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists "${schema}" cascade`);
  await c.end();
}

async function main(): Promise<void> {
  const farm = await startFarm({ seed: 7, sites: SITES, profile: 'clean', latencyMs: LATENCY });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-workers-'));
  const perHost = 1000 / (INTERVAL + LATENCY);
  try {
    const file = path.join(tmp, 'sites.yaml');
    fs.writeFileSync(file, farm.sitesYaml());
    // The farm renders a site on its first request: pay that before any measured run.
    for (const s of farm.sites) await fetch(new URL('/robots.txt', s.baseUrl)).then((r) => r.arrayBuffer());
    console.log(`farm: ${SITES} sites, ${farm.expected(0).length} reports, ${LATENCY} ms per answer; each worker at most ${CONCURRENCY} requests in flight`);
    console.log(`per host: 1000 / (${INTERVAL} ms interval + ${LATENCY} ms answer) = ${perHost.toFixed(1)} requests/s (at most ${(SITES * perHost).toFixed(1)} for ${SITES} sites); `
      + `one worker's capacity ≈ ${CONCURRENCY} × 1000 / ${LATENCY} = ${(CONCURRENCY * 1000 / LATENCY).toFixed(1)} requests/s`);
    let limit = 0;
    const rows: { workers: number; requests: number; seconds: number; rps: number; of_limit: number; violations: number }[] = [];
    for (const n of COUNTS) {
      const schema = `bench_w${n}_${randomBytes(3).toString('hex')}`;
      const from = farm.requests.length;
      try {
        await Promise.all(Array.from({ length: n }, () => worker(file, schema)));
      } finally {
        await dropSchema(schema);
      }
      const reqs = farm.requests.slice(from);
      if (limit === 0) {
        const perSite = new Map<string, number>();
        for (const r of reqs) perSite.set(r.host, (perSite.get(r.host) ?? 0) + 1);
        const floor = (Math.max(...perSite.values()) - 1) / perHost;
        limit = reqs.length / floor;
        console.log(`politeness limit: the busiest site has ${Math.max(...perSite.values())} requests, so no crawl ends in under ${floor.toFixed(1)} s: `
          + `${reqs.length} requests ÷ ${floor.toFixed(1)} s = ${limit.toFixed(1)} requests/s\n`);
        console.log(`${'workers'.padEnd(9)}${'requests'.padStart(9)}${'s'.padStart(7)}${'req/s'.padStart(8)}${'of limit'.padStart(10)}${'× 1 worker'.padStart(12)}${'violations'.padStart(12)}`);
      }
      const seconds = (Math.max(...reqs.map((r) => r.time)) - Math.min(...reqs.map((r) => r.time))) / 1000;
      const p = politeness(reqs, INTERVAL);
      const rps = reqs.length / seconds;
      const row = { workers: n, requests: reqs.length, seconds: Math.round(seconds * 10) / 10, rps: Math.round(rps * 10) / 10,
        of_limit: Math.round((rps / limit) * 100) / 100, violations: totalViolations(p) };
      rows.push(row);
      // What limits the run: when the busiest site started, and how long its requests took.
      const t0 = Math.min(...reqs.map((r) => r.time));
      const byHost = new Map<string, number[]>();
      for (const r of reqs) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r.time]);
      const busiest = [...byHost.values()].sort((a, b) => b.length - a.length)[0]!;
      const span = `busiest site from +${((Math.min(...busiest) - t0) / 1000).toFixed(1)} s for ${((Math.max(...busiest) - Math.min(...busiest)) / 1000).toFixed(1)} s`;
      console.log(`${String(n).padEnd(9)}${String(row.requests).padStart(9)}${row.seconds.toFixed(1).padStart(7)}${row.rps.toFixed(1).padStart(8)}`
        + `${`${Math.round(row.of_limit * 100)} %`.padStart(10)}${`${(rps / rows[0]!.rps).toFixed(2)}×`.padStart(12)}${String(row.violations).padStart(12)}   ${span}`);
    }
    console.log(JSON.stringify({ sites: SITES, interval_ms: INTERVAL, latency_ms: LATENCY, concurrency: CONCURRENCY, limit_rps: Math.round(limit * 10) / 10, runs: rows }));
  } finally {
    await farm.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
