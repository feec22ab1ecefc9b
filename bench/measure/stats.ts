/** Median and spread of repeated runs: a bench figure is never one run. */

export interface Spread { median: number; min: number; max: number }

export function spread(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median: round(median), min: round(s[0]!), max: round(s.at(-1)!) };
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 10) / 10);

/** `590 (570–610)`; one run prints just the value. */
export const showSpread = (s: Spread): string => (s.min === s.max ? `${s.median}` : `${s.median} (${s.min}–${s.max})`);
