/**
 * Every route of a portal on a day: the home page and the pages beside the
 * way, the 信息公开 hub, directories (paged), body pages and sub-sites, and
 * each column (portal-columns.ts). Cross-host links are absolute.
 */
import { rng } from '../../synth/random.js';
import { centralGroups, type BodyModel, type PortalModel } from './portal-model.js';
import { bodyHomePath, columnPlace, dirPath, hubPath, SUB_SITE_GK } from './portal-paths.js';
import { bodyShell, centralPage, directoryPage, homePage, otherPage, refreshPage, sectionPage, shell, siblings, type Link, type Shell } from './portal-pages.js';
import { columnRoutes, type ColumnSpec } from './portal-columns.js';
import { bodyEntries, groupEntries, isReport } from './portal-reports.js';
import { RouteTable } from './route-table.js';
import { GK_HUB, HOME_NAV } from './vocabulary.js';

export interface PortalAddress {
  /** Absolute URL of a path on one of the portal's hosts. */
  url(host: number, path: string): string;
  /** Home pages of neighbouring governments (other portals of the farm), with their names. */
  readonly neighbours: readonly Link[];
}

/** The directory of a page path, for pages beside it: `/a/b/index.html` → `/a/b/`, `/a/b.htm` → `/a/b/`. */
const stem = (path: string) => (path.endsWith('/') ? path : path.replace(/index\.html$/, '').replace(/\.htm$/, '/'));

export function portalRoutes(p: PortalModel, day: number, at: PortalAddress): RouteTable {
  const t = new RouteTable(p.charset, day);
  const href = (fromHost: number, host: number, path: string) => (fromHost === host ? path : at.url(host, path));
  const main: Shell = { site: `${p.govName}门户网站`, charset: p.charset };
  const hub = hubPath(p);
  const hubCrumb = ['首页', p.hub.text];
  const entries = new Map(p.bodies.map((b) => [b.k, bodyEntries(p, b)] as const));
  const gov = p.bodies[0]!;

  // Home page, its other sections and news (one a notice about 年度报告 that is not one).
  const r = rng(p.seed, 'portal', p.index, 'home');
  const news: Link[] = [
    { text: `关于做好${2023 + (p.index % 2)}年度政府信息公开工作年度报告编制发布工作的通知`, href: '/xwzx/tzgg1.html' },
    { text: `${p.county.name}召开${r.int(2022, 2024)}年政务公开工作推进会`, href: '/xwzx/tzgg2.html' },
    { text: `${p.govName}关于${r.pick(['春节', '国庆', '元旦'])}放假安排的通知`, href: '/xwzx/tzgg3.html' },
  ];
  t.page(0, '/', () => homePage(p, main, { text: p.hub.text, href: href(0, p.hubHost, hub), as: p.hub.as }, news, at.neighbours));
  t.alias(0, '/index.html', '/');
  for (const n of news) t.page(0, n.href, () => otherPage(main, n.text, ['首页', '通知公告'], []));
  for (const n of HOME_NAV.filter((x) => x.slug)) t.page(0, `/${n.slug}/index.html`, () => otherPage(main, n.text, ['首页', n.text], news));

  // The hub: its sections, the government's column (or the central one), the directories.
  const sections: Link[] = siblings(rng(p.seed, 'portal', p.index, 'hub'), 5).map((n) => ({ text: n.text, href: `${stem(hub)}${n.slug}/index.html` }));
  for (const s of sections) t.page(p.hubHost, s.href, () => otherPage(main, s.text, [...hubCrumb, s.text], []));
  const govColumn = p.central ?? gov.column!;
  const govEntry = columnPlace(p, p.central ? null : gov, govColumn, day).entry;
  sections.splice(2, 0, { text: govColumn.text, href: govEntry });
  for (const d of p.directories) sections.push({ text: d.text, href: dirPath(p, d, 0) });
  const latestGov = entries.get(0)!.filter(isReport).find((e) => e.addedOn <= day);
  const recent: Link[] = [{ text: news[0]!.text, href: href(p.hubHost, 0, news[0]!.href) }];
  if (latestGov) recent.push({ text: latestGov.title, href: govEntry });
  t.page(p.hubHost, hub, () => sectionPage(main, p.hub.text, hubCrumb, sections, recent));
  t.alias(p.hubHost, stem(hub), hub);
  // A separate 信息公开 host sends its root to the hub.
  if (p.hubHost > 0) t.redirect(p.hubHost, '/', hub, 302);

  // Directories, paged.
  for (const d of p.directories) {
    const pages = Math.max(1, Math.ceil(d.bodies.length / d.pageSize));
    for (let n = 0; n < pages; n++) {
      const links = d.bodies.slice(n * d.pageSize, (n + 1) * d.pageSize).map((k) => p.bodies[k]!)
        .map((b): Link => ({ text: b.linkText, href: href(p.hubHost, b.host, bodyHomePath(p, b)) }));
      t.page(p.hubHost, dirPath(p, d, n), () => directoryPage(main, d.text, [...hubCrumb, d.text], links, n, pages, (k) => dirPath(p, d, k)));
    }
  }

  for (const b of p.bodies.slice(1)) bodyRoutes(t, p, b, day, [...hubCrumb, p.directories.find((d) => d.bodies.includes(b.k))?.text ?? '', b.name]);
  const columns: ColumnSpec[] = p.bodies.filter((b) => b.column).map((b) => ({
    owner: b, column: b.column!, title: b.column!.text, entries: entries.get(b.k)!,
    crumb: b.kind === 'government' ? [...hubCrumb, b.column!.text] : ['首页', '信息公开', b.name, b.column!.text],
  }));
  if (p.central) columns.push(...centralColumns(t, p, day, hubCrumb));
  for (const c of columns) columnRoutes(t, p, c, day);
  return t;
}

/** A body's 信息公开 page (on the portal, or on its own sub-site behind a home page or a refresh). */
function bodyRoutes(t: RouteTable, p: PortalModel, b: BodyModel, day: number, crumb: string[]): void {
  const s = bodyShell(p, b);
  const onSub = b.host > p.hubHost;
  const page = onSub ? SUB_SITE_GK : bodyHomePath(p, b);
  const r = rng(p.seed, 'portal', p.index, b.k, 'page');
  const sections: Link[] = siblings(r, 4).map((n) => ({ text: n.text, href: `${stem(page)}${n.slug}/index.html` }));
  for (const x of sections) t.page(b.host, x.href, () => otherPage(s, x.text, [...crumb, x.text], []));
  if (b.column) sections.splice(r.int(0, sections.length), 0, { text: b.column.text, href: columnPlace(p, b, b.column, day).entry });
  t.page(b.host, page, () => sectionPage(s, `${b.name}信息公开`, crumb, sections, []));
  t.alias(b.host, stem(page), page);
  if (!onSub) return;
  const gkText = r.pick(GK_HUB).text;
  if (b.refreshHome) t.page(b.host, '/', () => refreshPage(s, b.name, SUB_SITE_GK));
  else {
    t.page(b.host, '/', () => shell(s, b.name, `<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xwdt/index.html">新闻动态</a></li>`
      + `<li><a href="${SUB_SITE_GK}">${gkText}</a></li><li><a href="/bszn/index.html">办事指南</a></li></ul>`));
    t.page(b.host, '/xwdt/index.html', () => otherPage(s, '新闻动态', ['首页', '新闻动态'], []));
  }
}

/** The central column's page, and its sub-columns (by body kind, or by year) as columns. */
function centralColumns(t: RouteTable, p: PortalModel, day: number, hubCrumb: string[]): ColumnSpec[] {
  const c = p.central!;
  const place = columnPlace(p, null, c, day);
  const groups = centralGroups(p);
  const s: Shell = { site: `${p.govName}门户网站`, charset: p.charset };
  t.page(place.host, place.entry, () => centralPage(s, c.text, [...hubCrumb, c.text],
    groups.map((g) => ({ text: g.text, href: columnPlace(p, null, c, day, g).entry }))));
  if (place.entry.endsWith('/index.html')) t.alias(place.host, place.entry.slice(0, -'index.html'.length), place.entry);
  if (place.moved && c.move!.old !== 'gone') {
    const old = columnPlace(p, null, c, c.move!.day - 1);
    t.redirect(old.host, old.entry, c.move!.old === 'home' ? '/' : place.entry);
  }
  return groups.map((g) => ({ owner: null, column: c, sub: g, title: g.text, crumb: [...hubCrumb, c.text, g.text], entries: groupEntries(p, g) }));
}
