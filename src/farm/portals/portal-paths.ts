/**
 * Where each page of a portal lives, per CMS family: the hub, directory pages,
 * body home pages, column entries, list pages and report pages. Paths only
 * (host indices are the model's); data-driven by family so a new CMS is one entry.
 */
import { createHash } from 'node:crypto';
import { bodyHomeUid, columnOn, type BodyModel, type ColumnModel, type DirectoryModel, type Family, type ListKind, type PortalModel, type Reach } from './portal-model.js';

const hex = (n: number, len: number, salt = '') => createHash('md5').update(`${salt}${n}`).digest('hex').slice(0, len);
const uuid = (n: number) => hex(n, 32, 'col');

/** The page of a directory-like path (`dir/`) that is its entry: `dir/index.html`, or `dir.htm` on VSB sites. */
export function entryOf(family: Family, dir: string): string {
  return family === 'vsb' ? `${dir.replace(/\/$/, '')}.htm` : `${dir}index.html`;
}

/** The directory a body's pages sit in (TRS and VSB put a body under the directory that lists it). */
function dirSlugOf(p: PortalModel, b: BodyModel): string {
  return p.directories.find((d) => d.bodies.includes(b.k))?.slug ?? 'bm';
}

/** Shandong's 公开 platform names each body's site by a code. */
const siteCode = (p: PortalModel, b: BodyModel) => `${b.slug}${p.index % 100}`;

interface FamilyPaths {
  hub(p: PortalModel): string;
  /** Page `n` (0-based) of a directory. */
  dir(p: PortalModel, d: DirectoryModel, n: number): string;
  /** A body's 信息公开 page on the portal's hosts (sub-sites use '/xxgk/'). */
  bodyHome(p: PortalModel, b: BodyModel): string;
  /** The directory of a column (`null` owner: the central column). */
  columnDir(p: PortalModel, owner: BodyModel | null, uid: number, slug: string): string;
  /** List page `n` ≥ 1 of a 'pager' list whose first page is `entryOf(base)`. */
  pagerPage(base: string, n: number): string;
  report(base: string, uid: number, id: number, published: string): string;
}

const ymd = (published: string) => published.split('-') as [string, string, string];

const FAMILIES: Record<Family, FamilyPaths> = {
  trs: {
    hub: (p) => `/${p.hub.slug}/index.html`,
    dir: (p, d, n) => `/${p.hub.slug}/${d.slug}/index${n ? `_${n}` : ''}.html`,
    bodyHome: (p, b) => `/${p.hub.slug}/${dirSlugOf(p, b)}/${b.slug}/index.html`,
    columnDir: (p, owner, _uid, slug) => (owner && owner.kind !== 'government' ? `/${p.hub.slug}/${dirSlugOf(p, owner)}/${owner.slug}/${slug}/` : `/${p.hub.slug}/${slug}/`),
    pagerPage: (base, n) => `${base}index_${n}.html`,
    report: (base, _uid, id, pub) => { const [y, m, d] = ymd(pub); return `${base}${y}${m}/t${y}${m}${d}_${id}.html`; },
  },
  hanweb: {
    hub: (p) => `/col/col${p.hub.uid}/index.html`,
    dir: (_p, d, n) => `/col/col${d.uid}/index.html${n ? `?uid=${d.uid}&pageNum=${n + 1}` : ''}`,
    bodyHome: (p, b) => `/col/col${bodyHomeUid(p, b)}/index.html`,
    columnDir: (_p, _owner, uid) => `/col/col${uid}/`,
    pagerPage: (base, n) => `${base}index.html?pageNum=${n + 1}`,
    report: (_base, uid, id, pub) => { const [y, m, d] = ymd(pub); return `/art/${y}/${Number(m)}/${Number(d)}/art_${uid}_${id}.html`; },
  },
  jiyue: {
    hub: (p) => `/columns/${uuid(p.hub.uid)}/index.html`,
    dir: (_p, d, n) => `/columns/${uuid(d.uid)}/${n ? `${n + 1}.html` : 'index.html'}`,
    bodyHome: (p, b) => `/columns/${uuid(bodyHomeUid(p, b))}/index.html`,
    columnDir: (_p, _owner, uid) => `/columns/${uuid(uid)}/`,
    pagerPage: (base, n) => `${base}${n + 1}.html`,
    report: (base, _uid, id, pub) => { const [y, m, d] = ymd(pub); return `${base}${y}${m}/${d}/${hex(id, 24, 'doc')}.html`; },
  },
  gongkai: {
    hub: () => '/gongkai/index.html',
    dir: (_p, d, n) => `/gongkai/${d.slug}/index${n ? `_${n}` : ''}.html`,
    bodyHome: (p, b) => `/gongkai/site_${siteCode(p, b)}/index.html`,
    columnDir: (p, owner, uid) => `/gongkai/site_${owner ? siteCode(p, owner) : `zf${p.index % 100}`}/channel_${hex(uid, 12, 'ch')}/`,
    pagerPage: (base, n) => `${base}index_${n}.html`,
    report: (base, _uid, id) => `${base}doc_${hex(id, 16, 'doc')}.html`,
  },
  vsb: {
    hub: (p) => `/${p.hub.slug}.htm`,
    dir: (p, d, n) => `/${p.hub.slug}/${d.slug}${n ? `/${n + 1}` : ''}.htm`,
    bodyHome: (p, b) => `/${p.hub.slug}/${b.slug}.htm`,
    columnDir: (p, owner, _uid, slug) => (owner && owner.kind !== 'government' ? `/${p.hub.slug}/${owner.slug}/${slug}/` : `/${p.hub.slug}/${slug}/`),
    pagerPage: (base, n) => `${base}${n + 1}.htm`,
    report: (_base, uid, id) => `/info/${uid}/${id}.htm`,
  },
};

export const hubPath = (p: PortalModel): string => FAMILIES[p.family].hub(p);
export const dirPath = (p: PortalModel, d: DirectoryModel, n: number): string => FAMILIES[p.family].dir(p, d, n);

/** A body's home: its 信息公开 page on the portal, or the root of its own sub-site. */
export function bodyHomePath(p: PortalModel, b: BodyModel): string {
  return b.host > p.hubHost ? '/' : FAMILIES[p.family].bodyHome(p, b);
}
/** A sub-site's own 信息公开 page (its home links or refreshes to it). */
export const SUB_SITE_GK = '/xxgk/index.html';

/** Where a column is on `day`: the page its link points to and the base of its list pages. */
export interface ColumnPlace {
  readonly host: number;
  readonly entry: string;
  /** Directory its list pages (and, for most families, its reports) are in. */
  readonly base: string;
  readonly uid: number;
  readonly list: ListKind;
  readonly reach: Reach;
  readonly moved: boolean;
}

/** `sub`: a sub-column of the central column (its slug, e.g. `bm` or `2023`). */
export function columnPlace(p: PortalModel, owner: BodyModel | null, col: ColumnModel, day: number, sub?: { slug: string; uid: number }): ColumnPlace {
  const f = FAMILIES[p.family];
  const now = columnOn(col, day);
  const onSubSite = owner !== null && owner.host > p.hubHost;
  let dir = onSubSite && (p.family === 'trs' || p.family === 'vsb') ? `/xxgk/${now.slug}/` : f.columnDir(p, owner, now.uid, now.slug);
  let uid = now.uid;
  if (sub) {
    // TRS-like sites nest sub-columns in the column's directory; id-based CMSs give them ids of their own.
    dir = p.family === 'trs' || p.family === 'vsb' ? `${dir}${sub.slug}/` : f.columnDir(p, owner, sub.uid + (now.moved ? 7 : 0), sub.slug);
    uid = sub.uid + (now.moved ? 7 : 0);
  }
  const reach = sub ? 'direct' : col.reach;
  const base = reach === 'direct' ? dir : `${dir}list/`;
  return { host: owner?.host ?? p.hubHost, entry: entryOf(p.family, dir), base, uid, list: col.list, reach, moved: now.moved };
}

/** The first page of a column's list (the entry itself when reached directly). */
export const listEntry = (p: PortalModel, c: ColumnPlace): string => (c.reach === 'direct' ? c.entry : entryOf(p.family, c.base));

/** List page `n` ≥ 1 for 'trs' and 'pager' lists. */
export function listPagePath(p: PortalModel, c: ColumnPlace, n: number): string {
  if (c.list === 'trs') return `${c.base}index_${n}.html`;
  return FAMILIES[p.family].pagerPage(c.base, n);
}

export const jsonApiPath = (c: ColumnPlace, page: number, size: number): string => `${c.base}api/list.json?page=${page}&pageSize=${size}`;

export const reportPath = (p: PortalModel, c: ColumnPlace, id: number, published: string): string =>
  FAMILIES[p.family].report(c.base, c.uid, id, published);

/** Where a report's file sits: beside its page. */
export const attachmentPath = (reportPage: string, id: number, published: string, format: string): string =>
  `${reportPage.replace(/[^/]*$/, '')}P0${published.replace(/-/g, '')}${id}.${format}`;
