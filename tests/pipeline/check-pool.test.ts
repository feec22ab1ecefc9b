/**
 * Checks in worker threads answer exactly what they answer in the thread:
 * same flags for the same reports, planted faults included; several partitions
 * checked side by side come back to their own callers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CheckPool } from '../../src/pipeline/check-pool.js';
import { checkReports } from '../../src/check/index.js';
import { generateReport, toReport } from '../../src/synth/index.js';
import type { Report } from '../../src/model/report.js';

/** Reports of one province: consistent ones, one with a wrong total, one copying another's narrative. */
function province(p: number, n: number): Report[] {
  return Array.from({ length: n }, (_, i) => {
    const r = toReport(generateReport(p * 1000 + i), `p${p}r${i}`);
    if (i === 3) return { ...r, cells: { ...r.cells, 'applications.total.total': (r.cells['applications.total.total'] ?? 0) + 7 } };
    if (i === 5) return { ...r, text: toReport(generateReport(p * 1000 + 4), 'x').text, publishedDate: `${r.year! + 1}-03-30` };
    return r;
  });
}

const sorted = (m: ReadonlyMap<string, readonly unknown[]>) => [...m].filter(([, f]) => f.length).sort(([a], [b]) => a.localeCompare(b));

describe('check pool', () => {
  const pool = new CheckPool({ workers: 2 });
  afterAll(() => pool.close());

  it('gives the same flags as checking in the thread, for several partitions at once', async () => {
    const parts = [province(1, 40), province(2, 60), province(3, 25)];
    const inWorkers = await Promise.all(parts.map((reports) => pool.check(reports)));
    parts.forEach((reports, i) => {
      const here = checkReports(reports);
      expect(sorted(inWorkers[i]!)).toEqual(sorted(here));
      // The planted faults are there: the check ran, not an empty answer.
      const rules = [...inWorkers[i]!.values()].flat().map((f) => f.rule);
      expect(rules).toContain('identity.b.outcomes');
      expect(rules).toContain('copy.narrative');
    });
  }, 120_000);

  it('leaves out the rules a caller takes from elsewhere, and only those', async () => {
    const reports = province(4, 40);
    const all = checkReports(reports);
    const skip = ['copy.narrative'];
    const without = await pool.check(reports, { skip });
    const rules = [...without.values()].flat().map((f) => f.rule);
    expect(rules).not.toContain('copy.narrative');
    expect(rules).toContain('identity.b.outcomes');
    // Every other flag as before: the copy pass's absence changes nothing else.
    const rest = new Map([...all].map(([id, fs]) => [id, fs.filter((f) => !skip.includes(f.rule))]));
    expect(sorted(without)).toEqual(sorted(rest));
    expect([...all.values()].flat().some((f) => f.rule === 'copy.narrative')).toBe(true);
  }, 120_000);
});
