/**
 * A county portal's structure, drawn from the seed: its CMS family, hosts,
 * the way from the home page to the 信息公开 hub, the department and township
 * directories, and every body's 年报 column (or one central column). Pure data;
 * no reports' contents (portal-reports.ts) and no HTML (portal-pages.ts).
 */
import type { County } from '../regions.js';
import { rng, type Rng } from '../../synth/random.js';
import {
  ALL_DIR, COLUMN, DEPARTMENTS, DEPT_DIR, GK_HUB, HELD_OUT, TOWN_DIR, TOWN_SLUGS, TOWN_STEMS, type Named,
} from './vocabulary.js';

/**
 * CMS families: Hanweb (`col/colN`, records + dataproxy.jsp), TRS (static dirs,
 * createPageHTML), 集约化 (uuid columns, numbered pages), Shandong's 公开 platform
 * (`/gongkai/site_x/channel_y/` per body), and VSB (held out: `…/info/…`, `.htm`).
 */
export type Family = 'hanweb' | 'trs' | 'jiyue' | 'gongkai' | 'vsb';
/** How a list is paged: the realistic profile's renderers (trs, hanweb, json) and a plain 下一页 pager. */
export type ListKind = 'trs' | 'hanweb' | 'json' | 'pager';
/** How the column link leads to its list: directly, through an `<iframe>`, a meta refresh or a script redirect. */
export type Reach = 'direct' | 'iframe' | 'refresh' | 'script';
export type BodyKind = 'government' | 'department' | 'township';

export interface ColumnModel {
  /** Unique number within the farm (Hanweb column id, uuid seed). */
  readonly uid: number;
  readonly text: string;
  readonly slug: string;
  readonly list: ListKind;
  readonly reach: Reach;
  /** From `day` on the column lives at `slug`/`uid` (a revamp); the old entry answers 404, 301 to the new one, or 301 home. */
  readonly move: { readonly day: number; readonly uid: number; readonly slug: string; readonly old: 'gone' | 'redirect' | 'home' } | null;
}

export interface BodyModel {
  readonly k: number;
  readonly name: string;
  /** The text the directory links it by (a short name on some portals). */
  readonly linkText: string;
  readonly kind: BodyKind;
  readonly slug: string;
  /** Index into the portal's hosts: a township may be a sub-site on its own host. */
  readonly host: number;
  /** Its own 年报 column; null when its reports sit in the portal's central column. */
  readonly column: ColumnModel | null;
  /** Report years it published (newest first); `late` reports appear on day 1. */
  readonly years: readonly number[];
  readonly lateYear: number | null;
  /** A 2018 report in free form (no national template table) sits in its column too. */
  readonly freeForm2018: boolean;
  /** Its home page is a meta-refresh stub (sub-site roots often are). */
  readonly refreshHome: boolean;
}

export interface DirectoryModel {
  readonly kind: 'dept' | 'town' | 'all';
  readonly text: string;
  readonly slug: string;
  readonly uid: number;
  readonly pageSize: number;
  readonly bodies: readonly number[];
}

export interface PortalModel {
  readonly index: number;
  readonly id: string;
  readonly seed: number;
  readonly family: Family;
  readonly heldOut: boolean;
  readonly county: County;
  readonly govName: string;
  /** Hosts of this government: [0] the portal; then an 信息公开 host and township sub-sites, if any. */
  readonly hostCount: number;
  /** The hub lives on its own host (hosts[1]) when set. */
  readonly hubHost: number;
  readonly hub: Named & { readonly uid: number; readonly as: 'text' | 'img' | 'title' };
  readonly directories: readonly DirectoryModel[];
  /** One central 年报 column with sub-columns (by body kind or by year) instead of, or beside, per-body columns. */
  readonly central: (ColumnModel & { readonly by: 'kind' | 'year' }) | null;
  readonly bodies: readonly BodyModel[];
  readonly charset: 'utf-8' | 'gbk';
  /** robots.txt sits behind the anti-bot challenge too. */
  readonly robotsChallenge: boolean;
  /** Indices of other portals its footer links (neighbouring governments). */
  readonly neighbours: readonly number[];
}

export interface PortalSizing {
  /** Bodies per portal (the government included), default [30, 60]. */
  readonly bodies?: readonly [number, number];
  /** Report years per body, default [1, 3]. */
  readonly years?: readonly [number, number];
  /** Seeds from this one on draw from the held-out family and vocabulary (default 1000). */
  readonly heldOutFrom?: number;
}

const YEARS = [2024, 2023, 2022, 2021, 2020, 2019];
const FAMILIES: readonly Family[] = ['hanweb', 'trs', 'jiyue', 'gongkai'];
const REACH: ReadonlyArray<[Reach, number]> = [['direct', 0.7], ['iframe', 0.12], ['refresh', 0.1], ['script', 0.08]];

function weighted<T>(r: Rng, xs: ReadonlyArray<[T, number]>): T {
  let x = r.next() * xs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of xs) if ((x -= w) < 0) return v;
  return xs.at(-1)![0];
}

/** The list kind a family's columns use, with some JSON-API columns everywhere. */
function listKind(r: Rng, family: Family): ListKind {
  if (r.chance(0.1)) return 'json';
  return family === 'hanweb' ? 'hanweb' : family === 'trs' ? 'trs' : 'pager';
}

const pool = <T>(base: readonly T[], extra: readonly T[], heldOut: boolean): readonly T[] => (heldOut ? [...base, ...extra] : base);

/**
 * The portal's structure. Column and directory ids count up from the portal's
 * own base (index × 2000), body home pages from base + 1000: unique across the farm.
 */
export function buildPortal(seed: number, index: number, county: County, sizing: PortalSizing = {}): PortalModel {
  const r = rng(seed, 'portal', index);
  const heldOut = seed >= (sizing.heldOutFrom ?? 1000);
  const family: Family = heldOut && r.chance(0.4) ? 'vsb' : r.pick(FAMILIES);
  const uidBase = 100_000 + index * 2000;
  let uid = uidBase;
  const nextUid = () => ++uid;
  const [bmin, bmax] = sizing.bodies ?? [30, 60];
  const [ymin, ymax] = sizing.years ?? [1, 3];
  const govName = `${county.name}人民政府`;
  const total = r.int(Math.max(1, bmin), Math.max(bmin, bmax));
  const nTown = Math.round((total - 1) * (0.3 + r.next() * 0.2));
  const nDept = Math.max(0, total - 1 - nTown);
  const hubPool = pool(GK_HUB, HELD_OUT.hub, heldOut);
  const colPool = pool(COLUMN, HELD_OUT.column, heldOut);
  const hubHost = r.chance(0.25) ? 1 : 0;
  // Townships on sub-sites of their own (up to four per portal), after the portal's own hosts.
  const subSites = r.chance(0.35) ? Math.min(nTown, r.int(1, 4)) : 0;
  const firstSub = hubHost + 1;
  const central = r.chance(0.25);
  const centralScope: 'all' | 'dept' = r.chance(0.5) ? 'all' : 'dept';
  const column = (cr: Rng): ColumnModel => {
    const name = cr.pick(colPool);
    const own = nextUid();
    const moves = cr.chance(0.18);
    return {
      uid: own, text: name.text, slug: name.slug, list: listKind(cr, family), reach: weighted(cr, REACH),
      move: moves ? { day: 1, uid: nextUid(), slug: cr.pick(colPool.filter((c) => c.slug !== name.slug)).slug, old: cr.pick(['gone', 'redirect', 'home'] as const) } : null,
    };
  };
  const yearsOf = (br: Rng): number[] => {
    const n = br.int(ymin, ymax);
    const start = br.chance(0.8) ? 0 : 1;
    return YEARS.slice(start, start + n);
  };
  const deptNames = shuffled(r, DEPARTMENTS).slice(0, nDept);
  const townOrder = shuffled(r, TOWN_STEMS.map((s, i) => ({ s, slug: TOWN_SLUGS[i]! })));
  const bodies: BodyModel[] = [];
  const addBody = (name: string, linkText: string, kind: BodyKind, slug: string, host: number) => {
    const k = bodies.length;
    const br = rng(seed, 'portal', index, 'body', k);
    // A central column holds the government's own reports and those of the bodies in its scope.
    const own = !central || (centralScope === 'dept' && kind === 'township');
    const years = yearsOf(br);
    bodies.push({
      k, name, linkText, kind, slug, host, column: own ? column(br) : null, years,
      lateYear: years[0] === 2024 && br.chance(0.1) ? 2024 : null,
      freeForm2018: br.chance(0.15), refreshHome: host > 0 && br.chance(0.5),
    });
  };
  // The government's own column sits under the hub, on the hub's host.
  addBody(govName, govName, 'government', 'zf', hubHost);
  const dept = (d: Named, i: number) => {
    const shortName = d.text === '人民政府办公室' ? `${county.name}人民政府办公室` : `${county.name}${d.text}`;
    addBody(shortName, r.chance(0.5) ? d.text : shortName, 'department', d.slug || `bm${i}`, hubHost);
  };
  deptNames.forEach(dept);
  for (let i = 0; i < nTown; i++) {
    const t = townOrder[i % townOrder.length]!;
    const suffix = i % 5 === 4 ? '街道' : i % 3 === 2 ? '乡' : '镇';
    const stem = i < townOrder.length ? t.s : `${t.s}${Math.floor(i / townOrder.length) + 1}`;
    const name = suffix === '街道' ? `${stem}街道办事处` : `${stem}${suffix}人民政府`;
    const linkText = suffix === '街道' ? `${stem}街道` : r.chance(0.5) ? `${stem}${suffix}` : name;
    addBody(name, linkText, 'township', `${t.slug}${suffix === '乡' ? 'x' : suffix === '镇' ? 'z' : 'jd'}${i >= townOrder.length ? i : ''}`,
      i < subSites ? firstSub + i : hubHost);
  }
  const depts = bodies.filter((b) => b.kind === 'department').map((b) => b.k);
  const towns = bodies.filter((b) => b.kind === 'township').map((b) => b.k);
  const dirs: DirectoryModel[] = [];
  const dirOf = (kind: DirectoryModel['kind'], names: readonly Named[], ids: number[]) => {
    const n = r.pick(names);
    dirs.push({ kind, text: n.text, slug: n.slug, uid: nextUid(), pageSize: r.pick([12, 15, 20, 30, 100]), bodies: ids });
  };
  if (r.chance(0.15)) dirOf('all', ALL_DIR, [...depts, ...towns]);
  else {
    if (depts.length) dirOf('dept', pool(DEPT_DIR, HELD_OUT.deptDir, heldOut), depts);
    if (towns.length) dirOf('town', pool(TOWN_DIR, HELD_OUT.townDir, heldOut), towns);
  }
  const hub = r.pick(hubPool);
  return {
    index, id: `p${String(index).padStart(4, '0')}-${county.code}`, seed, family, heldOut, county, govName,
    hostCount: firstSub + subSites, hubHost,
    hub: { ...hub, uid: nextUid(), as: weighted(r, [['text', 0.8], ['img', 0.1], ['title', 0.1]]) },
    directories: dirs,
    central: central ? { ...column(rng(seed, 'portal', index, 'central')), reach: 'direct', by: r.chance(0.6) ? 'kind' : 'year' } : null,
    bodies, charset: index % 7 === 3 ? 'gbk' : 'utf-8', robotsChallenge: r.chance(0.08),
    neighbours: [index + 1, index + 7, index + 13],
  };
}

function shuffled<T>(r: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) { const j = r.int(0, i); [out[i], out[j]] = [out[j]!, out[i]!]; }
  return out;
}

/** The column as it stands on `day` (moved or not). */
export function columnOn(c: ColumnModel, day: number): { uid: number; slug: string; moved: boolean } {
  return c.move && day >= c.move.day ? { uid: c.move.uid, slug: c.move.slug, moved: true } : { uid: c.uid, slug: c.slug, moved: false };
}

/** Bodies whose reports sit in the central column (none without one). */
export const centralBodies = (p: PortalModel): BodyModel[] => (p.central ? p.bodies.filter((b) => b.column === null) : []);

/** The id of a body's home page (Hanweb column, 集约化 uuid seed). */
export const bodyHomeUid = (p: PortalModel, b: BodyModel): number => 100_000 + p.index * 2000 + 1000 + b.k;

/** A sub-column of the central column: by body kind (本级 / 部门 / 乡镇街道) or by year. */
export interface CentralGroup {
  readonly text: string;
  readonly slug: string;
  readonly uid: number;
  readonly bodies: readonly BodyModel[];
  readonly year: number | null;
}

export function centralGroups(p: PortalModel): CentralGroup[] {
  if (!p.central) return [];
  const inScope = [p.bodies[0]!, ...centralBodies(p).filter((b) => b.kind !== 'government')];
  const groups: Array<Omit<CentralGroup, 'uid'>> = p.central.by === 'kind'
    ? [{ text: `${p.county.name}政府`, slug: 'bj', bodies: [p.bodies[0]!], year: null },
      { text: '部门', slug: 'bm', bodies: inScope.filter((b) => b.kind === 'department'), year: null },
      { text: '乡镇街道', slug: 'xzjd', bodies: inScope.filter((b) => b.kind === 'township'), year: null }].filter((g) => g.bodies.length > 0)
    : [...new Set(inScope.flatMap((b) => b.years))].sort((a, b) => b - a).map((y) => ({ text: `${y}年度`, slug: String(y), bodies: inScope, year: y }));
  // Ids 900–999 of the portal's range (+7 once moved) are the sub-columns'.
  return groups.map((g, i) => ({ ...g, uid: 100_000 + p.index * 2000 + 900 + i }));
}
