import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { percentileRank, quantile } from '../../src/research/percentiles.js';
import { statusNote, rankBodies, type MetricRow } from '../../src/research/ranking.js';
import { openStore, type Store } from '../../src/store/open-store.js';

describe('quantile', () => {
  it('interpolates between the closest ranks', () => {
    // Sorted 0.25, 0.6, 0.6, 0.8: P25 sits at rank 0.75 → 0.25 + 0.75 × 0.35; P75 at 2.25 → 0.6 + 0.25 × 0.2.
    const xs = [0.6, 0.25, 0.8, 0.6];
    expect(quantile(xs, 0.25)).toBeCloseTo(0.5125, 12);
    expect(quantile(xs, 0.5)).toBeCloseTo(0.6, 12);
    expect(quantile(xs, 0.75)).toBeCloseTo(0.65, 12);
    expect(quantile(xs, 0)).toBe(0.25);
    expect(quantile(xs, 1)).toBe(0.8);
    expect(quantile([7], 0.25)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile(xs, 1.5)).toThrow(RangeError);
  });

  describe('against PostgreSQL percentile_cont', () => {
    let store: Store;
    beforeAll(async () => { store = await openStore({ dbPath: 'memory://', migrate: false }); });
    afterAll(async () => { await store.close(); });

    it('agrees on random peer groups', async () => {
      await fc.assert(fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(0.1, 0.25, 0.5, 0.75, 0.9),
        async (ints, p) => {
          const xs = ints.map((i) => i / 1000);
          const r = await sql<{ q: number }>`select percentile_cont(${p}::float8) within group (order by x) as q
            from unnest(${xs}::float8[]) as t(x)`.execute(store.db);
          expect(quantile(xs, p)).toBeCloseTo(r.rows[0]!.q, 9);
        },
      ), { numRuns: 60 });
    });
  });
});

describe('percentileRank', () => {
  it('counts the peers below and half of those equal', () => {
    const xs = [0.25, 0.6, 0.6, 0.8];
    expect(percentileRank(xs, 0.8)).toBe(87.5); // (3 + ½) / 4
    expect(percentileRank(xs, 0.6)).toBe(50); // (1 + 2/2) / 4
    expect(percentileRank(xs, 0.25)).toBe(12.5);
    expect(percentileRank([3, 3, 3], 3)).toBe(50);
    expect(percentileRank([], 1)).toBeNull();
  });
});

describe('rankBodies', () => {
  // The rate's denominator is what the minimum applies to (here: as many as the applications).
  const row = (body: string, applications: number | null, value: number | null, reportId = body.length): MetricRow =>
    ({ reportId, bodyId: reportId, body, regionCode: '330106', level: '县', year: 2023, applications, value, denominator: applications });
  const rows = [
    row('淳安县', 40, 0.25, 1), row('余杭区', 200, 0.8, 2), row('西湖区', 120, 0.6, 3), row('海曙区', 50, 0.6, 4),
    row('教育局', 8, 0.875, 5), row('鹿城区', 90, null, 6), row('某街道', null, 0.5, 7),
  ];

  it('ranks by value with shared ranks, marks the rest and takes quartiles of the ranked only', () => {
    const r = rankBodies(rows, { minDenominator: 30 });
    expect(r.rows.map((x) => [x.body, x.status, x.rank, x.percentile])).toEqual([
      ['余杭区', 'ranked', 1, 87.5],
      // Ties in name order (pinyin: hǎi before xī).
      ['海曙区', 'ranked', 2, 50],
      ['西湖区', 'ranked', 2, 50],
      ['淳安县', 'ranked', 4, 12.5],
      ['教育局', 'denominator_too_small', null, null],
      ['某街道', 'denominator_unknown', null, null],
      ['鹿城区', 'no_value', null, null],
    ]);
    expect(r.peers.n).toBe(4);
    expect(r.peers.p25).toBeCloseTo(0.5125, 12);
    expect(r.peers.p50).toBeCloseTo(0.6, 12);
    expect(r.peers.p75).toBeCloseTo(0.65, 12);
    expect([r.peers.min, r.peers.max]).toEqual([0.25, 0.8]);
  });

  it('ranks everyone with a value when no minimum is asked for', () => {
    const r = rankBodies(rows, { minDenominator: 0 });
    expect(r.peers.n).toBe(6);
    expect(r.rows.find((x) => x.body === '教育局')).toMatchObject({ status: 'ranked', rank: 1 });
    expect(r.rows.find((x) => x.body === '某街道')).toMatchObject({ status: 'ranked', rank: 5 }); // after 0.875, 0.8, 0.6, 0.6
    expect(r.rows.at(-1)).toMatchObject({ body: '鹿城区', status: 'no_value' });
  });

  it('applies the minimum to the rate\'s own denominator, not to applications', () => {
    // Many applications but one decided review: a 复议纠错率 of 100 % on one case is not ranked.
    const r = rankBodies([
      { ...row('甲县', 500, 1), denominator: 1, numerator: 1 },
      { ...row('乙县', 20, 0.25), denominator: 12, numerator: 3 },
    ], { minDenominator: 10, denominatorLabel: '复议已审结' });
    expect(r.rows.map((x) => [x.body, x.status, x.rank])).toEqual([['乙县', 'ranked', 1], ['甲县', 'denominator_too_small', null]]);
    expect(statusNote(r.rows[1]!, { minDenominator: 10, denominatorLabel: '复议已审结' })).toBe('复议已审结 too small (1 < 10)');
  });

  it('has no peers and no quartiles when nobody qualifies', () => {
    const r = rankBodies([row('教育局', 8, 0.875)], { minDenominator: 30 });
    expect(r.peers).toEqual({ n: 0, p25: null, p50: null, p75: null, min: null, max: null });
  });

  it('gives ranks and percentiles that order like the values', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 25 }), (vals) => {
      const r = rankBodies(vals.map((v, i) => row(`b${i}`, 100, v, i)), { minDenominator: 30 });
      for (const a of r.rows) for (const b of r.rows) {
        if (a.value! > b.value!) {
          expect(a.rank!).toBeLessThan(b.rank!);
          expect(a.percentile!).toBeGreaterThan(b.percentile!);
        }
        if (a.value === b.value) expect(a.rank).toBe(b.rank);
      }
      expect(r.peers.p25!).toBeLessThanOrEqual(r.peers.p50!);
      expect(r.peers.p50!).toBeLessThanOrEqual(r.peers.p75!);
    }));
  });
});
