/**
 * Crawl throughput and politeness: nianbao against Crawlee 3's CheerioCrawler on
 * the same farm (≥300 sites, clean profile, realistic latency), in one run, each
 * crawler in its own child process (fair peak RSS), with equal politeness: one
 * request at a time per host, the same minimum interval, robots.txt obeyed.
 *
 *   npm run bench:crawl -- [--sites 300] [--interval 250] [--concurrency 64]
 *
 * Crawlee's `sameDomainDelaySecs` is keyed by registrable domain and is off for
 * IP hosts, so the farm's sites get hostnames `countyN.test`: when run as root
 * the bench adds `127.0.0.1 countyN.test` lines to /etc/hosts (in a marked
 * block, kept for reuse); otherwise it stops with instructions.
 *
 * nianbao stores every document in PostgreSQL ($DATABASE_URL, a throwaway
 * schema); the database server's memory is not in its RSS, as Crawlee's
 * in-memory queue is in Crawlee's. Last line: JSON figures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChildResult { pages: number; startedAt: number; finishedAt: number; peak_rss_mb: number }
interface Figures { pages_per_s: number; peak_rss_mb: number; max_host_rps: number; politeness_violations: number; pages: number; seconds: number }

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SITES = arg('sites', 300);
const INTERVAL = arg('interval', 250);
const CONCURRENCY = arg('concurrency', 64);
const HOSTS_MARK = '# nianbao bench hosts';

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage.rss() / 2 ** 20);
}

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

// ---------------------------------------------------------------- farm

/** What the bench needs of a farm (contract 6). */
interface BenchFarm {
  sites: Array<{ baseUrl: string }>;
  requests: Array<{ host: string; time: number; status: number }>;
  sitesYaml(): string;
  expected(day: number): unknown[];
  close(): Promise<void>;
}

/**
 * The farm (src/farm, clean profile); until it exists, a built-in stand-in:
 * TRS-style sites of 3 list pages × 6 reports, 30 ms per response.
 */
async function loadFarm(sites: number): Promise<{ farm: BenchFarm; name: string }> {
  const modPath = '../src/farm/index.js';
  try {
    const mod = await import(modPath) as { startFarm(o: Record<string, unknown>): Promise<BenchFarm> };
    return { farm: await mod.startFarm({ seed: 7, sites, day: 0, profile: 'clean', latencyMs: 30 }), name: 'src/farm (clean profile, 30 ms latency)' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return { farm: await builtInFarm(sites, 3, 6, 30), name: 'built-in TRS stand-in (src/farm missing)' };
  }
}

async function builtInFarm(n: number, pages: number, perPage: number, latencyMs: number): Promise<BenchFarm> {
  const requests: BenchFarm['requests'] = [];
  const servers: http.Server[] = [];
  const bases: string[] = [];
  let reports = 0;
  for (let s = 0; s < n; s++) {
    const routes = new Map<string, string>([['/robots.txt', 'User-agent: *\nAllow: /\n']]);
    for (let p = 0; p < pages; p++) {
      const items: string[] = [];
      for (let r = 0; r < perPage; r++) {
        const id = p * perPage + r;
        const title = `第${s}县第${id}局${2019 + (id % 5)}年政府信息公开工作年度报告`;
        routes.set(`/nb/2024${String(p).padStart(2, '0')}/t20240101_${id}.html`, `<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${'正文'.repeat(200)}</p></body></html>`);
        items.push(`<li><a href="./2024${String(p).padStart(2, '0')}/t20240101_${id}.html">${title}</a></li>`);
        reports++;
      }
      const list = `<html><head><meta charset="utf-8"><title>年报</title></head><body><ul>${items.join('')}</ul><script>createPageHTML(${pages}, ${p}, "index", "html")</script></body></html>`;
      routes.set(p === 0 ? '/nb/index.html' : `/nb/index_${p}.html`, list);
      if (p === 0) routes.set('/nb/', list);
    }
    const server = http.createServer((req, res) => {
      const time = Date.now();
      setTimeout(() => {
        const body = routes.get((req.url ?? '/').split('?')[0]!);
        requests.push({ host: req.headers.host ?? '', time, status: body === undefined ? 404 : 200 });
        res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
      }, latencyMs);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    bases.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  }
  return {
    sites: bases.map((baseUrl) => ({ baseUrl })), requests,
    sitesYaml: () => `sites:\n${bases.map((b, i) => `  - id: county${i}\n    base_url: ${b}\n    body: 第${i}县人民政府\n    level: 县\n    lists: [${b}nb/index.html]\n`).join('')}`,
    expected: () => Array.from({ length: reports }),
    close: async () => { for (const sv of servers) { sv.closeAllConnections(); await new Promise((r) => sv.close(r)); } },
  };
}

/**
 * The farm renders a site's pages on its first request and keeps them: whichever
 * crawler ran first would pay seconds of the farm's rendering, the other none.
 * One request per site before either runs (not counted) gives both the same farm.
 */
async function warmUp(farm: BenchFarm): Promise<void> {
  for (const s of farm.sites) await fetch(new URL('/robots.txt', s.baseUrl)).then((r) => r.arrayBuffer()).catch(() => {});
}

// ---------------------------------------------------------------- children

async function runNianbao(sitesFile: string): Promise<ChildResult> {
  const { openStore } = await import('../src/store/open-store.js');
  const { crawl } = await import('../src/crawl/index.js');
  const pg = (await import('pg')).default;
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const store = await openStore({ url, schema });
  try {
    const startedAt = Date.now();
    const s = await crawl(store, { sitesFile, minIntervalMs: INTERVAL, hostConcurrency: 1, globalConcurrency: CONCURRENCY, browser: false, timeoutMs: 30_000 });
    return { pages: s.fetched, startedAt, finishedAt: Date.now(), peak_rss_mb: peakRssMb() };
  } finally {
    await store.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists "${schema}" cascade`);
    await c.end();
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

function child(which: string, sitesFile: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'crawl.ts'), '--child', which, '--file', sitesFile,
      '--interval', String(INTERVAL), '--concurrency', String(CONCURRENCY)], { stdio: ['ignore', 'pipe', 'inherit'] });
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

interface Req { host: string; time: number; status: number }

function politeness(reqs: readonly Req[]): { maxRps: number; violations: number; pages: number } {
  const byHost = new Map<string, number[]>();
  for (const r of reqs) {
    const list = byHost.get(r.host) ?? [];
    list.push(r.time);
    byHost.set(r.host, list);
  }
  let maxRps = 0;
  let violations = 0;
  for (const times of byHost.values()) {
    times.sort((a, b) => a - b);
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while (times[hi]! - times[lo]! >= 1000) lo++;
      maxRps = Math.max(maxRps, hi - lo + 1);
      // A 5 ms tolerance for timer jitter on both sides.
      if (hi > 0 && times[hi]! - times[hi - 1]! < INTERVAL - 5) violations++;
    }
  }
  return { maxRps, violations, pages: reqs.filter((r) => r.status >= 200 && r.status < 300).length };
}

async function main(): Promise<void> {
  const which = process.argv[process.argv.indexOf('--child') + 1];
  if (process.argv.includes('--child')) {
    const file = process.argv[process.argv.indexOf('--file') + 1]!;
    const res = which === 'nianbao' ? await runNianbao(file) : await runCrawlee(file);
    process.stdout.write(`\n${JSON.stringify(res)}\n`);
    process.exit(0);
  }
  const { farm, name } = await loadFarm(SITES);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-'));
  try {
    const hostOf = new Map<string, string>();
    farm.sites.forEach((s, i) => hostOf.set(new URL(s.baseUrl).host, `county${i}.test:${new URL(s.baseUrl).port}`));
    ensureHosts(farm.sites.map((s, i) => [`county${i}.test`, new URL(s.baseUrl).hostname]));
    let yaml = farm.sitesYaml();
    for (const [ip, name] of hostOf) yaml = yaml.split(`//${ip}`).join(`//${name}`);
    const file = path.join(tmp, 'sites.yaml');
    fs.writeFileSync(file, yaml);
    console.log(`farm: ${name}, ${farm.sites.length} sites, ${farm.expected(0).length} reports; interval ${INTERVAL} ms/host, concurrency ${CONCURRENCY}`);
    await warmUp(farm);
    const figures: Record<string, Figures> = {};
    for (const which of ['nianbao', 'crawlee']) {
      const from = farm.requests.length;
      const r = await child(which, file);
      const reqs = farm.requests.slice(from).map((q) => ({ host: q.host, time: q.time, status: q.status }));
      const p = politeness(reqs);
      const seconds = (r.finishedAt - r.startedAt) / 1000;
      figures[which] = { pages_per_s: Math.round((p.pages / seconds) * 10) / 10, peak_rss_mb: r.peak_rss_mb, max_host_rps: p.maxRps,
        politeness_violations: p.violations, pages: p.pages, seconds: Math.round(seconds * 10) / 10 };
      console.log(`${which.padEnd(8)} ${p.pages} pages in ${seconds.toFixed(1)} s = ${figures[which]!.pages_per_s} pages/s, peak RSS ${r.peak_rss_mb} MB, `
        + `max ${p.maxRps} req/s per host, ${p.violations} politeness violations (self-reported pages ${r.pages})`);
    }
    const n = figures.nianbao!;
    const c = figures.crawlee!;
    console.log(`nianbao/crawlee: ${(n.pages_per_s / c.pages_per_s).toFixed(2)}× pages/s, ${(n.peak_rss_mb / c.peak_rss_mb).toFixed(2)}× RSS`);
    const pick = (f: Figures) => ({ pages_per_s: f.pages_per_s, peak_rss_mb: f.peak_rss_mb, max_host_rps: f.max_host_rps, politeness_violations: f.politeness_violations });
    console.log(JSON.stringify({ sites: farm.sites.length, nianbao: pick(n), crawlee: pick(c) }));
  } finally {
    await farm.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
