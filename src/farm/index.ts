/**
 * The farm: a deterministic set of county government sites on loopback, each
 * on its own address (127.0.1.{i+1}:{port}), serving TRS / JSON / browser-only
 * report lists and report pages with the national template's tables, plus the
 * ground truth of what each site publishes on each day (contract 6).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import type { TemplateId } from '../model/report.js';
import type { Cells } from './cells.js';
import { reportText } from './pages.js';
import { buildRoutes, robotsTxt, type Profile, type Reply } from './routes.js';
import { buildWorld, cellsOn, MAX_DAY, type Flaw, type ListStyle, type SiteModel } from './world.js';

export type { Profile } from './routes.js';

export interface FarmSite {
  id: string;
  baseUrl: string;
  bodyName: string;
  regionCode: string;
  regionName: string;
  level: '县' | '市';
  listUrls: string[];
  style: ListStyle;
  needsBrowser: boolean;
  charset: 'utf-8' | 'gbk';
}

export interface FarmRequest { host: string; path: string; method: string; time: number; status: number; headers: http.IncomingHttpHeaders }

export interface ExpectedReport {
  siteId: string;
  url: string;
  year: number;
  template: TemplateId;
  title: string;
  cells: Cells;
  /** Body publishing the report, and the deliberate flaws the checks should find (empty for sound reports). */
  body: string;
  flaws: Flaw[];
  /** Layout detail the extractor must handle: （六） printed as one row; table flattened into `<p>`s. */
  otherAsOneRow: boolean;
  flattened: boolean;
  /** The prose (一、总体情况 … 六) as plain lines. */
  narrative: string;
  /** yyyy-mm-dd as the page states it. */
  published: string;
  /**
   * Where the page is served. `url` is the address the list links to (what a crawler
   * records); for some TRS reports that is an old `.htm` address answering 301 to `finalUrl`.
   */
  finalUrl: string;
}

export interface FarmOptions {
  seed?: number;
  sites?: number;
  day?: number;
  /** Bind every site on this address instead of 127.0.1.{i+1} (then one port per site). */
  host?: string;
  /** Port shared by all sites (0 = any free one, chosen by the first site). */
  basePort?: number;
  /** 'clean' (default): no faults. 'realistic': Crawl-delay 1, a slow answer in seven, 503 and 429 bursts. */
  profile?: Profile;
  /** Added to every response, for benchmarks. */
  latencyMs?: number;
}

export interface Farm {
  sites: FarmSite[];
  requests: FarmRequest[];
  readonly day: number;
  sitesYaml(): string;
  setDay(n: number): void;
  expected(day?: number): ExpectedReport[];
  close(): Promise<void>;
}

/** Site i's own loopback address: 127.0.1.1 … 127.0.1.254, then 127.0.2.1 … (all of 127/8 is loopback on Linux). */
export const loopbackOf = (i: number): string => `127.0.${1 + Math.floor(i / 254)}.${(i % 254) + 1}`;

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Faults of the realistic profile, keyed on the site and its request count so runs repeat. */
function fault(site: SiteModel, n: number): { status?: number; headers?: Record<string, string>; delayMs?: number } | null {
  const kind = site.index % 5;
  if (kind === 2 && n >= 4 && n <= 6) return { status: 503, headers: { 'retry-after': '1' } };
  if (kind === 3 && n >= 8 && n <= 9) return { status: 429, headers: { 'retry-after': '1' } };
  if (kind === 4 && n % 7 === 0) return { delayMs: 1500 };
  return null;
}

function notModified(req: http.IncomingMessage, r: Reply): boolean {
  const inm = req.headers['if-none-match'];
  if (inm && r.etag) return inm.split(',').some((t) => t.trim() === r.etag);
  const ims = req.headers['if-modified-since'];
  if (ims && r.lastModified) return Math.floor(r.lastModified.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000);
  return false;
}

export async function startFarm(opts: FarmOptions = {}): Promise<Farm> {
  const seed = opts.seed ?? 1;
  // Clean by default: tests that only want content should not wait out Crawl-delay and 503s.
  const profile = opts.profile ?? 'clean';
  const latency = opts.latencyMs ?? 0;
  const world = buildWorld(seed, opts.sites ?? 10);
  let day = Math.min(Math.max(0, opts.day ?? 0), MAX_DAY);
  const requests: FarmRequest[] = [];
  const cache = new Map<string, Map<string, Reply>>();
  const routesOf = (site: SiteModel) => {
    const key = `${site.index}:${day}`;
    let r = cache.get(key);
    if (!r) cache.set(key, (r = buildRoutes(site, day, profile)));
    return r;
  };
  const servers: http.Server[] = [];
  const bases: string[] = [];
  const counts = world.map(() => 0);

  const handler = (site: SiteModel) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const time = Date.now();
    const path = req.url ?? '/';
    const entry: FarmRequest = { host: req.headers.host ?? '', path, method: req.method ?? 'GET', time, status: 0, headers: req.headers };
    requests.push(entry);
    const send = (status: number, headers: Record<string, string>, body?: Buffer) => {
      entry.status = status;
      if (!res.destroyed) res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : body);
    };
    const f = path === '/robots.txt' || profile === 'clean' ? null : fault(site, ++counts[site.index]!);
    setTimeout(() => {
      if (f?.status) return send(f.status, { 'content-type': 'text/html; charset=utf-8', ...f.headers }, Buffer.from('<html><body>服务器繁忙，请稍后再试</body></html>'));
      const routes = routesOf(site);
      const r = routes.get(path) ?? routes.get(path.split('?')[0]!);
      if (!r) return send(404, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from('<html><body><h1>404 Not Found</h1></body></html>'));
      if (r.location) return send(r.status, { location: r.location, 'content-length': '0' });
      const headers: Record<string, string> = { 'content-type': r.contentType };
      if (r.etag) headers.etag = r.etag;
      if (r.lastModified) headers['last-modified'] = r.lastModified.toUTCString();
      if (notModified(req, r)) return send(304, headers);
      send(r.status, { ...headers, 'content-length': String(r.body.length) }, r.body);
    }, latency + (f?.delayMs ?? 0));
  };

  let sharedPort = opts.basePort ?? 0;
  let perSitePorts = opts.host !== undefined;
  try {
    for (const site of world) {
      const server = http.createServer(handler(site));
      servers.push(server);
      const host = perSitePorts ? (opts.host ?? '127.0.0.1') : loopbackOf(site.index);
      try {
        const port = await listen(server, perSitePorts && opts.basePort ? opts.basePort + site.index : sharedPort, host);
        if (!perSitePorts) sharedPort = port;
        bases.push(`http://${host}:${port}/`);
      } catch (err) {
        // 127.0.1.x unavailable (not Linux): one port per site on 127.0.0.1.
        if (perSitePorts || bases.length > 0) throw err;
        perSitePorts = true;
        const port = await listen(server, opts.basePort ? opts.basePort + site.index : 0, opts.host ?? '127.0.0.1');
        bases.push(`http://${opts.host ?? '127.0.0.1'}:${port}/`);
      }
    }
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw new Error(`farm: cannot bind site ${bases.length} (${(err as Error).message})`);
  }

  const sites: FarmSite[] = world.map((s, i) => ({
    id: s.id, baseUrl: bases[i]!, bodyName: s.bodyName, regionCode: s.county.code, regionName: s.county.name,
    level: s.county.level, listUrls: [new URL(s.listPath, bases[i]!).toString()], style: s.style,
    needsBrowser: s.style === 'browser', charset: s.charset,
  }));

  return {
    sites,
    requests,
    get day() { return day; },
    setDay(n: number) { day = Math.min(Math.max(0, Math.floor(n)), MAX_DAY); },
    sitesYaml: () => sitesYaml(sites),
    expected: (d = day) => expected(world, sites, Math.min(Math.max(0, d), MAX_DAY)),
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); }))).then(() => undefined),
  };
}

export function sitesYaml(sites: readonly FarmSite[]): string {
  return stringify({
    sites: sites.map((s) => ({
      id: s.id, base_url: s.baseUrl, body: s.bodyName, region_code: s.regionCode, region_name: s.regionName, level: s.level,
      lists: s.listUrls, hints: { list_style: s.style, needs_browser: s.needsBrowser },
    })),
  });
}

function expected(world: readonly SiteModel[], sites: readonly FarmSite[], day: number): ExpectedReport[] {
  return world.flatMap((s, i) => s.reports.flatMap((r) => {
    const state = cellsOn(r, day);
    if (!state) return [];
    const finalUrl = new URL(r.path, sites[i]!.baseUrl).toString();
    return [{ siteId: s.id, url: r.movedFrom ? new URL(r.movedFrom, sites[i]!.baseUrl).toString() : finalUrl, finalUrl, year: r.year, template: r.layout.template,
      title: r.title, cells: state.cells, body: r.body, flaws: r.flaws, otherAsOneRow: r.layout.otherAsOneRow, flattened: r.flattened,
      published: r.published, narrative: reportText(s, r, state.cells) }];
  }));
}

export { robotsTxt };
