/**
 * The whole pipeline on the realistic farm: Hanweb lists, reports published
 * only as PDF or DOCX attachments, URL variants, challenges and faults. Every
 * report the farm publishes is loaded once, with the values it states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend } from '../helpers/stores.js';
import { startFarm, type Farm } from '../../src/farm/index.js';
import { crawl, parseSites } from '../../src/crawl/index.js';
import { canonicalUrl } from '../../src/crawl/url.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { runPipeline } from '../../src/pipeline/run.js';
import type { Store } from '../../src/store/open-store.js';

const canon = (u: string) => canonicalUrl(u)!;

describe('nianbao run on the realistic farm', () => {
  let farm: Farm;
  let store: Store;
  beforeAll(async () => {
    farm = await startFarm({ seed: 5, sites: 6, profile: 'realistic', crawlDelay: 0.05 });
    store = await pgliteBackend.open();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await farm?.close();
  });

  it('loads every report, attachments included, with the values it states', async () => {
    const sites = parseSites(farm.sitesYaml(), 'farm-sites.yaml');
    const run = await runPipeline(store, {
      crawl: (s) => crawl(s, { sites, minIntervalMs: 10, backoffBaseMs: 20, backoffMaxMs: 200, timeoutMs: 1000, maxRetryAfterMs: 1500 }),
      extract: { extract, extractorVersion: EXTRACTOR_VERSION },
      check: checkReports,
    });
    const expected = farm.expected(0);
    const files = expected.filter((e) => e.attachment);
    expect(new Set(files.map((f) => f.attachment!.format))).toEqual(new Set(['pdf', 'docx']));
    expect(run.newReports).toBe(expected.length);
    // A report read from an attachment is the attachment's; one read from its page is the page's.
    const rows = await store.db.selectFrom('report_latest as l').innerJoin('report_cells as c', 'c.report_id', 'l.report_id')
      .select(['l.url', 'l.year', 'c.key', 'c.value']).execute();
    const byUrl = new Map<string, { year: number; cells: Record<string, number | null> }>();
    for (const r of rows) {
      const e = byUrl.get(canon(r.url)) ?? { year: r.year, cells: {} };
      e.cells[r.key] = r.value === null ? null : Number(r.value);
      byUrl.set(canon(r.url), e);
    }
    expect(byUrl.size).toBe(expected.length);
    for (const e of expected) {
      const got = byUrl.get(canon(e.attachment?.url ?? e.url));
      expect(got, e.attachment?.url ?? e.url).toBeDefined();
      expect(got!.year).toBe(e.year);
      expect(got!.cells, e.attachment?.url ?? e.url).toEqual(e.cells);
    }
  }, 240_000);
});
