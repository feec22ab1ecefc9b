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

const INTERVAL = 15;
const OPTS = { minIntervalMs: INTERVAL, backoffBaseMs: 20, backoffMaxMs: 200, timeoutMs: 5000, maxRetryAfterMs: 2000, breakerCooldownMs: 300, globalConcurrency: 32 };

let farm: Farm;
let sites: Site[];
let store: Store;

beforeAll(async () => {
  // The realistic profile: Retry-After faults, slow answers, robots Crawl-delay.
  farm = await startFarm({ seed: 1, sites: 6, profile: 'realistic' });
  sites = parseSites(farm.sitesYaml(), 'farm.yaml');
  store = await pgliteBackend.open();
});
afterAll(async () => {
  await store?.close();
  await farm?.close();
});

/** Stored report URLs: the addresses the lists link (an old alias that 301s stays the document's URL). */
const reportUrls = async (s: Store) => {
  const rows = await s.db.selectFrom('documents').select('url').where('kind', '=', 'report').execute();
  return [...new Set(rows.map((r) => r.url))].sort();
};

describe('crawl the farm', () => {
  it('finds every report of every site, stores nothing else as a report, and stays polite', async () => {
    const t0 = Date.now();
    const s = await crawl(store, { ...OPTS, sites });
    expect(await reportUrls(store)).toEqual(farm.expected(0).map((e) => e.url).sort());
    expect(s.finished).toBe(true);
    expect(s.failed).toBe(0);
    // The realistic profile's 503/429 with Retry-After were survived, not given up on.
    const outcomes = new Set((await store.db.selectFrom('fetch_log').select('outcome').execute()).map((r) => r.outcome));
    expect(outcomes.has('retry-after')).toBe(true);
    const reqs = farm.requests.filter((r) => r.time >= t0);
    const byHost = new Map<string, number[]>();
    for (const r of reqs) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r.time]);
    for (const [host, times] of byHost) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, host).toBeGreaterThanOrEqual(INTERVAL - 2);
    }
    for (const site of farm.sites) {
      const res = await fetch(new URL('/robots.txt', site.baseUrl));
      if (!res.ok) continue;
      const robots = parseRobots(new URL('/robots.txt', site.baseUrl).toString(), await res.text());
      const host = new URL(site.baseUrl).host;
      const bad = reqs.filter((r) => r.host === host && r.path !== '/robots.txt' && !robots.isAllowed(new URL(r.path, site.baseUrl).toString()));
      expect(bad, site.id).toEqual([]);
    }
  }, 90_000);

  it('decodes the GBK site', async () => {
    const gbk = farm.sites.filter((s) => /gb/i.test(s.charset));
    expect(gbk.length).toBeGreaterThan(0);
    const expected = farm.expected(0).filter((e) => gbk.some((g) => g.id === e.siteId));
    const docs = await store.db.selectFrom('documents').select(['url', 'title', 'charset']).where('url', 'in', expected.map((e) => e.url)).execute();
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
    expect(await reportUrls(store)).toEqual([...new Set([...before, ...after].map((e) => e.url))].sort());
    const edited = after.filter((a) => before.some((b) => b.url === a.url && JSON.stringify(b.cells) !== JSON.stringify(a.cells)));
    expect(s.notModified).toBeGreaterThan(0);
    expect(s.newVersions).toBeGreaterThanOrEqual(edited.length);
    for (const e of edited) {
      const v = await store.db.selectFrom('documents').select(['version', 'first_seen_at']).where('url', '=', e.url).orderBy('version').execute();
      expect(v.length, e.url).toBeGreaterThanOrEqual(2);
      expect(v.at(-1)!.first_seen_at.getTime()).toBe(v[0]!.first_seen_at.getTime());
    }
  }, 90_000);
});
