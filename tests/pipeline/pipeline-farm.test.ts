/**
 * End to end on the farm: crawl → extract → load → check, twice on day 0
 * (idempotent) and once on day 1 (edits, new and removed reports), on both
 * backends. The farm's ground truth says what every run must find.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import { startFarm, type ExpectedReport, type Farm } from '../../src/farm/index.js';
import { crawl, parseSites } from '../../src/crawl/index.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { runPipeline, type PipelineStages } from '../../src/pipeline/run.js';
import type { Store } from '../../src/store/open-store.js';

const FLAW_RULE = { 'balance': /^identity\.b\./, 'narrative-figure': /^narrative\./, 'wrong-level': /^region\.level_word/ } as const;

describe.each(BACKENDS)('nianbao run on the farm ($name)', (backend) => {
  let farm: Farm;
  let store: Store;
  let stages: PipelineStages;
  beforeAll(async () => {
    farm = await startFarm({ seed: 11, sites: 5, day: 0, basePort: 0 });
    store = await backend.open();
    const sites = parseSites(farm.sitesYaml(), 'farm-sites.yaml');
    stages = {
      crawl: (s) => crawl(s, { sites, minIntervalMs: 10, backoffBaseMs: 20, timeoutMs: 5000 }),
      extract: { extract, extractorVersion: EXTRACTOR_VERSION },
      check: checkReports,
    };
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await farm?.close();
  });

  const latest = () => store.db.selectFrom('report_latest').select(['report_id', 'url', 'year', 'body']).execute();

  it('day 0: finds every report the farm publishes, with its values and the flaws planted in it', async () => {
    const run = await runPipeline(store, stages);
    const expected = farm.expected(0);
    expect(run.newReports).toBe(expected.length);
    expect(run.changedReports).toBe(0);
    const rows = await latest();
    expect(rows.map((r) => r.url).sort()).toEqual(expected.map((e) => e.url).sort());
    for (const e of expected) await expectCells(store, e);
    for (const e of expected.filter((x) => x.flaws.length > 0)) {
      const flags = await flagsOf(store, e.url);
      for (const flaw of e.flaws) expect(flags.some((f) => FLAW_RULE[flaw].test(f)), `${e.url} ${flaw}: ${flags}`).toBe(true);
    }
    // Sound reports carry no arithmetic or narrative flag.
    for (const e of expected.filter((x) => x.flaws.length === 0)) {
      const flags = await flagsOf(store, e.url);
      expect(flags.filter((f) => /^(identity|narrative)\./.test(f)), e.url).toEqual([]);
    }
  }, 240_000);

  it('day 0 again: nothing new, nothing rewritten', async () => {
    const versions = await countVersions(store);
    const run = await runPipeline(store, stages);
    expect(run.newReports).toBe(0);
    expect(run.changedReports).toBe(0);
    expect(run.extract.documents).toBe(0);
    expect(run.check.reportsReflagged).toBe(0);
    expect(await countVersions(store)).toBe(versions);
  }, 240_000);

  it('day 1: edited reports get a new version and supersede the old report, which stays queryable', async () => {
    const before = farm.expected(0);
    farm.setDay(1);
    const after = farm.expected(1);
    const old = new Map(before.map((e) => [e.url, e]));
    const edited = after.filter((e) => old.has(e.url) && JSON.stringify(old.get(e.url)!.cells) !== JSON.stringify(e.cells));
    const added = after.filter((e) => !old.has(e.url));
    expect(edited.length).toBeGreaterThan(0);
    expect(added.length).toBeGreaterThan(0);
    const run = await runPipeline(store, stages);
    expect(run.changedReports).toBe(edited.length);
    expect(run.newReports).toBe(added.length);
    for (const e of [...edited, ...added]) await expectCells(store, e);
    for (const e of edited) {
      const versions = await store.db.selectFrom('documents').select('version').where('url', '=', e.url).execute();
      expect(versions.length).toBe(2);
      const reports = await store.db.selectFrom('reports as r').innerJoin('documents as d', 'd.id', 'r.document_id')
        .select(['r.superseded_by', 'd.version']).where('d.url', '=', e.url).orderBy('d.version').execute();
      expect(reports.map((r) => [r.version, r.superseded_by === null])).toEqual([[1, false], [2, true]]);
    }
  }, 240_000);
});

async function expectCells(store: Store, e: ExpectedReport): Promise<void> {
  const rows = await store.db.selectFrom('report_latest as l').innerJoin('report_cells as c', 'c.report_id', 'l.report_id')
    .select(['c.key', 'c.value']).where('l.url', '=', e.url).execute();
  const got = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  expect(got, e.url).toEqual(e.cells);
}

async function flagsOf(store: Store, url: string): Promise<string[]> {
  const rows = await store.db.selectFrom('flags as f').innerJoin('report_latest as l', 'l.report_id', 'f.report_id')
    .select('f.rule').where('l.url', '=', url).execute();
  return rows.map((r) => r.rule);
}

async function countVersions(store: Store): Promise<number> {
  const r = await store.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
