/** A small seeded PRNG: every farm decision derives from (seed, purpose…) so runs are reproducible. */
import { mulberry32 } from '../synth/random.js';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
}

/** Hashes any mix of numbers and strings into a 32-bit seed (FNV-1a). */
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

/** mulberry32 (shared with src/synth) seeded from the mixed parts. */
export function rng(...parts: readonly (number | string)[]): Rng {
  return mulberry32(mix(...parts));
}
