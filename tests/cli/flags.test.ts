import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../helpers/csv.js';
import { runCli } from '../helpers/cli.js';
import { openStore } from '../../src/store/open-store.js';
import { BODIES, loadResearchFixture } from '../helpers/research-fixture.js';

describe('nianbao flags on a loaded database', () => {
  let dir: string;
  const env = () => ({ NIANBAO_DB: path.join(dir, 'db'), DATABASE_URL: '' });
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-flags-'));
    const store = await openStore({ dbPath: path.join(dir, 'db') });
    await loadResearchFixture(store.db);
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the flags of 甘肃\'s reports, errors first, with the numbers involved', async () => {
    const r = await runCli(['flags', '--region', '620000', '--csv'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = parseCsvObjects(r.stdout);
    // Errors first, then by region code: 甘南州 623000 before 合作市 623001.
    expect(rows.map((x) => [x.body, x.year, x.rule, x.severity])).toEqual([
      [BODIES.hezuo.name, '2023', 'identity.b.outcomes', 'error'],
      [BODIES.gannan.name, '2023', 'crossyear.carried_over', 'warning'],
      [BODIES.hezuo.name, '2023', 'narrative.repealed', 'warning'],
    ]);
    expect(JSON.parse(rows[0]!.cells!)).toEqual({ 'applications.total.total': 0, 'applications.granted.total': 6 });
  });

  it('filters by rule family and year, and shows only the newest extraction of a report', async () => {
    const r = await runCli(['flags', '--rule', 'narrative', '--year', '2023', '--json'], { env: env() });
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // 西湖区's 2023 report has an older, superseded version with the same flag: listed once.
    expect(rows.map((x) => [x.body, x.rule, x.report_id])).toEqual([
      [BODIES.xihu.name, 'narrative.applications', expect.any(Number)],
      [BODIES.hezuo.name, 'narrative.repealed', expect.any(Number)],
    ]);
  });

  it('rejects a bad filter with exit 2 and one line', async () => {
    const r = await runCli(['flags', '--year', 'last'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nianbao: --year expects a year like 2023, got "last"\n');
    const s = await runCli(['flags', '--region', '不存在的地方'], { env: env() });
    expect(s.code).toBe(2);
    expect(s.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says when the list is cut, and why an empty one is empty; an unknown rule is a usage error', async () => {
    const cut = await runCli(['flags', '--limit', '2', '--csv'], { env: env() });
    expect(cut.code).toBe(0);
    expect(parseCsvObjects(cut.stdout)).toHaveLength(2);
    expect(cut.stderr).toMatch(/showing 2 of \d+ flags \(--limit 2\)/);
    const none = await runCli(['flags', '--region', '999999', '--year', '2030'], { env: env() });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('no report from region 999999');
    expect(none.stderr).toContain('no report for year 2030');
    const rule = await runCli(['flags', '--rule', 'nosuchrule'], { env: env() });
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain('unknown rule "nosuchrule"');
  });

  it('filters by level (county-level cities are 县) and kind', async () => {
    const r = await runCli(['flags', '--level', '县', '--kind', 'government', '--region', '620000', '--csv'], { env: env() });
    expect(r.code).toBe(0);
    const rows = parseCsvObjects(r.stdout);
    expect(new Set(rows.map((x) => x.body))).toEqual(new Set([BODIES.hezuo.name]));
    expect(rows.every((x) => x.level === '县' && x.kind === 'government')).toBe(true);
  });
});
