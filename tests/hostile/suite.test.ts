/**
 * The hostile-input suite: a few hundred generated files of every hostile kind
 * (tests/helpers/hostile-files.ts, regenerated from a seed) through
 * `nianbao extract --jsonl` in one process. One JSON line per file in order,
 * exit 0/1, no file stopped by its time limit or a crashed worker, peak RSS under
 * 1.5 GB, and each file's answer right for its kind. The larger run is
 * `npm run bench:hostile`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeAnswer, writeHostileFiles, type HostileCase } from '../helpers/hostile-files.js';
import { runMeasured, type MeasuredRun } from '../helpers/peak-rss.js';

const SEED = 20_241_117;
const COUNT = 240;

describe('hostile-input suite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-hostile-'));
  let cases: HostileCase[] = [];
  let run: MeasuredRun;
  let lines: { file: string; ok: boolean; error?: string; limit?: string; cells?: Record<string, number | null> }[] = [];

  beforeAll(async () => {
    cases = await writeHostileFiles(dir, { seed: SEED, count: COUNT });
    // The default limits, but a shorter time limit keeps a regression from costing minutes.
    run = await runMeasured(['extract', '--jsonl', '--time-limit', '30', ...cases.map((c) => c.file)]);
    lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  }, 600_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers every file, in order, one JSON line each, exit 0 or 1', () => {
    expect(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(-500)}`).toBe(true);
    expect(lines.map((l) => l.file)).toEqual(cases.map((c) => c.file));
    // Every kind is represented.
    expect(new Set(cases.map((c) => c.kind)).size).toBeGreaterThanOrEqual(25);
  });

  it('stays under 1.5 GB of peak RSS', () => {
    expect(run.peakRssMb).toBeGreaterThan(0);
    expect(run.peakRssMb).toBeLessThan(1536);
  });

  it('gives each file the answer its kind calls for: cells kept, no wrong value, a reason for each failure', () => {
    const bad = cases.flatMap((c, i) => judgeAnswer(c, lines[i]!).map((b) => `${path.basename(c.file)}: ${b}`));
    expect(bad).toEqual([]);
    // Failures say why, naming the file.
    for (const [i, l] of lines.entries()) if (!l.ok) expect(l.error, cases[i]!.file).toContain(path.basename(cases[i]!.file));
  });
});
