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
import { startPortalFarm, type PortalFarm } from '../../src/farm/index.js';
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

  for (const day of [0, 1]) {
    it(`day ${day}: every published report loaded, with its year and body, and nothing else`, async () => {
      farm.setDay(day);
      const from = farm.requests.length;
      await runPipeline(store, stages);
      const c = await portalCoverage(store.db, { reports: farm.expected(day), columns: farm.columns(day), others: farm.others(day) });
      expect(c.misses.map((m) => `${m.stage} ${m.url} ${m.detail}`)).toEqual([]);
      expect(c.loaded).toBe(farm.expected(day).length);
      expect([...c.wrongYear, ...c.wrongBody].map((m) => m.detail)).toEqual([]);
      expect(c.othersLoaded.map((o) => o.url)).toEqual([]);
      expect(c.columns.missed.map((m) => m.listUrl)).toEqual([]);
      expect(totalViolations(politeness(farm.requests.slice(from), INTERVAL))).toBe(0);
    }, 300_000);
  }
});
