/**
 * compare and export on a database the pipeline loaded from the farm (not a
 * hand-made fixture): the figures must be the farm's ground truth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../helpers/csv.js';
import { runCli } from '../helpers/cli.js';
import { openStore } from '../../src/store/open-store.js';
import { startFarm, type ExpectedReport } from '../../src/farm/index.js';
import { crawl, parseSites } from '../../src/crawl/index.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { runPipeline } from '../../src/pipeline/run.js';

describe('compare and export on a farm-loaded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-farm-research-'));
  const env = { NIANBAO_DB: path.join(dir, 'db'), DATABASE_URL: '' };
  let expected: ExpectedReport[];
  let year: number;
  beforeAll(async () => {
    const farm = await startFarm({ seed: 5, sites: 6, day: 0, basePort: 0 });
    const store = await openStore({ dbPath: env.NIANBAO_DB });
    try {
      const sites = parseSites(farm.sitesYaml(), 'farm-sites.yaml');
      await runPipeline(store, {
        crawl: (s) => crawl(s, { sites, minIntervalMs: 10 }),
        extract: { extract, extractorVersion: EXTRACTOR_VERSION },
        check: checkReports,
      });
      expected = farm.expected(0);
      year = Math.max(...expected.map((e) => e.year));
    } finally {
      await store.close();
      await farm.close();
    }
  }, 240_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('export writes one row per report of the year with the farm\'s values', async () => {
    const out = path.join(dir, 'export.csv');
    const r = await runCli(['export', '--year', String(year), '--format', 'csv', '--out', out], { env });
    expect(r.code).toBe(0);
    const rows = parseCsvObjects(fs.readFileSync(out, 'utf8'));
    const ofYear = expected.filter((e) => e.year === year);
    expect(rows.map((x) => x.url).sort()).toEqual(ofYear.map((e) => e.url).sort());
    for (const e of ofYear) {
      const row = rows.find((x) => x.url === e.url)!;
      const v = e.cells['applications.new_received.total'];
      expect(row['app.new_received.total'], e.url).toBe(v === null || v === undefined ? '' : String(v));
    }
  });

  it('compare ranks every body of the year by 实质公开率 computed from the farm\'s cells', async () => {
    const r = await runCli(['compare', '--year', String(year), '--metric', 'grant_rate', '--min-applications', '0', '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const ofYear = expected.filter((e) => e.year === year);
    expect(out.bodies).toHaveLength(new Set(ofYear.map((e) => e.body)).size);
    for (const e of ofYear) {
      const c = e.cells;
      const handled = c['applications.total.total'];
      const granted = (c['applications.granted.total'] ?? NaN) + (c['applications.partially_granted.total'] ?? NaN);
      const want = handled ? granted / handled : null;
      const got = out.bodies.find((b: { body: string }) => b.body === e.body);
      if (want === null || Number.isNaN(want)) expect(got.value).toBeNull();
      else expect(got.value).toBeCloseTo(want, 6);
    }
  });
});
