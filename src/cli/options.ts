/** Parsing of option values shared by commands; bad values are usage errors naming the option. */
import { UserError } from './errors.js';

/** An integer option within [lo, hi] (hi open when omitted). */
export function intOption(name: string, value: string, lo: number, hi = Infinity): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < lo || n > hi) {
    const range = hi === Infinity ? `≥ ${lo}` : `${lo}–${hi}`;
    throw new UserError(`--${name} expects an integer ${range}, got "${value}"`);
  }
  return n;
}
