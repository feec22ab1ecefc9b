/**
 * The farm: a deterministic set of county government sites on loopback, each
 * on its own address (127.0.1.{i+1}:{port}), serving TRS / JSON / browser-only
 * report lists and report pages with the national template's tables, plus the
 * ground truth of what each site publishes on each day (contract 6).
 */
import http from 'node:http';
import { listen, loopbackOf, notModified } from './listen.js';
import { startPortalFarm } from './portals/portal-farm.js';
import type { PortalSizing } from './portals/portal-model.js';
import { stringify } from 'yaml';
import type { TemplateId } from '../model/report.js';
import type { Cells } from '../synth/cells.js';
import { reportText } from './pages.js';
import { buildRoutes, robotsTxt, type Profile, type Reply } from './routes.js';
import { buildWorld, cellsOn, MAX_DAY, type AttachmentFormat, type Flaw, type ListStyle, type SiteModel } from './world.js';
import { challengeFor, challengePage, faultFor, faultKinds, hasClearance, type Fault, type FaultKind } from './faults.js';

export type { Profile } from './routes.js';
export { startPortalFarm, type PortalFarm, type PortalFarmOptions } from './portals/portal-farm.js';
export type { ExpectedColumn, ExpectedOther } from './portals/portal-truth.js';
export type FarmProfile = Profile | 'portals';
export type { FaultKind } from './faults.js';

export interface FarmSite {
  id: string;
  baseUrl: string;
  bodyName: string;
  regionCode: string;
  regionName: string;
  /** Always 县: every farm site is a county-level government (a 县级市 too; see regionName). */
  level: '县';
  listUrls: string[];
  style: ListStyle;
  needsBrowser: boolean;
  charset: 'utf-8' | 'gbk';
  /** Faults this site shows (realistic profile; empty when clean). */
  faults: FaultKind[];
}

/** One request the farm received. `status` -1: the connection was reset; -2: the body was cut short. */
export interface FarmRequest {
  host: string; path: string; method: string; time: number; status: number; headers: http.IncomingHttpHeaders;
  /** The fault the realistic profile played on this request, if any. */
  fault?: FaultKind;
}

export interface ExpectedReport {
  siteId: string;
  /** The report's identity from day to day: its URL changes when its column moves. */
  id: string;
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
  /** Published only as this file (the page at `finalUrl` links it): its URL and format. */
  attachment: { url: string; format: AttachmentFormat } | null;
}

export interface FarmOptions {
  seed?: number;
  sites?: number;
  day?: number;
  /** Bind every site on this address instead of 127.0.1.{i+1} (then one port per site). */
  host?: string;
  /** Port shared by all sites (0 = any free one, chosen by the first site). */
  basePort?: number;
  /**
   * 'clean' (default): orderly sites, no faults. 'realistic': every list style, attachments, URL variants and every fault (README).
   * 'portals': county portals whose 年报 columns must be found from the home page (src/farm/portals; `startPortalFarm` for its extras).
   */
  profile?: FarmProfile;
  /** Portals profile: bodies and report years per portal. */
  sizing?: PortalSizing;
  /** Crawl-delay (seconds) in the realistic profile's robots.txt (default 1; tests use less to run faster). */
  crawlDelay?: number;
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

export { loopbackOf } from './listen.js';

export async function startFarm(opts: FarmOptions = {}): Promise<Farm> {
  const seed = opts.seed ?? 1;
  // Clean by default: tests that only want content should not wait out Crawl-delay and 503s.
  if (opts.profile === 'portals') {
    return startPortalFarm({ seed: opts.seed, sites: opts.sites, day: opts.day, basePort: opts.basePort, crawlDelay: opts.crawlDelay, latencyMs: opts.latencyMs, sizing: opts.sizing });
  }
  const profile = opts.profile ?? 'clean';
  const latency = opts.latencyMs ?? 0;
  const world = buildWorld(seed, opts.sites ?? 10, profile);
  let day = Math.min(Math.max(0, opts.day ?? 0), MAX_DAY);
  const requests: FarmRequest[] = [];
  const cache = new Map<string, Promise<Map<string, Reply>>>();
  const routesOf = (site: SiteModel) => {
    const key = `${site.index}:${day}`;
    let r = cache.get(key);
    if (!r) cache.set(key, (r = buildRoutes(site, day, opts.crawlDelay ?? 1)));
    return r;
  };
  const servers: http.Server[] = [];
  const bases: string[] = [];
  const counts = world.map(() => 0);
  // A truncation due on a request that has no body to cut (redirect, 404, 304) waits for the next one.
  const pendingCut = world.map(() => false);

  const handler = (site: SiteModel) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const time = Date.now();
    const path = req.url ?? '/';
    const entry: FarmRequest = { host: req.headers.host ?? '', path, method: req.method ?? 'GET', time, status: 0, headers: req.headers };
    requests.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let f = path === '/robots.txt' || profile === 'clean' ? null : faultFor(site, ++counts[site.index]!);
      if (f?.kind === 'truncated') pendingCut[site.index] = true;
      if (!f && pendingCut[site.index] && path !== '/robots.txt') f = { kind: 'truncated' };
      if (f && f.kind !== 'truncated') entry.fault = f.kind;
      setTimeout(() => {
        answer(site, req, res, entry, f, Buffer.concat(chunks).toString()).catch((err) => {
          entry.status = 500;
          if (!res.headersSent) res.writeHead(500).end(String(err));
        });
      }, latency + (f?.delayMs ?? 0));
    });
  };

  const answer = async (site: SiteModel, req: http.IncomingMessage, res: http.ServerResponse, entry: FarmRequest, f: Fault | null, form: string) => {
    const send = (status: number, headers: Record<string, string>, body?: Buffer) => {
      entry.status = status;
      if (!res.destroyed) res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : body);
    };
    const path = entry.path;
    if (f?.kind === 'reset') { entry.status = -1; req.socket.destroy(); return; }
    if (f?.status) return send(f.status, { 'content-type': 'text/html; charset=utf-8', ...f.headers }, Buffer.from('<html><body>服务器繁忙，请稍后再试</body></html>'));
    const challenge = path === '/robots.txt' ? null : challengeFor(site);
    if (challenge && profile === 'realistic' && !hasClearance(site, req.headers.cookie)) {
      return send(challenge, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from(challengePage(site)));
    }
    const routes = await routesOf(site);
    const r = routes.get(path) ?? routes.get(path.split('?')[0]!);
    if (!r) return send(404, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from('<html><body><h1>404 Not Found</h1></body></html>'));
    if (r.location) return send(r.status, { location: r.location, 'content-length': '0' });
    if (r.post && !(req.method === 'POST' && req.headers['x-requested-with'] === 'XMLHttpRequest'
      && Object.entries(r.post).every(([k, v]) => new URLSearchParams(form).get(k) === v))) {
      return send(403, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from('<html><body>403 Forbidden</body></html>'));
    }
    const headers: Record<string, string> = { 'content-type': r.contentType };
    if (r.etag) headers.etag = r.etag;
    if (r.lastModified) headers['last-modified'] = r.lastModified.toUTCString();
    if (notModified(req, r)) return send(304, headers);
    if (f?.kind === 'truncated' && r.status === 200) {
      pendingCut[site.index] = false;
      entry.fault = 'truncated';
      // Promise the whole body, send half, hang up.
      entry.status = -2;
      res.writeHead(r.status, { ...headers, 'content-length': String(r.body.length) });
      res.write(r.body.subarray(0, r.body.length >> 1), () => res.destroy());
      return;
    }
    send(r.status, { ...headers, 'content-length': String(r.body.length) }, r.body);
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
    // Every farm site is a county-level government: a county-level city (慈溪市) is 县 too.
    level: '县', listUrls: [new URL(s.listPath, bases[i]!).toString()], style: s.style,
    needsBrowser: s.style === 'browser', charset: s.charset, faults: profile === 'realistic' ? faultKinds(s) : [],
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
    return [{ siteId: s.id, id: `${s.id}/${r.id}`, url: r.movedFrom ? new URL(r.movedFrom, sites[i]!.baseUrl).toString() : finalUrl, finalUrl, year: r.year, template: r.layout.template,
      title: r.title, cells: state.cells, body: r.body, flaws: r.flaws, otherAsOneRow: r.layout.otherAsOneRow, flattened: r.flattened,
      published: r.published, narrative: reportText(s, r, state.cells),
      attachment: r.attachment ? { url: new URL(r.attachment.path, sites[i]!.baseUrl).toString(), format: r.attachment.format } : null }];
  }));
}

export { robotsTxt };
