/** Every path a site answers on a given day, as ready replies (bytes, type, dates). Pure. */
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { cellsOn, type SiteModel } from './world.js';
import { homePage, browserListPage, jsonListPage, noticePage, reportPage, trsListPage, type ListItem } from './pages.js';

export interface Reply {
  status: number;
  body: Buffer;
  contentType: string;
  etag?: string;
  lastModified?: Date;
  location?: string;
}

export type Profile = 'realistic' | 'clean';

export const PER_PAGE = 10;
/** Day 0 of the farm's calendar (Last-Modified of unchanged pages). */
const EPOCH = Date.UTC(2025, 3, 1);
const dayDate = (day: number) => new Date(EPOCH + day * 86_400_000);

function page(site: SiteModel, html: string, modified: Date): Reply {
  const gbk = site.charset === 'gbk';
  const body = gbk ? iconv.encode(html, 'gbk') : Buffer.from(html, 'utf8');
  // A GBK site's header names no charset: only the <meta> tells.
  return withValidators({ status: 200, body, contentType: gbk ? 'text/html' : 'text/html; charset=utf-8', lastModified: modified });
}

function json(value: unknown, modified: Date): Reply {
  return withValidators({ status: 200, body: Buffer.from(JSON.stringify(value)), contentType: 'application/json; charset=utf-8', lastModified: modified });
}

function withValidators(r: Reply): Reply {
  return { ...r, etag: `"${createHash('sha1').update(r.body).digest('hex').slice(0, 16)}"` };
}

const redirect = (location: string): Reply => ({ status: 301, body: Buffer.from(''), contentType: 'text/html', location });

export function robotsTxt(profile: Profile): string {
  return `User-agent: *\nDisallow: /search/\nDisallow: /admin/\n${profile === 'realistic' ? 'Crawl-delay: 1\n' : ''}`;
}

/** The list entries of the day: reports and notices, newest first, plus a link into a Disallowed area. */
function listItems(site: SiteModel, day: number): ListItem[] {
  const dir = site.listPath.replace(/[^/]*$/, '');
  const href = (p: string) => (site.style === 'trs' && p.startsWith(dir) ? `./${p.slice(dir.length)}` : p);
  const items: ListItem[] = [];
  for (const r of site.reports) if (cellsOn(r, day)) items.push({ title: r.title, href: href(r.movedFrom ?? r.path), date: r.published });
  for (const n of site.notices) items.push({ title: n.title, href: href(n.path), date: n.published });
  items.push({ title: `${site.county.name}政务公开信息检索`, href: '/search/nb.html?q=年报', date: '2024-12-31' });
  return items.sort((a, b) => b.date.localeCompare(a.date) || a.href.localeCompare(b.href));
}

export function buildRoutes(site: SiteModel, day: number, profile: Profile): Map<string, Reply> {
  const routes = new Map<string, Reply>();
  const today = dayDate(day);
  routes.set('/robots.txt', { status: 200, body: Buffer.from(robotsTxt(profile)), contentType: 'text/plain' });
  routes.set('/', page(site, homePage(site), today));
  // A dead column moved in a revamp: 301 to the live list.
  routes.set('/zwgk/ndbg/', redirect(site.listPath));
  for (const r of site.reports) {
    const state = cellsOn(r, day);
    if (!state) continue;
    routes.set(r.path, page(site, reportPage(site, r, state.cells), dayDate(Math.max(state.since, 0))));
    if (r.movedFrom) routes.set(r.movedFrom, redirect(r.path));
  }
  for (const n of site.notices) routes.set(n.path, page(site, noticePage(site, n), today));
  const items = listItems(site, day);
  const pages = Math.max(1, Math.ceil(items.length / PER_PAGE));
  const slice = (p: number) => items.slice(p * PER_PAGE, (p + 1) * PER_PAGE);
  if (site.style === 'trs') {
    for (let p = 0; p < pages; p++) {
      routes.set(p === 0 ? site.listPath : site.listPath.replace(/index\.html$/, `index_${p}.html`), page(site, trsListPage(site, slice(p), pages, p), today));
    }
    routes.set(site.listPath.replace(/index\.html$/, ''), routes.get(site.listPath)!);
  } else if (site.style === 'json') {
    routes.set(site.listPath, page(site, jsonListPage(site, `/xxgk/api/nb/list?page=1&pageSize=${PER_PAGE}`), today));
    for (let p = 0; p < pages; p++) {
      routes.set(`/xxgk/api/nb/list?page=${p + 1}&pageSize=${PER_PAGE}`, json({ code: 0, data: { total: items.length, pageSize: PER_PAGE, page: p + 1,
        list: slice(p).map((i) => ({ title: i.title, url: i.href, date: i.date })) } }, today));
    }
  } else {
    routes.set(site.listPath, page(site, browserListPage(site), today));
    routes.set('/info/data/nb.do?p=1', json({ rows: items.map((i) => ({ t: i.title, u: i.href, d: i.date })) }, today));
  }
  return routes;
}

/** The path the report list of `site` is reached at (absolute list URLs for sites.yaml). */
export const listPaths = (site: SiteModel): string[] => [site.listPath];
