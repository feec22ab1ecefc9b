/**
 * Quantiles and percentile ranks of a peer group. Pure functions over numbers.
 */

/**
 * The p-quantile (0 ≤ p ≤ 1) by linear interpolation between the closest ranks:
 * the definition of PostgreSQL's percentile_cont, Excel's PERCENTILE.INC and R's type 7.
 * Returns null for an empty list.
 * @example quantile([0.25, 0.6, 0.6, 0.8], 0.25) // 0.5125
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be within [0, 1], got ${p}`);
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!);
}

/**
 * Where `value` stands among `values`, 0–100, by the mid-rank definition:
 * (peers below + half the peers equal) / peers × 100. A body equal to every
 * peer sits at 50; the lowest of n distinct values at 50/n.
 */
export function percentileRank(values: readonly number[], value: number): number | null {
  if (values.length === 0) return null;
  let below = 0, equal = 0;
  for (const v of values) {
    if (v < value) below++;
    else if (v === value) equal++;
  }
  return ((below + equal / 2) / values.length) * 100;
}
