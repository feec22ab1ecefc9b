/**
 * What kind of body published a report, and at what level: the one classifier
 * the extractor (does this title prefix name a body?), the pipeline (bodies of a
 * site), `nianbao check` (bodies known by name only) and the checks use.
 *
 * The level comes from the division code wherever there is one (county-level
 * cities such as 慈溪市 330282 are 县), from the name otherwise; the kind always
 * from the name, by the first matching rule of KIND_RULES.
 */
import type { Body } from './body.js';
import { LEVELS, fullCode, levelOfCode, regionInName, regionPrefix, type Level } from './division.js';

export type BodyKind = 'government' | 'department' | 'township' | 'zone' | 'other';

/** Every kind, in the order filters and facets list them. */
export const BODY_KINDS: readonly BodyKind[] = ['government', 'department', 'township', 'zone', 'other'];

/** Chinese names of the kinds, for pages and spreadsheet headers. */
export const KIND_LABELS: Readonly<Record<BodyKind, string>> = {
  government: '人民政府', department: '政府部门', township: '乡镇街道', zone: '开发区/管委会', other: '其他',
};

// The region words a name holds, and the levels they say (the fallback when no code is known).
const REGION_WORD = '(自治区|自治州|自治县|自治旗|街道|苏木|省|市(?!场)|州|盟|县|区|旗|镇|乡)';
const regionWords = (s: string): string[] => [...s.matchAll(new RegExp(REGION_WORD, 'g'))].map((m) => m[1]!);
const LEVEL_OF_WORD: Readonly<Record<string, Level>> = {
  自治区: '省', 省: '省', 自治州: '市', 州: '市', 盟: '市', 市: '市',
  自治县: '县', 自治旗: '县', 县: '县', 区: '县', 旗: '县', 镇: '乡', 乡: '乡', 街道: '乡', 苏木: '乡',
};

/** Kinds by the end of the name, first match wins: the order is the decision. */
const KIND_RULES: readonly { readonly kind: BodyKind; readonly pattern: RegExp }[] = [
  // A website, portal or column is no body, though 门户网站 ends like a 站 (某县人民政府门户网站 heads many report pages).
  { kind: 'other', pattern: /(网站|门户|网|平台|专栏|栏目|频道)$/ },
  // 街道办事处, 太平镇人民政府, 某苏木: before governments, which they also end like.
  { kind: 'township', pattern: /(镇|乡|街道|苏木)(人民政府|政府|办事处)?$/ },
  // Development zones and their management committees (派出机构 of a government, not a level of their own).
  { kind: 'zone', pattern: /(开发区|高新区|工业园区|产业园区|园区|实验区|试验区|保税区|示范区|合作区|度假区|风景区|新区)(管委会|管理委员会|工委|党工委|管理局|管理办公室)?$|(管委会|管理委员会)$/ },
  { kind: 'government', pattern: /(人民政府|政府|行政公署)$|(自治区|省|市(?!场)|自治州|州|盟|县|区|旗)$/ },
  { kind: 'department', pattern: /(局|委员会|委|办公室|办公厅|办|中心|厅|院|馆|所|站|队|处)[)）]?$/ },
];

/** The kind a name says by its ending; a zone that is also a division (浦东新区) is its government. */
export function kindOfName(name: string): BodyKind {
  const n = name.replace(/\s+/g, '');
  const kind = KIND_RULES.find((r) => r.pattern.test(n))?.kind ?? 'other';
  if (kind === 'zone' && /新区$/.test(n) && regionInName(n)?.word === n) return 'government';
  return kind;
}

/**
 * Whether a title fragment names a body: it ends like one (局, 人民政府, 某县 …).
 * The extractor uses it to tell a body before the year from other words.
 */
export const isBodyName = (s: string): boolean => kindOfName(s) !== 'other';

/** The level of the last region word of a name (西安市高陵区行政审批服务局 → 县), or null. */
export function levelOfName(name: string): Level | null {
  const last = regionWords(name).at(-1);
  return last ? LEVEL_OF_WORD[last] ?? null : null;
}

/** The region word a body uses of itself (我市, 我县): the last one of its region's name. */
export function ownRegionWord(name: string | null): string | null {
  return name ? regionWords(name.replace(/(人民政府|政府|办事处)$/, '')).at(-1) ?? null : null;
}

/** The region a name names by its words, up to the last region word (某县审计局 → 某县), or null. */
export function regionPartOfName(name: string): string | null {
  const m = new RegExp(`^(.*${REGION_WORD})`).exec(name.replace(/(人民政府|政府|办事处)$/, ''));
  return m?.[1] ?? null;
}

/** 0 for 省 … 3 for 乡: a higher rank is a lower level. */
export const levelRank = (level: Level): number => LEVELS.indexOf(level);

/** What the site registry knows about the government running the site a report was found on. */
export interface BodyContext {
  readonly bodyName: string | null;
  readonly regionCode: string | null;
  readonly regionName: string | null;
  readonly level: string | null;
}

const isLevel = (s: string | null): s is Level => s !== null && (LEVELS as readonly string[]).includes(s);

/**
 * A body from its name and, when it was found on a registered site, that
 * site's facts. The name decides the kind; the region and level come from the
 * division the name names (within the site's region), else from the site when
 * the body is the site's own or names no region of its own, else from the name's last region word.
 * @example classifyBody('慈溪市人民政府') // { kind: 'government', level: '县', regionCode: '330282', … }
 */
export function classifyBody(rawName: string, site: BodyContext | null = null): Body {
  const name = rawName.replace(/\s+/g, '');
  const siteName = site?.bodyName?.replace(/\s+/g, '') ?? '';
  const ofSite = siteName !== '' && (name === siteName || siteName.startsWith(name) || name.startsWith(siteName));
  let kind = kindOfName(name);
  if (kind === 'other' && ofSite) kind = 'government';
  const township = kind === 'township';
  const townName = township ? name.replace(/(人民政府|政府|办事处)$/, '') : null;
  const named = regionInName(name, site?.regionCode ? regionPrefix(site.regionCode) : null);
  const d = named?.division;
  // A township named by a town the data knows gets its 9-digit code; a county word in a township's name is only its parent.
  if (d && (!township || d.level === '乡')) return { name, kind, regionCode: fullCode(d.code), regionName: d.name, level: d.level };
  if (d) return { name, kind, regionCode: fullCode(d.code), regionName: townName, level: '乡' };
  if (site && (ofSite || regionWords(name).length === 0)) {
    const siteLevel = levelOfCode(site.regionCode) ?? (isLevel(site.level) ? site.level : null);
    return { name, kind, regionCode: site.regionCode, regionName: townName ?? site.regionName, level: township ? '乡' : siteLevel };
  }
  // The name's own region words, unknown to the data (某县): its level and its name, the site's code at most.
  const level = township ? '乡' : named?.level ?? levelOfName(name);
  return { name, kind, regionCode: site?.regionCode ?? null, regionName: townName ?? regionPartOfName(name), level };
}
