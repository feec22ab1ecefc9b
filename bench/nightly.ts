/**
 * The nightly run at national scale: a farm of `--portals` county portals (default 3,000,
 * each on its own loopback address), day 0 crawled, extracted, loaded and checked in full,
 * then day 1 (and up to `--days`) with the farm's edits, additions and removals, on one PostgreSQL schema.
 *
 *   npm run bench:nightly -- [--portals 3000] [--days 1] [--profile realistic] [--concurrency 64] [--no-browser]
 *                            [--frontier 10000,100000,1000000] [--keep]
 *
 * nianbao runs each day in a child process (`nianbao run`'s stages, timed one by one) so
 * its peak RSS is its own; the farm stays in this process. The database's memory is its
 * backends' (bench/measure/memory.ts). Per day: wall time per stage, pages/s against the
 * farm's politeness limit, peak RSS of nianbao and of the database, database size per
 * report; on day 1 also the requests that were not conditional, the share of unchanged
 * pages answered 304 and whether every edit, addition and removal was found. Then the
 * frontier measurement (bench/nightly-frontier.ts). Last line: JSON figures. `--keep` leaves
 * the schema in place (its name is printed) for queries, or for timing a stage again on it.
 * BENCH_CPU_PROF=DIR writes a V8 CPU profile of each night's process (every thread) to DIR.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startFarm, type ExpectedReport, type Farm, type FarmProfile, type FarmRequest } from '../src/farm/index.js';
import { sampleBackends, type BackendMemory } from './measure/memory.js';
import { ownCpuMs } from './measure/cpu.js';
import { politeness, totalViolations } from './measure/politeness.js';
import type { DayResult } from './nightly-day.js';
import { frontierGrowth, frontierLine, frontierScaling, type FrontierPoint } from './nightly-frontier.js';
import { arg } from './measure/args.js';

const PORTALS = Number(arg('portals', '3000'));
const PROFILE = arg('profile', 'portals') as FarmProfile;
/** Portals profile: about 50 reports a portal (25 bodies × 2 years), the national ≈150,000 over 3,000 portals. */
const SIZING = { bodies: [17, 33], years: [1, 3] } as const;
const CONCURRENCY = Number(arg('concurrency', '64'));
/** The realistic profile's robots.txt asks for Crawl-delay: 1; the crawler's own default is the same. */
const INTERVAL_MS = 1000;
const BROWSER = !process.argv.includes('--no-browser');
const KEEP = process.argv.includes('--keep');
/** Days after day 0: day 1 brings the farm's column moves; day 2 shows what the crawl makes of them the night after. */
const DAYS = Number(arg('days', '1'));
const FRONTIER = arg('frontier', '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface DayFigures extends DayResult {
  db: BackendMemory;
  requests: number;
  pagesPerS: number;
  violations: number;
  busiestSite: number;
  /** Requests by answer (200, 304, 404, …) over the farm, and on the busiest site. */
  byStatus: Record<string, number>;
  busiestByStatus: Record<string, number>;
  /** CPU milliseconds of the farm (this process's own threads, not its children) while the day ran. */
  farmCpuMs: number;
}

function child(day: number, sitesFile: string, schema: string, app: string): Promise<DayResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', path.resolve(import.meta.dirname, 'nightly-day.ts'),
      '--sites', sitesFile, '--schema', schema, '--app', app, '--day', String(day), '--concurrency', String(CONCURRENCY),
      ...(BROWSER ? [] : ['--no-browser'])], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } }); // the bench's larger heap is not nianbao's
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`day ${day} exited ${code}: ${out.slice(-800)}`));
      else resolve(JSON.parse(last) as DayResult);
    });
  });
}

/** The farm renders a site on its first request of a day: pay that before the measured run. */
async function warmUp(farm: Farm): Promise<void> {
  const queue = [...farm.sites];
  await Promise.all(Array.from({ length: 32 }, async () => {
    for (let s = queue.shift(); s; s = queue.shift()) await fetch(new URL('/robots.txt', s.baseUrl)).then((r) => r.arrayBuffer()).catch(() => {});
  }));
}

async function day(farm: Farm, n: number, sitesFile: string, schema: string): Promise<{ f: DayFigures; reqs: FarmRequest[] }> {
  farm.setDay(n);
  await warmUp(farm);
  const from = farm.requests.length;
  const app = `nianbao-nightly-${randomBytes(3).toString('hex')}`;
  const sampler = sampleBackends(PG_URL, app, 500);
  // The farm's own CPU: selfCpuMs would add the nianbao child (and its reaped workers) once it exits.
  const farmCpu0 = ownCpuMs();
  let db: BackendMemory = { peakMb: 0, privateMb: 0, sharedMb: 0, backends: 0 };
  const r = await child(n, sitesFile, schema, app).finally(() => sampler.stop().then((m) => { db = m; }));
  const farmCpuMs = ownCpuMs() - farmCpu0;
  const reqs = farm.requests.slice(from);
  const p = politeness(reqs, INTERVAL_MS);
  const perSite = new Map<string, number>();
  for (const q of reqs) perSite.set(q.host, (perSite.get(q.host) ?? 0) + 1);
  const answered = reqs.filter((q) => q.status >= 200 && q.status < 400).length;
  const busiest = [...perSite].sort((a, b) => b[1] - a[1])[0]?.[0];
  const tally = (qs: readonly FarmRequest[]) => qs.reduce<Record<string, number>>((m, q) => ((m[q.status] = (m[q.status] ?? 0) + 1), m), {});
  return {
    f: { ...r, db, requests: reqs.length, pagesPerS: answered / (r.stages.crawl / 1000), violations: totalViolations(p), busiestSite: Math.max(...perSite.values()), farmCpuMs,
      byStatus: tally(reqs), busiestByStatus: tally(reqs.filter((q) => q.host === busiest)) },
    reqs,
  };
}

const key = (u: string) => { const x = new URL(u); return `${x.host}${x.pathname}${x.search}`; };

/**
 * A day against the day before: conditional requests, 304s, and whether each change reached the database.
 * Reports are matched by their identity, not their URL: a report whose column moved is neither
 * removed nor added but moved, and must be found at its new address.
 */
async function dayFindings(before: readonly ExpectedReport[], after: readonly ExpectedReport[], prev: readonly FarmRequest[], cur: readonly FarmRequest[], schema: string) {
  const docUrl = (e: ExpectedReport) => e.attachment?.url ?? e.url;
  const was = new Map(before.map((e) => [e.id, e]));
  const now = new Map(after.map((e) => [e.id, e]));
  if (was.size !== before.length || now.size !== after.length) throw new Error('farm report ids are not unique');
  const unchangedPages = new Set<string>();
  const edited: { url: string; keys: string[]; cells: ExpectedReport['cells'] }[] = [];
  const moved: string[] = [];
  for (const e of after) {
    const old = was.get(e.id);
    if (!old) continue;
    if (docUrl(old) !== docUrl(e)) { moved.push(docUrl(e)); continue; }
    // The portals farm computes `cells` each time it is read: read each side once.
    const [cellsNow, cellsThen] = [e.cells, old.cells];
    const keys = Object.keys(cellsNow).filter((k) => cellsNow[k] !== cellsThen[k]);
    if (keys.length) edited.push({ url: docUrl(e), keys, cells: cellsNow });
    else for (const u of [e.url, e.finalUrl, e.attachment?.url]) if (u) unchangedPages.add(key(u));
  }
  const added = after.filter((e) => !was.has(e.id)).map(docUrl);
  const removed = before.filter((e) => !now.has(e.id));
  // Requests for what the day before fetched fine (200, or 304 for a page known earlier): each should carry a validator.
  const known = new Set(prev.filter((q) => (q.status === 200 || q.status === 304) && q.method === 'GET').map((q) => `${q.host}${q.path}`));
  const repeat = cur.filter((q) => q.method === 'GET' && known.has(`${q.host}${q.path}`));
  const unconditional = repeat.filter((q) => !q.headers['if-none-match'] && !q.headers['if-modified-since']);
  const toUnchanged = cur.filter((q) => q.method === 'GET' && unchangedPages.has(`${q.host}${q.path}`));
  // A removal is seen when its page or its file was answered 404.
  const answered404 = new Set(cur.filter((q) => q.status === 404).map((q) => `${q.host}${q.path}`));
  const removedSeen = removed.filter((e) => [e.url, e.finalUrl, e.attachment?.url].some((u) => u && answered404.has(key(u))));

  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`set search_path to "${schema}"`);
    // Only what is compared comes back: the edited cells, and whether the other reports are live
    // (all their cells at 3,000 portals were 7 million rows, more than this process's heap).
    const pairs = edited.flatMap((e) => e.keys.map((k) => [e.url, k] as const));
    const { rows } = await client.query<{ url: string; key: string; value: string | null }>(
      `select d.url, c.key, c.value from unnest($1::text[], $2::text[]) as k(url, key)
         join documents d on d.url = k.url join reports r on r.document_id = d.id and r.superseded_by is null
         join report_cells c on c.report_id = r.id and c.key = k.key`, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
    const stored = new Map<string, Map<string, number | null>>();
    for (const r of rows) (stored.get(r.url) ?? stored.set(r.url, new Map()).get(r.url)!).set(r.key, r.value === null ? null : Number(r.value));
    const live = new Set((await client.query<{ url: string }>(
      `select distinct d.url from documents d join reports r on r.document_id = d.id and r.superseded_by is null where d.url = any($1)`, [[...added, ...moved]])).rows.map((r) => r.url));
    const editsFound = edited.filter((e) => e.keys.every((k) => stored.get(e.url)?.get(k) === e.cells[k]));
    const addedFound = added.filter((u) => live.has(u));
    const movedFound = moved.filter((u) => live.has(u));
    return {
      repeatRequests: repeat.length, unconditional: unconditional.length,
      unconditionalPaths: [...new Set(unconditional.map((q) => q.path.replace(/[0-9]+/g, 'N')))].slice(0, 5),
      unchangedRequests: toUnchanged.length, unchanged304: toUnchanged.filter((q) => q.status === 304).length,
      edits: edited.length, editsFound: editsFound.length, editsMissed: edited.filter((e) => !editsFound.includes(e)).slice(0, 3).map((e) => e.url),
      added: added.length, addedFound: addedFound.length, moved: moved.length, movedFound: movedFound.length,
      removed: removed.length, removedSeen: removedSeen.length,
    };
  } finally {
    await client.end();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (n: number) => `${n} MB`;

function printDay(name: string, f: DayFigures, sites: number): void {
  console.log(`\n${name}: ${f.requests} requests, ${f.summary.reportsNew} new and ${f.summary.reportsChanged} changed reports, ${f.summary.flags} flags`);
  console.log(`  stage        wall       notes`);
  console.log(`  crawl   ${s(f.stages.crawl).padStart(9)}   ${f.pagesPerS.toFixed(1)} answers/s; politeness limit ${sites} sites × 1/s = ${sites}/s, `
    + `no crawl under ${f.busiestSite - 1} s (busiest site: ${f.busiestSite} requests); ${f.violations} violations`);
  const answers = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`          answers: ${answers(f.byStatus)}; on the busiest site: ${answers(f.busiestByStatus)}`);
  const stage = f.stages.extract + f.stages.load;
  console.log(`  extract ${s(f.stages.extract).padStart(9)}   waiting on the extraction workers; ${f.summary.documents} documents through extract and load in ${s(stage)} (${(f.summary.documents / Math.max(stage / 1000, 0.001)).toFixed(1)}/s)`);
  console.log(`  load    ${s(f.stages.load).padStart(9)}   reports and cells written, bodies resolved (overlapping the workers' extraction)`);
  console.log(`  check   ${s(f.stages.check).padStart(9)}   ${f.summary.reportsChecked} reports checked (national copy pass: ${s(f.stages.copies)})`);
  console.log(`  total   ${s(f.stages.total).padStart(9)}`);
  // What each stage used of the machine (2 cores = 2 CPU-seconds a second): nianbao, PostgreSQL, and the farm it crawls.
  const c = f.cpu;
  const cpu = (x: { nianbao: number; postgres: number }, wall: number, farm = 0) => `nianbao ${s(x.nianbao)}, PostgreSQL ${s(x.postgres)}${farm ? `, farm ${s(farm)}` : ''} `
    + `= ${((x.nianbao + x.postgres + farm) / Math.max(wall, 1)).toFixed(2)} of ${os.cpus().length} cores`;
  if (c) {
    console.log(`  CPU     crawl: ${cpu(c.crawl, f.stages.crawl, f.farmCpuMs)}`);
    console.log(`          extract and load: ${cpu(c.extract, f.stages.extract + f.stages.load)}; check: ${cpu(c.check, f.stages.check)}`);
  }
  console.log(`  peak RSS: nianbao ${mb(f.peakRssMb)}, database ${mb(f.db.peakMb)} (${f.db.privateMb} private in ${f.db.backends} backends + ${f.db.sharedMb} shared buffers)`);
  console.log(`  database: ${mb(f.dbSize.totalMb)} for ${f.dbSize.reports} live reports = ${f.dbSize.perReportKb} KB a report (raw bytes ${f.dbSize.blobsMb} MB, cells ${f.dbSize.cellsMb} MB, frontier ${f.dbSize.frontierRows} rows)`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const farm = await startFarm({ seed: 11, sites: PORTALS, profile: PROFILE, sizing: SIZING });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-nightly-'));
  const schema = `nightly_${randomBytes(4).toString('hex')}`;
  try {
    const sitesFile = path.join(tmp, 'sites.yaml');
    fs.writeFileSync(sitesFile, farm.sitesYaml());
    const e0 = farm.expected(0);
    console.log(`farm: ${PORTALS} portals (${PROFILE} profile), ${e0.length} reports on day 0, each site on its own loopback address; `
      + `Crawl-delay ${INTERVAL_MS / 1000} s, concurrency ${CONCURRENCY}, browser ${BROWSER ? 'on' : 'off'}; database PostgreSQL (schema ${schema})`);
    console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at start`);
    const strip = (f: DayFigures) => ({ stages_ms: f.stages, pages_per_s: Math.round(f.pagesPerS * 10) / 10, requests: f.requests, violations: f.violations,
      peak_rss_mb: f.peakRssMb, db_rss_mb: f.db.peakMb, db_size_mb: f.dbSize.totalMb, db_kb_per_report: f.dbSize.perReportKb, reports: f.dbSize.reports,
      by_status: f.byStatus, busiest_by_status: f.busiestByStatus });
    const d0 = await day(farm, 0, sitesFile, schema);
    printDay('day 0 (full)', d0.f, PORTALS);
    const later: Record<string, unknown> = {};
    let [prevExpected, prevReqs] = [e0, d0.reqs];
    for (let n = 1; n <= DAYS; n++) {
      const en = farm.expected(n);
      const dn = await day(farm, n, sitesFile, schema);
      printDay(`day ${n} (incremental)`, dn.f, PORTALS);
      const found = await dayFindings(prevExpected, en, prevReqs, dn.reqs, schema);
      const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '—');
      console.log(`  day ${n} against day ${n - 1}: ${found.unconditional} of ${found.repeatRequests} repeat requests not conditional${found.unconditional ? ` (${found.unconditionalPaths.join(', ')})` : ''}; `
        + `unchanged pages answered 304: ${found.unchanged304}/${found.unchangedRequests} = ${pct(found.unchanged304, found.unchangedRequests)}`);
      console.log(`  edits found ${found.editsFound}/${found.edits}${found.editsMissed.length ? ` (missed e.g. ${found.editsMissed.join(' ')})` : ''}, `
        + `additions loaded ${found.addedFound}/${found.added}, moved reports found at their new address ${found.movedFound}/${found.moved}, removals seen (404) ${found.removedSeen}/${found.removed}`);
      later[`day${n}`] = { ...strip(dn.f), ...found };
      [prevExpected, prevReqs] = [en, dn.reqs];
    }
    let frontier: FrontierPoint[] = [];
    if (FRONTIER.length) {
      console.log(`\nfrontier and claim path with synthetic rows (RSS of the claiming process, database backends):`);
      frontier = await frontierScaling(PG_URL, FRONTIER, (p) => console.log(`  ${frontierLine(p)}`));
      if (frontier.length > 1) console.log(`  growth ${frontier[0]!.rows} → ${frontier.at(-1)!.rows} rows: ${frontierGrowth(frontier)}`);
    }
    console.log(`\ntotal ${s(Date.now() - t0)}`);
    console.log(JSON.stringify({ portals: PORTALS, profile: PROFILE, interval_ms: INTERVAL_MS, politeness_limit_rps: PORTALS * 1000 / INTERVAL_MS,
      day0: strip(d0.f), ...later, frontier }));
  } finally {
    await farm.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    if (KEEP) console.log(`kept schema ${schema} (drop it with: psql ${PG_URL} -c 'drop schema "${schema}" cascade')`);
    else await c.query(`drop schema if exists "${schema}" cascade`);
    await c.end();
  }
}

await main();
