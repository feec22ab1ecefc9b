import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../helpers/csv.js';
import { runCli } from '../helpers/cli.js';
import { openStore } from '../../src/store/open-store.js';
import { BODIES, loadResearchFixture } from '../helpers/research-fixture.js';

describe('nianbao compare on a loaded database', () => {
  let dir: string;
  const env = () => ({ NIANBAO_DB: path.join(dir, 'db'), DATABASE_URL: '' });
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-compare-'));
    const store = await openStore({ dbPath: path.join(dir, 'db') });
    await loadResearchFixture(store.db);
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ranks the county-level bodies of 浙江 by 实质公开率 with their peers\' quartiles', async () => {
    const r = await runCli(['compare', '--region', '330000', '--year', '2023', '--metric', 'grant_rate', '--level', '县', '--json'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // Ranked: 余杭 160/200, 西湖 72/120 (its newer document version), 海曙 30/50, 淳安 10/40.
    // Sorted 0.25 0.6 0.6 0.8: P25 = 0.25 + 0.75 × 0.35, P50 = 0.6, P75 = 0.6 + 0.25 × 0.2.
    expect(out.peers).toEqual({ n: 4, p25: 0.5125, p50: 0.6, p75: 0.65, min: 0.25, max: 0.8 });
    expect(out.bodies.map((b: any) => [b.body, b.rank, b.value, b.percentile, b.status])).toEqual([
      [BODIES.yuhang.name, 1, 0.8, 87.5, 'ranked'],
      [BODIES.xihu.name, 2, 0.6, 50, 'ranked'],
      [BODIES.haishu.name, 2, 0.6, 50, 'ranked'],
      [BODIES.chunan.name, 4, 0.25, 12.5, 'ranked'],
      [BODIES.xihuEdu.name, null, 0.875, null, 'denominator_too_small'],
      // 予以公开 is blank: no 实质公开率, however the rest of the row reads.
      [BODIES.lucheng.name, null, null, null, 'no_value'],
    ]);
    // The minimum applies to the rate's own denominator (办理总数), which is shown with its numerator.
    expect(out.bodies[4].note).toBe('办理总数 (total.total) too small (8 < 30)');
    expect(out.bodies.slice(0, 5).map((b: any) => [b.numerator, b.denominator])).toEqual([[160, 200], [72, 120], [30, 50], [10, 40], [7, 8]]);
  });

  it('prints the ranking as a table with the marked bodies explained', async () => {
    const r = await runCli(['compare', '--region', '浙江省', '--year', '2023', '--level', '县'], { env: env() });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('实质公开率 grant_rate = (granted.total + partially_granted.total) / total.total');
    expect(lines[1]).toBe('region 33 浙江省 · year 2023 · level 县 · ranked 4 of 6 (办理总数 (total.total) at least 30)');
    expect(lines[2]).toBe('peers: P25 51.2%  P50 60.0%  P75 65.0%  (min 25.0%, max 80.0%)');
    const row = (name: string) => lines.find((l) => l.includes(name))!.split(/\s{2,}/);
    expect(row(BODIES.yuhang.name)).toEqual(['1', BODIES.yuhang.name, '330110', '县', '200', '80.0% (160/200)', '87.5']);
    expect(row(BODIES.xihuEdu.name)).toEqual(['-', BODIES.xihuEdu.name, '330106', '县', '8', '87.5% (7/8)', '办理总数 (total.total) too small (8 < 30)']);
  });

  it('matches regions by code prefix: 330100 is 杭州 and its districts only', async () => {
    const r = await runCli(['compare', '--region', '330100', '--year', '2023', '--metric', 'applications', '--min-applications', '0', '--csv'], { env: env() });
    expect(r.code).toBe(0);
    const rows = parseCsvObjects(r.stdout);
    expect(rows.map((x) => [x.body, x.rank, x.applications, x.region_code])).toEqual([
      [BODIES.hangzhou.name, '1', '500', '330100'],
      [BODIES.yuhang.name, '2', '200', '330110'],
      [BODIES.xihu.name, '3', '120', '330106'],
      [BODIES.chunan.name, '4', '40', '330127'],
      [BODIES.xihuEdu.name, '5', '8', '330106'],
    ]);
    // 40, 120, 200, 500 and 8 → sorted 8 40 120 200 500: P25 40, P50 120, P75 200.
    expect([rows[0]!.peers, rows[0]!.p25, rows[0]!.p50, rows[0]!.p75]).toEqual(['5', '40', '120', '200']);
  });

  it('compares year-over-year change against the body\'s previous report', async () => {
    const r = await runCli(['compare', '--year', '2023', '--metric', 'applications_change_rate', '--min-applications', '0', '--json'], { env: env() });
    const out = JSON.parse(r.stdout);
    const ranked = out.bodies.filter((b: any) => b.status === 'ranked').map((b: any) => [b.body, b.value]);
    // 余杭 160 → 200, 西湖 100 → 120, 合作 4 → 0; nobody else reported for 2022.
    expect(ranked).toEqual([[BODIES.yuhang.name, 0.25], [BODIES.xihu.name, 0.2], [BODIES.hezuo.name, -1]]);
    expect(out.bodies.find((b: any) => b.body === BODIES.lintan.name).note).toMatch(/no report for the previous year/);
  });

  it('rejects bad input with a one-line message and exit 2', async () => {
    for (const [args, msg] of [
      [['--year', '2023', '--metric', 'speed'], 'unknown metric "speed"'],
      [['--year', '2023', '--region', '鼓楼区'], 'region "鼓楼区" is ambiguous'],
      [['--year', '2023', '--kind', 'ministry'], '--kind must be one of government, department, township, zone, other'],
    ] as const) {
      const r = await runCli(['compare', ...args], { env: env() });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('defaults to the newest year, and says why an empty ranking is empty', async () => {
    const r = await runCli(['compare', '--region', '330000', '--level', '县', '--json'], { env: env() });
    expect([r.code, JSON.parse(r.stdout).year]).toEqual([0, 2023]);
    const none = await runCli(['compare', '--region', '999999', '--year', '2030'], { env: env() });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('no report from region 999999 (not a known GB/T 2260 code)');
    expect(none.stderr).toContain('no report for year 2030 (years stored: 2020–2023)');
  });

  it('says when --limit cuts the list', async () => {
    const r = await runCli(['compare', '--year', '2023', '--min', '0', '--limit', '2', '--csv'], { env: env() });
    expect(r.code).toBe(0);
    expect(parseCsvObjects(r.stdout)).toHaveLength(2);
    expect(r.stderr).toMatch(/showing 2 of \d+ bodies \(--limit 2\)/);
  });
});
