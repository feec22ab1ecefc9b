/**
 * Crawl throughput and politeness: nianbao against Crawlee 3's CheerioCrawler on
 * the same farm (≥300 sites, clean profile, realistic latency), each crawler in its
 * own child process, with equal politeness: one request at a time per host, the same
 * minimum interval, robots.txt obeyed. Fair by construction:
 *
 * - politeness is counted the same way for both, from the farm's log of request starts
 *   (bench/measure/politeness.ts): robots.txt and redirect hops included, in columns;
 * - nianbao's memory includes its database's: PostgreSQL backends' RSS read from /proc
 *   (default), or `--db pglite` to run the database in nianbao's own process;
 * - `--repeats` runs (≥ 3) alternate which crawler goes first; figures are the median
 *   and the spread (min–max) of the runs.
 *
 *   npm run bench:crawl -- [--sites 300] [--interval 250] [--concurrency 64] [--repeats 3] [--db postgres|pglite]
 *
 * Crawlee's `sameDomainDelaySecs` is keyed by registrable domain and is off for
 * IP hosts, so the farm's sites get hostnames `countyN.test`: when run as root
 * the bench adds `127.0.0.1 countyN.test` lines to /etc/hosts (in a marked
 * block, kept for reuse); otherwise it stops with instructions. Last line: JSON figures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startFarm, type Farm } from '../src/farm/index.js';
import { politeness, totalViolations, VIOLATION_KINDS, TOLERANCE_MS, type Politeness } from './measure/politeness.js';
import { peakRssMb, sampleBackends, type BackendMemory } from './measure/memory.js';
import { spread, showSpread, type Spread } from './measure/stats.js';
import { arg } from './measure/args.js';

interface ChildResult { pages: number; startedAt: number; finishedAt: number; peak_rss_mb: number }
type Crawler = 'nianbao' | 'crawlee';
interface RunFigures { pages_per_s: number; peak_rss_mb: number; db_rss_mb: number; max_host_rps: number; p: Politeness; seconds: number }

const SITES = Number(arg('sites', '300'));
const INTERVAL = Number(arg('interval', '250'));
const CONCURRENCY = Number(arg('concurrency', '64'));
const REPEATS = Math.max(1, Number(arg('repeats', '3')));
const DB = arg('db', 'postgres') as 'postgres' | 'pglite';
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOSTS_MARK = '# nianbao bench hosts';

/** Makes /etc/hosts map each name to its site's loopback address (a marked block, rewritten as needed). */
function ensureHosts(entries: ReadonlyArray<[name: string, ip: string]>): void {
  const hosts = fs.readFileSync('/etc/hosts', 'utf8');
  const lines = entries.map(([n, ip]) => `${ip} ${n}`);
  if (lines.every((l) => hosts.includes(`\n${l}\n`))) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`bench:crawl needs hostnames for the farm's sites; run it as root once, or add to /etc/hosts:\n${lines.slice(0, 3).join('\n')}\n…`);
  }
  const kept = hosts.split(`\n${HOSTS_MARK}\n`)[0]!.replace(/\n+$/, '');
  fs.writeFileSync('/etc/hosts', `${kept}\n${HOSTS_MARK}\n${lines.join('\n')}\n`);
}

/**
 * The farm renders a site's pages on its first request and keeps them: whichever
 * crawler ran first would pay seconds of the farm's rendering, the other none.
 * One request per site before either runs (not counted) gives both the same farm.
 */
async function warmUp(farm: Farm): Promise<void> {
  for (const s of farm.sites) await fetch(new URL('/robots.txt', s.baseUrl)).then((r) => r.arrayBuffer()).catch(() => {});
}

// ---------------------------------------------------------------- children

async function runNianbao(sitesFile: string, app: string): Promise<ChildResult> {
  const { openStore } = await import('../src/store/open-store.js');
  const { crawl } = await import('../src/crawl/index.js');
  const pg = (await import('pg')).default;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const dir = DB === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-db-')) : '';
  const store = DB === 'pglite' ? await openStore({ dbPath: dir }) : await openStore({ url: `${PG_URL}?application_name=${app}`, schema });
  try {
    const startedAt = Date.now();
    const s = await crawl(store, { sitesFile, minIntervalMs: INTERVAL, hostConcurrency: 1, globalConcurrency: CONCURRENCY, browser: false, timeoutMs: 30_000 });
    return { pages: s.fetched, startedAt, finishedAt: Date.now(), peak_rss_mb: peakRssMb() };
  } finally {
    await store.close();
    if (DB === 'pglite') fs.rmSync(dir, { recursive: true, force: true });
    else {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
  }
}

async function runCrawlee(sitesFile: string): Promise<ChildResult> {
  const { CheerioCrawler, Configuration, log } = await import('crawlee');
  const { loadSites } = await import('../src/crawl/sites.js');
  const { discoverList, discoverAttachments } = await import('../src/crawl/discover.js');
  const { canonicalUrl } = await import('../src/crawl/url.js');
  // The same dedupe key as nianbao's frontier, so neither crawler fetches a page twice.
  const key = (url: string, method = 'GET', body = '') => `${method} ${canonicalUrl(url) ?? url} ${body}`;
  log.setLevel(log.LEVELS.OFF);
  const sites = loadSites(sitesFile);
  let pages = 0;
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  const crawler = new CheerioCrawler({
    maxConcurrency: CONCURRENCY, minConcurrency: Math.min(CONCURRENCY, 16),
    sameDomainDelaySecs: INTERVAL / 1000, respectRobotsTxtFile: true, maxRequestRetries: 3, requestHandlerTimeoutSecs: 60,
    additionalMimeTypes: ['application/json', 'application/pdf', 'application/msword', 'application/octet-stream',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain'],
    async requestHandler({ request, body, contentType, crawler: c }) {
      pages++;
      const kind = request.userData.kind as string;
      if (kind === 'attachment') return;
      const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
      const found = kind === 'list' ? discoverList(request.url, text, contentType.type) : discoverAttachments(request.url, text);
      await c.addRequests(found.links.map((l) => ({
        url: l.url, method: l.method ?? 'GET', ...(l.body ? { payload: l.body } : {}), ...(l.headers ? { headers: l.headers } : {}),
        uniqueKey: key(l.url, l.method, l.body), userData: { kind: l.kind },
      })));
    },
  }, config);
  const startedAt = Date.now();
  await crawler.run(sites.flatMap((s) => s.lists.map((u) => ({ url: u, uniqueKey: key(u), userData: { kind: 'list' } }))));
  return { pages, startedAt, finishedAt: Date.now(), peak_rss_mb: peakRssMb() };
}

// ---------------------------------------------------------------- parent

function child(which: Crawler, sitesFile: string, app: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'crawl.ts'), '--child', which, '--file', sitesFile,
      '--app', app, '--interval', String(INTERVAL), '--concurrency', String(CONCURRENCY), '--db', DB], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`${which} child exited ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(last) as ChildResult);
    });
  });
}

async function measure(farm: Farm, which: Crawler, file: string): Promise<RunFigures> {
  const from = farm.requests.length;
  const app = `nianbao-bench-${randomBytes(3).toString('hex')}`;
  const sampler = which === 'nianbao' && DB === 'postgres' ? sampleBackends(PG_URL, app) : null;
  let r: ChildResult;
  let db: BackendMemory | null = null;
  try {
    r = await child(which, file, app);
  } finally {
    db = (await sampler?.stop()) ?? null;
  }
  const p = politeness(farm.requests.slice(from), INTERVAL);
  const seconds = (r.finishedAt - r.startedAt) / 1000;
  const dbMb = db?.peakMb ?? 0;
  return { pages_per_s: p.pages / seconds, peak_rss_mb: r.peak_rss_mb + dbMb, db_rss_mb: dbMb, max_host_rps: p.maxHostRps, p, seconds };
}

const violationCells = (p: Politeness) => VIOLATION_KINDS.map((k) => String(p.violations[k]).padStart(9)).join('');

function printRun(which: Crawler, f: RunFigures): void {
  const rss = which === 'nianbao' && DB === 'postgres' ? `${f.peak_rss_mb} (db ${f.db_rss_mb})` : String(f.peak_rss_mb);
  console.log(`  ${which.padEnd(8)}${String(f.p.pages).padStart(7)}${f.seconds.toFixed(1).padStart(8)}${f.pages_per_s.toFixed(1).padStart(9)}`
    + `${rss.padStart(16)}${String(f.max_host_rps).padStart(6)}${violationCells(f.p)}`);
}

interface Summary { pages_per_s: Spread; peak_rss_mb: Spread; max_host_rps: Spread; violations: Record<string, Spread>; seconds: Spread }

function summarise(runs: readonly RunFigures[]): Summary {
  return {
    pages_per_s: spread(runs.map((r) => r.pages_per_s)), peak_rss_mb: spread(runs.map((r) => r.peak_rss_mb)),
    max_host_rps: spread(runs.map((r) => r.max_host_rps)), seconds: spread(runs.map((r) => r.seconds)),
    violations: Object.fromEntries([...VIOLATION_KINDS.map((k) => [k, spread(runs.map((r) => r.p.violations[k]))] as const),
      ['total', spread(runs.map((r) => totalViolations(r.p)))] as const]),
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    const which = arg('child', '');
    const file = arg('file', '');
    const res = which === 'nianbao' ? await runNianbao(file, arg('app', 'nianbao-bench')) : await runCrawlee(file);
    process.stdout.write(`\n${JSON.stringify(res)}\n`);
    process.exit(0);
  }
  const farm = await startFarm({ seed: 7, sites: SITES, day: 0, profile: 'clean', latencyMs: 30 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-'));
  try {
    const hostOf = new Map<string, string>();
    farm.sites.forEach((s, i) => hostOf.set(new URL(s.baseUrl).host, `county${i}.test:${new URL(s.baseUrl).port}`));
    ensureHosts(farm.sites.map((s, i) => [`county${i}.test`, new URL(s.baseUrl).hostname]));
    let yaml = farm.sitesYaml();
    for (const [ip, name] of hostOf) yaml = yaml.split(`//${ip}`).join(`//${name}`);
    const file = path.join(tmp, 'sites.yaml');
    fs.writeFileSync(file, yaml);
    console.log(`farm: src/farm clean profile, 30 ms latency, ${farm.sites.length} sites, ${farm.expected(0).length} reports; `
      + `interval ${INTERVAL} ms/host, concurrency ${CONCURRENCY}, ${REPEATS} runs alternating the order`);
    console.log(`nianbao's database: ${DB === 'postgres' ? 'PostgreSQL; its RSS includes the backends serving it (Σ private + shared buffers once)' : 'PGlite in its own process'}`);
    console.log(`a violation: two requests to one host starting < ${INTERVAL} ms apart (${TOLERANCE_MS} ms tolerance), as the farm logged them\n`);
    await warmUp(farm);
    const runs: Record<Crawler, RunFigures[]> = { nianbao: [], crawlee: [] };
    console.log(`  ${'crawler'.padEnd(8)}${'pages'.padStart(7)}${'s'.padStart(8)}${'pages/s'.padStart(9)}${'peak RSS MB'.padStart(16)}${'rps'.padStart(6)}`
      + VIOLATION_KINDS.map((k) => k.padStart(9)).join(''));
    for (let k = 0; k < REPEATS; k++) {
      const order: Crawler[] = k % 2 === 0 ? ['nianbao', 'crawlee'] : ['crawlee', 'nianbao'];
      console.log(`run ${k + 1} (${order[0]} first)`);
      for (const which of order) {
        const f = await measure(farm, which, file);
        runs[which].push(f);
        printRun(which, f);
      }
    }
    const n = summarise(runs.nianbao), c = summarise(runs.crawlee);
    const ratio = (a: Spread, b: Spread) => (b.median ? `${(a.median / b.median).toFixed(2)}×` : '—');
    console.log(`\nmedian (min–max) of ${REPEATS} runs     nianbao              crawlee              nianbao/crawlee`);
    const row = (name: string, a: Spread, b: Spread, r = true) => console.log(`  ${name.padEnd(30)}${showSpread(a).padEnd(21)}${showSpread(b).padEnd(21)}${r ? ratio(a, b) : ''}`);
    row('pages/s', n.pages_per_s, c.pages_per_s);
    row(`peak RSS MB${DB === 'postgres' ? ' (nianbao + db)' : ''}`, n.peak_rss_mb, c.peak_rss_mb);
    row('max requests/s per host', n.max_host_rps, c.max_host_rps, false);
    for (const k of [...VIOLATION_KINDS, 'total']) row(`violations: ${k}`, n.violations[k]!, c.violations[k]!, false);
    console.log(JSON.stringify({ sites: farm.sites.length, interval_ms: INTERVAL, repeats: REPEATS, db: DB, nianbao: n, crawlee: c }));
  } finally {
    await farm.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
