import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startFarm } from '../../src/farm/index.js';

describe('nianbao demo', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-demo-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_URL: '', NIANBAO_DB: '' };
  const port = String(20000 + (process.pid % 5000));

  it('serves the demo sites, runs the whole pipeline on the default embedded database and shows flagged reports', async () => {
    // The farm is deterministic: the same seed here tells how many reports the demo must find.
    const truth = await startFarm({ seed: 1, sites: 8, day: 0, basePort: 0 });
    const expected = truth.expected(0);
    await truth.close();

    const r = await runCli(['demo', '--sites', '8', '--port', port, '--quiet'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('demo: 8 sites served on 127.0.0.1 (seed 1, day 0)');
    expect(r.stdout).toMatch(new RegExp(`extract .*: ${expected.length} new reports, 0 changed`));
    expect(r.stdout).toMatch(/flags by rule:\n\s+\S+\s+\d+/);
    expect(r.stdout).toMatch(/flagged reports \(first [1-8]\):/);
    expect(fs.existsSync(path.join(dir, '.nianbao', 'db'))).toBe(true);

    // Again: incremental, nothing new, nothing lost.
    const again = await runCli(['demo', '--sites', '8', '--port', port, '--quiet', '--json'], { cwd: dir, env });
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout.trim().split('\n').at(-1)!);
    expect([summary.newReports, summary.changedReports]).toEqual([0, 0]);
    expect(summary.crawl.newVersions).toBe(0);
    const count = await runCli(['sql', 'select count(*) as n from report_latest', '--csv'], { cwd: dir, env });
    expect(count.stdout).toBe(`n\n${expected.length}\n`);
  }, 300_000);
});
