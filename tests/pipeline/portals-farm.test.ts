/**
 * The column finder's acceptance in small, in `npm test`: portals given by their home
 * pages only — columns behind iframes, meta refreshes and script redirects, central
 * columns with sub-columns, township sub-sites, robots.txt behind a challenge, the
 * realistic profile's faults — crawled, extracted and loaded on day 0 and day 1 (moved
 * columns, additions); every published report accounted for, none with a wrong year or
 * body, no notice or 2018 free-form report loaded as a report, no politeness violation.
 * `npm run bench:portals` runs the same audit on 200 portals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend } from '../helpers/stores.js';
import { startPortalFarm, type FarmRequest, type PortalFarm } from '../../src/farm/index.js';
import { crawl, parseSites } from '../../src/crawl/index.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { runPipeline, type PipelineStages } from '../../src/pipeline/run.js';
import type { Store } from '../../src/store/open-store.js';
import { portalCoverage } from '../../bench/measure/portal-coverage.js';
import { politeness, totalViolations } from '../../bench/measure/politeness.js';

const INTERVAL = 30;

describe('nianbao run on county portals from their home pages', () => {
  let farm: PortalFarm;
  let store: Store;
  let stages: PipelineStages;
  beforeAll(async () => {
    farm = await startPortalFarm({ seed: 14, sites: 6, crawlDelay: 0, sizing: { bodies: [4, 8], years: [1, 2] } });
    store = await postgresBackend.open();
    const sites = parseSites(farm.sitesYaml(), 'portals.yaml');
    stages = {
      crawl: (s) => crawl(s, { sites, minIntervalMs: INTERVAL, backoffBaseMs: 20, timeoutMs: 5000, browser: false, fresh: true }),
      extract: { extract, extractorVersion: EXTRACTOR_VERSION },
      check: checkReports,
    };
  }, 60_000);
  afterAll(async () => { await store?.close(); await farm?.close(); });

  it('the farm holds the structures the finder must pass', () => {
    const reach = new Set(farm.portals.flatMap((p) => p.bodies.flatMap((b) => (b.column ? [b.column.reach] : []))));
    expect(reach).toEqual(new Set(['direct', 'iframe', 'refresh', 'script']));
    expect(farm.portals.some((p) => p.robotsChallenge)).toBe(true);
    expect(farm.portals.some((p) => p.central)).toBe(true);
    expect(farm.portals.some((p) => p.bodies.some((b) => b.column?.move))).toBe(true);
    expect(farm.others(0).length).toBeGreaterThan(0);
  });

  /** The farm's requests of each night. */
  const nights: FarmRequest[][] = [];
  for (const day of [0, 1]) {
    it(`day ${day}: every published report loaded, with its year and body, and nothing else`, async () => {
      farm.setDay(day);
      const from = farm.requests.length;
      await runPipeline(store, stages);
      nights.push(farm.requests.slice(from));
      const c = await portalCoverage(store.db, { reports: farm.expected(day), columns: farm.columns(day), others: farm.others(day) });
      expect(c.misses.map((m) => `${m.stage} ${m.url} ${m.detail}`)).toEqual([]);
      expect(c.loaded).toBe(farm.expected(day).length);
      expect([...c.wrongYear, ...c.wrongBody].map((m) => m.detail)).toEqual([]);
      expect(c.othersLoaded.map((o) => o.url)).toEqual([]);
      expect(c.columns.missed.map((m) => m.listUrl)).toEqual([]);
      expect(totalViolations(politeness(farm.requests.slice(from), INTERVAL))).toBe(0);
    }, 300_000);
  }

  it('day 1 asks each report page once: a moved report\'s old address is not followed to the new one its list gives', () => {
    const asked = new Map<string, number>();
    for (const q of nights[1]!) if (q.method === 'GET') asked.set(`${q.host}${q.path}`, (asked.get(`${q.host}${q.path}`) ?? 0) + 1);
    const moved = farm.columns(1).filter((c) => c.movedFrom);
    expect(moved.length).toBeGreaterThan(0);
    const pages = farm.expected(1).map((e) => new URL(e.attachment?.url ?? e.url)).map((u) => `${u.host}${u.pathname}`);
    expect(pages.filter((p) => (asked.get(p) ?? 0) > 1)).toEqual([]);
    // The old addresses were asked (so their redirects were seen) and answered 301 or 404.
    expect(nights[1]!.filter((q) => q.status === 301).length).toBeGreaterThan(0);
  });

  it('the night after, pages found gone rest: no request for an address that answered 404, a soft 404 or a lasting redirect', async () => {
    const gone = await store.db.selectFrom('frontier').select(['url', 'last_status']).where('state', '=', 'gone').execute();
    // Reports and columns dropped in the move (404); the revamp test (tests/crawl/revamp.test.ts) has the redirects.
    expect(gone.length).toBeGreaterThan(0);
    const from = farm.requests.length;
    await runPipeline(store, stages);
    const night = farm.requests.slice(from);
    const restingPaths = new Set(gone.map((g) => { const u = new URL(g.url); return `${u.host}${u.pathname}`; }));
    expect(night.filter((q) => restingPaths.has(`${q.host}${q.path}`)).map((q) => q.path)).toEqual([]);
    // Everything else was re-checked, conditionally: the live reports all answered 304.
    const pages = new Set(farm.expected(1).map((e) => new URL(e.attachment?.url ?? e.url)).map((u) => `${u.host}${u.pathname}`));
    const toPages = night.filter((q) => pages.has(`${q.host}${q.path}`));
    expect(toPages.length).toBe(pages.size);
    expect(toPages.filter((q) => q.status !== 304).map((q) => `${q.status} ${q.path}`)).toEqual([]);
    expect(nights[1]!.length - night.length).toBeGreaterThanOrEqual(gone.length);
  }, 300_000);
});
