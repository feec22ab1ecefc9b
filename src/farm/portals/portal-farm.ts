/**
 * The `portals` farm profile: county portals whose 年报 columns must be found
 * from the home page. Each portal has one to six hosts (the portal, an 信息公开
 * host, township sub-sites), each on its own loopback address; the structure of
 * every portal is built at start (small), its routes per day on first request
 * (a few hundred portals kept), its pages when requested. The realistic
 * profile's faults and cookie challenges apply per host; some portals
 * challenge robots.txt as well.
 */
import http from 'node:http';
import net from 'node:net';
import { stringify } from 'yaml';
import type { ExpectedReport, Farm, FarmRequest, FarmSite } from '../index.js';
import { listen, loopbackOf, notModified } from '../listen.js';
import { pickCounties } from '../regions.js';
import { rng } from '../../synth/random.js';
import { challengeFor, challengePage, faultFor, faultKinds, hasClearance, type Fault } from '../faults.js';
import { robotsTxt } from '../routes.js';
import { hanwebColumn, MAX_DAY, type SiteModel } from '../world.js';
import { buildPortal, type PortalModel, type PortalSizing } from './portal-model.js';
import { listEntry } from './portal-paths.js';
import { portalRoutes } from './portal-routes.js';
import { expectedColumns, expectedOthers, expectedReports, type ExpectedColumn, type ExpectedOther, type Placed } from './portal-truth.js';
import type { RouteTable } from './route-table.js';

export interface PortalFarmOptions {
  seed?: number;
  /** Number of portals. */
  sites?: number;
  day?: number;
  /** Port shared by all hosts (0 = any free one). */
  basePort?: number;
  crawlDelay?: number;
  latencyMs?: number;
  sizing?: PortalSizing;
  /** The realistic profile's per-host faults and cookie challenges (default true). */
  faults?: boolean;
  /** Keep each request's headers in `requests` (default true; a 3,000-portal benchmark may not want them). */
  recordHeaders?: boolean;
}

/**
 * Hosts of the farm that are not portals, for `sites check`: one that never
 * answers, one whose robots.txt shuts it, one that is gone, one behind a
 * script challenge only a browser passes, one whose TLS handshake always fails (a
 * 国密-only server, say: no protocol or cipher in common, whatever the client offers).
 */
export type SpecialHost = 'tarpit' | 'closed' | 'gone' | 'wall' | 'tls';

export interface PortalFarm extends Farm {
  readonly portals: readonly PortalModel[];
  /** Every 年报 column on `day` (default: today). */
  columns(day?: number): ExpectedColumn[];
  /** Items in the columns that are not template reports. */
  others(day?: number): ExpectedOther[];
  /** Base URLs of each portal's hosts. */
  hostsOf(siteId: string): string[];
  /** A registry CSV (region code, name, portal URL) of the portals, plus `broken` rows failing for each cause in turn. */
  portalsCsv(broken?: number): string;
}

interface HostRef { readonly portal: PortalModel | null; readonly host: number; readonly g: number; readonly special?: SpecialHost; readonly site: SiteModel }

const SPECIALS: readonly SpecialHost[] = ['tarpit', 'closed', 'gone', 'wall', 'tls'];

/** A TLS fatal alert, handshake_failure (40): what a server with nothing in common answers a ClientHello with. */
const HANDSHAKE_FAILURE = Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28]);

/** 瑞数-style: the cookie comes out of obfuscated code, not a string expression. */
const WALL = '<html><head><meta charset="utf-8"></head><body><script>var $_ts=window[\'$_ts\']||{};(function(_0x){var k=_0x.split(\'\').reverse().join(\'\');'
  + 'document.cookie=\'FSSBBIl1UgzbN7N80S=\'+btoa(k)+\'; path=/\';location.reload();})(navigator.userAgent);</script></body></html>';

export async function startPortalFarm(opts: PortalFarmOptions = {}): Promise<PortalFarm> {
  const seed = opts.seed ?? 1;
  const n = opts.sites ?? 10;
  const faults = opts.faults ?? true;
  const counties = pickCounties(rng(seed, 'counties'), n);
  const portals = counties.map((c, i) => buildPortal(seed, i, c, opts.sizing));
  const hosts: HostRef[] = [];
  const firstHost: number[] = [];
  for (const p of portals) {
    firstHost.push(hosts.length);
    for (let h = 0; h < p.hostCount; h++) hosts.push({ portal: p, host: h, g: hosts.length, site: hostSite(p, hosts.length) });
  }
  for (const special of SPECIALS) hosts.push({ portal: null, host: 0, g: hosts.length, special, site: hostSite(null, hosts.length) });
  let day = Math.min(Math.max(0, opts.day ?? 0), MAX_DAY);
  const requests: FarmRequest[] = [];
  const counts = hosts.map(() => 0);
  const bases: string[] = [];
  const url = (p: PortalModel) => (host: number, path: string) => new URL(path, bases[firstHost[p.index]! + host]!).toString();
  const neighbours = (p: PortalModel) => p.neighbours.filter((k) => k < portals.length && k !== p.index)
    .map((k) => ({ text: portals[k]!.govName, href: bases[firstHost[k]!]! }));
  const tables = new Map<string, RouteTable>();
  const routesOf = (p: PortalModel): RouteTable => {
    const key = `${p.index}:${day}`;
    let t = tables.get(key);
    if (t) {
      tables.delete(key);
    } else {
      t = portalRoutes(p, day, { url: url(p), neighbours: neighbours(p) });
      // Every portal's table stays cached: a crawl visits portals interleaved, so a smaller
      // cache would rebuild a table on nearly every request at national scale (3,000 portals).
      if (tables.size >= Math.max(256, portals.length)) tables.delete(tables.keys().next().value!);
    }
    tables.set(key, t);
    return t;
  };

  const handler = (ref: HostRef) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = req.url ?? '/';
    const entry: FarmRequest = { host: req.headers.host ?? '', path, method: req.method ?? 'GET', time: Date.now(), status: 0, headers: opts.recordHeaders === false ? {} : req.headers };
    requests.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const f = faults && path !== '/robots.txt' && !ref.special ? faultFor(ref.site, ++counts[ref.g]!) : null;
      if (f) entry.fault = f.kind;
      if (ref.special === 'tarpit') return; // accepts, never answers
      setTimeout(() => {
        answer(ref, req, res, entry, f, Buffer.concat(chunks).toString()).catch((err) => {
          entry.status = 500;
          if (!res.headersSent) res.writeHead(500).end(String(err));
        });
      }, (opts.latencyMs ?? 0) + (f?.delayMs ?? 0));
    });
  };

  const answer = async (ref: HostRef, req: http.IncomingMessage, res: http.ServerResponse, entry: FarmRequest, f: Fault | null, form: string) => {
    const send = (status: number, headers: Record<string, string>, body?: Buffer) => {
      entry.status = status;
      if (!res.destroyed) res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : body);
    };
    const html = (status: number, text: string) => send(status, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from(text));
    const path = entry.path;
    if (f?.kind === 'reset') { entry.status = -1; req.socket.destroy(); return; }
    if (f?.status) return send(f.status, { 'content-type': 'text/html; charset=utf-8', ...f.headers }, Buffer.from('<html><body>服务器繁忙，请稍后再试</body></html>'));
    if (ref.special === 'gone') return html(404, '<html><body><h1>404 Not Found</h1></body></html>');
    if (ref.special === 'wall' && path !== '/robots.txt') return html(412, WALL);
    const p = ref.portal;
    const cleared = hasClearance(ref.site, req.headers.cookie);
    // A challenged host answers everything with the challenge until its cookie is sent; some also robots.txt.
    const challenge = faults ? challengeFor(ref.site) ?? (p?.robotsChallenge && ref.host === 0 ? 521 : null) : null;
    if (path === '/robots.txt') {
      if (challenge && p?.robotsChallenge && !cleared) return html(challenge, challengePage(ref.site));
      const text = ref.special === 'closed' ? 'User-agent: *\nDisallow: /\n' : robotsTxt('realistic', opts.crawlDelay ?? 1);
      return send(200, { 'content-type': 'text/plain' }, Buffer.from(text));
    }
    if (challenge && !cleared) return html(challenge, challengePage(ref.site));
    if (!p) return html(200, '<html><head><meta charset="utf-8"><title>政府网站</title></head><body>本站暂停服务</body></html>');
    const t = routesOf(p);
    const proxy = req.method === 'POST' ? new URLSearchParams(form).get('columnid') ?? undefined : undefined;
    const r = t.get(ref.host, path, proxy);
    if (!r) return html(404, '<html><body><h1>404 Not Found</h1></body></html>');
    if (r.location !== undefined) return send(r.status, { location: r.location, 'content-length': '0' });
    if (r.columnid && !(req.method === 'POST' && req.headers['x-requested-with'] === 'XMLHttpRequest')) return html(403, '<html><body>403 Forbidden</body></html>');
    // Pages with a content key (reports, files) answer 304 without being rendered.
    const cheap = t.validators(r);
    if (cheap.etag && notModified(req, cheap)) return send(304, { etag: cheap.etag, 'last-modified': cheap.lastModified!.toUTCString() });
    const reply = await t.reply(r);
    const headers: Record<string, string> = { 'content-type': reply.contentType, etag: reply.etag!, 'last-modified': reply.lastModified!.toUTCString() };
    if (notModified(req, reply)) return send(304, headers);
    if (f?.kind === 'truncated') {
      entry.status = -2;
      res.writeHead(200, { ...headers, 'content-length': String(reply.body.length) });
      res.write(reply.body.subarray(0, reply.body.length >> 1), () => res.destroy());
      return;
    }
    send(reply.status, { ...headers, 'content-length': String(reply.body.length) }, reply.body);
  };

  const servers: Array<http.Server | net.Server> = [];
  let port = opts.basePort ?? 0;
  try {
    for (const ref of hosts) {
      const server = ref.special === 'tls'
        ? net.createServer((socket) => { socket.on('error', () => {}); socket.once('data', () => socket.end(HANDSHAKE_FAILURE)); })
        : http.createServer(handler(ref));
      servers.push(server);
      port = await listen(server, port, loopbackOf(ref.g));
      bases.push(`http://${loopbackOf(ref.g)}:${port}/`);
    }
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw new Error(`farm: cannot bind host ${bases.length} (${(err as Error).message}); the portals profile needs 127.0.0.0/8 on loopback`);
  }

  const sites: FarmSite[] = portals.map((p) => ({
    id: p.id, baseUrl: bases[firstHost[p.index]!]!, bodyName: p.govName, regionCode: p.county.code, regionName: p.county.name,
    level: '县', listUrls: [], style: p.family === 'hanweb' ? 'hanweb' : 'trs', needsBrowser: false, charset: p.charset,
    faults: faults ? faultKinds(hosts[firstHost[p.index]!]!.site) : [],
  }));
  const siteFor = (c: Placed): SiteModel => ({ ...hosts[firstHost[c.portal.index]! + c.place.host]!.site,
    bodyName: c.owner && c.owner.host > c.portal.hubHost ? c.owner.name : c.portal.govName,
    index: c.place.list === 'hanweb' ? c.place.uid - hanwebColumn(0) : c.portal.index, listPath: listEntry(c.portal, c.place) });
  const clamp = (d: number) => Math.min(Math.max(0, Math.floor(d)), MAX_DAY);

  return {
    sites, requests, portals,
    get day() { return day; },
    setDay(d: number) { day = clamp(d); },
    sitesYaml: () => stringify({ sites: sites.map((s) => ({ id: s.id, base_url: s.baseUrl, body: s.bodyName, region_code: s.regionCode, region_name: s.regionName, level: s.level })) }),
    expected: (d = day): ExpectedReport[] => portals.flatMap((p) => expectedReports(p, clamp(d), url(p), siteFor)),
    columns: (d = day) => portals.flatMap((p) => expectedColumns(p, clamp(d), url(p))),
    others: (d = day) => portals.flatMap((p) => expectedOthers(p, clamp(d), url(p))),
    hostsOf: (id) => { const p = portals.find((x) => x.id === id); return p ? bases.slice(firstHost[p.index]!, firstHost[p.index]! + p.hostCount) : []; },
    portalsCsv: (broken = 0) => portalsCsv(portals, sites, bases, hosts, broken, port),
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => { if (s instanceof http.Server) s.closeAllConnections(); s.close(() => r()); }))).then(() => undefined),
  };
}

/** The renderers' site for a host: its index keys the realistic profile's faults and challenges. */
function hostSite(p: PortalModel | null, g: number): SiteModel {
  return {
    index: g, id: p?.id ?? `special-${g}`, county: p?.county ?? { code: '000000', name: '', provinceName: '', cityName: '', level: '县' },
    bodyName: p?.govName ?? '', style: 'trs', charset: p?.charset ?? 'utf-8', listPath: '/', profile: 'realistic', reports: [], notices: [],
  };
}

const CAUSES = ['refused', 'tls', 'timeout', '404', 'robots', 'challenge'] as const;

function portalsCsv(portals: readonly PortalModel[], sites: readonly FarmSite[], bases: readonly string[], hosts: readonly HostRef[], broken: number, port: number): string {
  const lines = ['region_code,name,portal_url,note'];
  for (const s of sites) lines.push(`${s.regionCode},${s.bodyName},${s.baseUrl}`);
  const special = (k: SpecialHost) => bases[hosts.findIndex((h) => h.special === k)]!;
  for (let i = 0; i < broken; i++) {
    const p = portals[i % portals.length]!;
    const cause = CAUSES[i % CAUSES.length]!;
    const u = cause === 'refused' ? `http://127.0.250.${1 + (i % 250)}:${port}/`
      : cause === 'tls' ? special('tls').replace(/^http:/, 'https:')
        : cause === 'timeout' ? special('tarpit')
          : cause === '404' ? special('gone')
            : cause === 'robots' ? special('closed')
              : special('wall');
    lines.push(`${p.county.code},${p.govName},${u},${cause}`);
  }
  return `${lines.join('\n')}\n`;
}
