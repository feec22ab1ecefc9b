/**
 * The seeded PRNG every synthetic report, farm site and fixture draws from (mulberry32):
 * the same seed parts give the same draws on every machine.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  shuffle<T>(xs: readonly T[]): T[];
}

/** Hashes any mix of numbers and strings into a 32-bit state (FNV-1a). */
export function mix(...parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    for (const ch of `${p}|`) {
      h ^= ch.codePointAt(0)!;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/**
 * A generator for one purpose: every decision derives from (seed, purpose…), so adding a
 * draw in one place never shifts the draws of another.
 *
 * @example rng(seed, siteIndex, 'bodies').int(2, 3)
 */
export function rng(...parts: readonly (number | string)[]): Rng {
  return mulberry32(mix(...parts));
}

function mulberry32(state: number): Rng {
  let a = state >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next, int,
    pick: (xs) => xs[int(0, xs.length - 1)]!,
    chance: (p) => next() < p,
    shuffle: (xs) => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) { const j = int(0, i); [out[i], out[j]] = [out[j]!, out[i]!]; }
      return out;
    },
  };
}
