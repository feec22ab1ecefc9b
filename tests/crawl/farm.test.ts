/**
 * Acceptance against the farm (contract 6): real HTTP over loopback to
 * realistic county sites with every list style, charset and fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFarm, type Farm } from '../../src/farm/index.js';
import { pgliteBackend } from '../helpers/stores.js';
import { crawl, parseSites, type Site } from '../../src/crawl/index.js';
import { parseRobots } from '../../src/crawl/robots.js';
import type { Store } from '../../src/store/open-store.js';
import { canonicalUrl } from '../../src/crawl/url.js';
import type { FaultKind } from '../../src/farm/index.js';

const INTERVAL = 15;
const CRAWL_DELAY_MS = 200;
// timeoutMs below the farm's 1.5 s slow answers: those time out and are retried.
const OPTS = { minIntervalMs: INTERVAL, backoffBaseMs: 20, backoffMaxMs: 200, timeoutMs: 1000, maxRetryAfterMs: 2000, breakerCooldownMs: 300, globalConcurrency: 32 };

let farm: Farm;
let sites: Site[];
let store: Store;

beforeAll(async () => {
  // The realistic profile: every list style (Hanweb included), attachment-only reports,
  // URL variants, dead links, resets, truncation, 5xx/429 bursts, slow answers, cookie challenges.
  farm = await startFarm({ seed: 1, sites: 10, profile: 'realistic', crawlDelay: CRAWL_DELAY_MS / 1000 });
  sites = parseSites(farm.sitesYaml(), 'farm.yaml');
  store = await pgliteBackend.open();
});
afterAll(async () => {
  await store?.close();
  await farm?.close();
});

const canon = (u: string) => canonicalUrl(u)!;
/** Stored report pages, by canonical URL (a page first met under a variant spelling is stored under it). */
const reportUrls = async (s: Store) => {
  const rows = await s.db.selectFrom('documents').select('url').where('kind', '=', 'report').execute();
  return [...new Set(rows.map((r) => canon(r.url)))].sort();
};
const hostOf = (siteId: string) => new URL(farm.sites.find((s) => s.id === siteId)!.baseUrl).host;

describe('crawl the realistic farm', () => {
  let t0 = 0;
  it('finds every report of every site, stores nothing else as a report, and stays polite', async () => {
    // Every list style, the browser-only one (Chromium) included.
    expect(new Set(farm.sites.map((x) => x.style))).toEqual(new Set(['trs', 'json', 'hanweb', 'browser']));
    t0 = Date.now();
    const s = await crawl(store, { ...OPTS, sites });
    expect(await reportUrls(store)).toEqual(farm.expected(0).map((e) => canon(e.url)).sort());
    expect(s.finished).toBe(true);
    // The only pages not stored are the dead links every list still carries: the even sites'
    // answer 404, the odd sites' 200 with 页面不存在 (a soft 404). Both are gone: they rest
    // until their re-check is due, two days on.
    const rows = await store.db.selectFrom('frontier').select(['url', 'state', 'last_error', 'gone_since', 'next_attempt_at', 'last_fetched_at'])
      .where('state', 'in', ['failed', 'skipped', 'gone']).execute();
    const dead = (i: number) => rows.find((r) => r.url.endsWith(`/old/t20200325_${i}.html`));
    expect(rows.map((r) => r.state)).toEqual(farm.sites.map(() => 'gone'));
    farm.sites.forEach((_s, i) => expect(dead(i), `site ${i}`).toMatchObject({ state: 'gone', last_error: i % 2 === 0 ? 'HTTP 404' : expect.stringMatching(/^soft 404/) }));
    for (const r of rows) expect(new Date(r.next_attempt_at).getTime() - new Date(r.last_fetched_at!).getTime()).toBeGreaterThanOrEqual(2 * 86_400_000 - 1000);
    const reqs = farm.requests.filter((r) => r.time >= t0);
    const byHost = new Map<string, number[]>();
    for (const r of reqs) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r.time]);
    expect(byHost.size).toBe(farm.sites.length);
    for (const [host, times] of byHost) {
      times.sort((a, b) => a - b);
      // robots.txt first, then never faster than its Crawl-delay (timers may fire a millisecond early).
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, host).toBeGreaterThanOrEqual(CRAWL_DELAY_MS - 2);
    }
    for (const site of farm.sites) {
      const res = await fetch(new URL('/robots.txt', site.baseUrl));
      const robots = parseRobots(new URL('/robots.txt', site.baseUrl).toString(), await res.text());
      const host = new URL(site.baseUrl).host;
      const bad = reqs.filter((r) => r.host === host && r.path !== '/robots.txt' && !robots.isAllowed(new URL(r.path, site.baseUrl).toString()));
      expect(bad, site.id).toEqual([]);
    }
  }, 90_000);

  it('survives every fault with the right outcome, and fetches each page once', async () => {
    const log = await store.db.selectFrom('fetch_log').select(['url', 'host', 'status', 'outcome']).execute();
    // Settled: fetched in the end, or found gone (a dead link's 404 or soft 404).
    const settled = new Set((await store.db.selectFrom('frontier').select(['url', 'state', 'last_error']).execute())
      .filter((r) => r.state === 'done' || r.state === 'skipped' || r.state === 'gone').map((r) => canon(r.url)));
    const expectations: Record<FaultKind, (l: (typeof log)[number]) => boolean> = {
      reset: (l) => l.outcome === 'network',
      truncated: (l) => l.outcome === 'truncated',
      'http-500': (l) => l.outcome === 'http-error' && l.status === 500,
      'http-503': (l) => l.outcome === 'retry-after' && l.status === 503,
      'http-429': (l) => l.outcome === 'retry-after' && l.status === 429,
      slow: (l) => l.outcome === 'timeout',
      'challenge-521': (l) => l.outcome === 'challenge-solved' && l.status === 521,
      'challenge-412': (l) => l.outcome === 'challenge-solved' && l.status === 412,
    };
    // The log holds each request, a redirect's target included; the frontier holds the linked address.
    const linked = new Map(farm.expected(0).map((e) => [canon(e.finalUrl), canon(e.url)]));
    for (const site of farm.sites) {
      const host = new URL(site.baseUrl).host;
      for (const kind of site.faults) {
        const hits = log.filter((l) => l.host === host && expectations[kind](l));
        expect(hits.length, `${site.id} ${kind}`).toBeGreaterThan(0);
        // Survived: no URL that met the fault was lost to it.
        for (const h of hits) expect(settled.has(canon(h.url)) || settled.has(linked.get(canon(h.url)) ?? ''), `${kind} ${h.url}`).toBe(true);
      }
    }
    // 429 with Retry-After: 1 — the host was left alone for that second.
    const site429 = farm.sites.find((s) => s.faults.includes('http-429'))!;
    const reqs429 = farm.requests.filter((r) => r.time >= t0 && r.host === new URL(site429.baseUrl).host);
    const i429 = reqs429.findIndex((r) => r.status === 429);
    expect(reqs429[i429 + 1]!.time - reqs429[i429]!.time).toBeGreaterThanOrEqual(990);
    // After a challenge, the site's requests carry the solved cookie.
    for (const site of farm.sites.filter((s) => s.faults.some((f) => f.startsWith('challenge')))) {
      const mine = farm.requests.filter((r) => r.time >= t0 && r.host === new URL(site.baseUrl).host && r.path !== '/robots.txt');
      // Challenged until the solved cookie is first sent (a request already on its way may be
      // challenged too); from then on every request carries it and none is challenged.
      const first = mine.findIndex((r) => /__jsl_clearance_s=/.test(String(r.headers.cookie)));
      expect(first, site.id).toBeGreaterThan(0);
      expect(mine.slice(0, first).every((r) => r.status === 521 || r.status === 412)).toBe(true);
      expect(mine.slice(first).every((r) => /__jsl_clearance_s=/.test(String(r.headers.cookie)) && r.status !== 521 && r.status !== 412)).toBe(true);
    }
    // Soft 404s are recorded as such and never stored as reports.
    const soft = log.filter((l) => l.outcome === 'soft404').map((l) => l.url);
    expect(soft).toHaveLength(farm.sites.length / 2);
    const reports = new Set((await store.db.selectFrom('documents').select('url').where('kind', '=', 'report').execute()).map((d) => d.url));
    for (const u of soft) expect(reports.has(u), u).toBe(false);
    // Duplicate links and URL variants: no page was served twice, unless the crawler's
    // first attempt failed (timed out, cut off) and it asked again. A slow answer the crawler
    // had given up on does not count; neither do the browser list's own requests (list and
    // data), which are fetched again whenever a render is retried.
    const retried = new Set(log.filter((l) => !['ok', 'not-modified', 'robots', 'soft404', 'redirect', 'subrequest'].includes(l.outcome)).map((l) => canon(l.url)));
    const browserHost = new URL(farm.sites.find((x) => x.needsBrowser)!.baseUrl).host;
    const served = farm.requests.filter((r) => r.time >= t0 && r.status === 200 && r.path !== '/robots.txt' && !r.fault)
      .filter((r) => r.host !== browserHost || /\/info\/1024\//.test(r.path))
      .map((r) => canon(`http://${r.host}${r.path}`));
    const twice = served.filter((u, i) => served.indexOf(u) !== i);
    expect(twice.filter((u) => !retried.has(u))).toEqual([]);
    expect(served.length - twice.length).toBeGreaterThan(farm.expected(0).length);
  });

  it('reads Hanweb columns through dataproxy POSTs and stores attachments under their pages', async () => {
    const hanweb = farm.sites.find((s) => s.style === 'hanweb')!;
    const posts = farm.requests.filter((r) => r.host === new URL(hanweb.baseUrl).host && r.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((p) => p.headers.referer === hanweb.listUrls[0] && p.headers['x-requested-with'] === 'XMLHttpRequest')).toBe(true);
    // Every group was answered in the end (a reset or cut on the way is retried).
    const groups = new Set(posts.map((p) => p.path));
    expect(groups.size).toBeGreaterThan(0);
    for (const g of groups) expect(posts.some((p) => p.path === g && p.status === 200), g).toBe(true);
    const files = farm.expected(0).filter((e) => e.attachment);
    expect(files.length).toBeGreaterThan(2);
    const docs = await store.db.selectFrom('documents as d').leftJoin('documents as p', 'p.id', 'd.parent_id')
      .select(['d.url', 'd.kind', 'd.content_type', 'p.url as parent']).where('d.kind', '=', 'attachment').execute();
    for (const e of files) {
      const d = docs.find((x) => x.url === e.attachment!.url);
      expect(d, e.attachment!.url).toBeDefined();
      expect([canon(e.url), canon(e.finalUrl)]).toContain(canon(d!.parent!));
      expect(d!.content_type).toMatch(e.attachment!.format === 'pdf' ? /pdf/ : /wordprocessingml/);
    }
  });

  it('decodes the GBK site', async () => {
    const gbk = farm.sites.filter((s) => /gb/i.test(s.charset));
    expect(gbk.length).toBeGreaterThan(0);
    const expected = farm.expected(0).filter((e) => gbk.some((g) => g.id === e.siteId));
    const docs = await store.db.selectFrom('documents').select(['url', 'title', 'charset']).where('url', 'in', expected.map((e) => e.url)).execute();
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      expect(d.charset).toBe('gb18030');
      expect(d.title).toContain(expected.find((e) => e.url === d.url)!.title.slice(0, 8));
    }
  });

  it('on the next day fetches only what changed and versions edited reports', async () => {
    const before = farm.expected(0);
    farm.setDay(1);
    const after = farm.expected(1);
    const s = await crawl(store, { ...OPTS, sites });
    expect(await reportUrls(store)).toEqual([...new Set([...before, ...after].map((e) => canon(e.url)))].sort());
    const edited = after.filter((a) => before.some((b) => b.url === a.url && JSON.stringify(b.cells) !== JSON.stringify(a.cells)));
    expect(s.notModified).toBeGreaterThan(0);
    expect(s.newVersions).toBeGreaterThanOrEqual(edited.length);
    // An attachment-only report is edited in its file; its page stays the same (and answers 304).
    expect(edited.some((e) => e.attachment)).toBe(true);
    for (const e of edited) {
      const where = e.attachment?.url ?? e.url;
      const v = (await store.db.selectFrom('documents').select(['url', 'version', 'first_seen_at']).orderBy('version').execute())
        .filter((d) => canon(d.url) === canon(where));
      expect(v.length, where).toBeGreaterThanOrEqual(2);
      expect(v.at(-1)!.first_seen_at.getTime()).toBe(v[0]!.first_seen_at.getTime());
    }
  }, 90_000);
});
