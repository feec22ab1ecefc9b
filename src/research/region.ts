/**
 * Region selection for `--region` and the web filters: a GB/T 2260 code selects
 * every body whose region code starts with its prefix (330000 → 33…, 330100 →
 * 3301…, 330106 that county alone); a name is resolved through the division
 * data (src/model/division.ts).
 */
import { divisionsNamed, divisionsStartingWith, regionName, regionPrefix } from '../model/division.js';

export { regionName, regionPrefix };

export type RegionResolution =
  | { readonly ok: true; readonly prefix: string; readonly name: string | null }
  | { readonly ok: false; readonly error: string };

/**
 * Reads `--region`: a GB/T 2260 code (2–12 digits) or a region name
 * (浙江省, 浙江, 杭州市, 合作市). An ambiguous name lists its candidates.
 */
export function resolveRegion(input: string): RegionResolution {
  const s = input.trim();
  if (/^\d+$/.test(s)) {
    if (s.length < 2 || s.length > 12) return { ok: false, error: `region code "${s}" must have 2 to 12 digits (GB/T 2260, e.g. 330000)` };
    const prefix = regionPrefix(s);
    return { ok: true, prefix, name: regionName(prefix) };
  }
  if (!s) return { ok: false, error: 'empty region' };
  let hits = divisionsNamed(s);
  if (hits.length === 0) hits = divisionsStartingWith(s);
  if (hits.length === 1) return { ok: true, prefix: hits[0]!.code, name: hits[0]!.name };
  if (hits.length === 0) return { ok: false, error: `unknown region "${s}": give a GB/T 2260 code such as 330000 or a name such as 浙江省` };
  const list = hits.slice(0, 8).map((d) => `${d.name} ${d.code.padEnd(6, '0')}`).join(', ');
  return { ok: false, error: `region "${s}" is ambiguous (${list}${hits.length > 8 ? ', …' : ''}): give its code` };
}
