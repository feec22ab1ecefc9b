/** Every path a site answers on a given day, as ready replies (bytes, type, dates). No I/O. */
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { cellsOn, hanwebColumn, type Profile, type ReportModel, type SiteModel } from './world.js';
import {
  homePage, browserListPage, jsonListPage, noticePage, reportPage, trsListPage, attachmentPage, hanwebColumnPage, hanwebRecordsXml,
  type ListItem,
} from './pages.js';
import { reportDocx, reportPdf } from './documents.js';

export interface Reply {
  status: number;
  body: Buffer;
  contentType: string;
  etag?: string;
  lastModified?: Date;
  location?: string;
  /** Answered only to a POST carrying these form fields (Hanweb's dataproxy); anything else gets 403. */
  post?: Record<string, string>;
}

export type { Profile };

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

const redirect = (location: string, status = 301): Reply => ({ status, body: Buffer.from(''), contentType: 'text/html', location });

const CONTENT_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };

/** `crawlDelay` (seconds) is written only for the realistic profile. */
export function robotsTxt(profile: Profile, crawlDelay = 1): string {
  return `User-agent: *\nDisallow: /search/\nDisallow: /admin/\n${profile === 'realistic' ? `Crawl-delay: ${crawlDelay}\n` : ''}`;
}

/** A report linked again at the top of the list, spelled differently: a crawler must fetch it once. */
function pinnedVariant(site: SiteModel, href: string): string {
  return site.index % 2 === 0 ? `${href}#zoom` : `${href}${href.includes('?') ? '&' : '?'}from=list`;
}

/**
 * A report the list still links but whose page was deleted long ago: a plain 404 on even
 * sites, a soft 404 (200 with 页面不存在) on odd ones.
 */
export const deadLinkPath = (site: SiteModel): string => `${site.listPath.replace(/[^/]*$/, '')}old/t20200325_${site.index}.html`;

/** The list entries of the day: reports and notices, newest first, plus a link into a Disallowed area. */
function listItems(site: SiteModel, day: number): ListItem[] {
  const dir = site.listPath.replace(/[^/]*$/, '');
  const href = (p: string) => (site.style === 'trs' && p.startsWith(dir) ? `./${p.slice(dir.length)}` : p);
  const items: ListItem[] = [];
  for (const r of site.reports) if (cellsOn(r, day)) items.push({ title: r.title, href: href(r.movedFrom ?? r.path), date: r.published });
  for (const n of site.notices) items.push({ title: n.title, href: href(n.path), date: n.published });
  items.push({ title: `${site.county.name}政务公开信息检索`, href: '/search/nb.html?q=年报', date: '2024-12-31' });
  if (site.profile === 'realistic') items.push({ title: `${site.bodyName}2019年政府信息公开工作年度报告`, href: href(deadLinkPath(site)), date: '2020-03-25' });
  const sorted = items.sort((a, b) => b.date.localeCompare(a.date) || a.href.localeCompare(b.href));
  const newest = sorted.find((i) => /年度报告$/.test(i.title));
  return site.profile === 'realistic' && newest ? [{ ...newest, href: pinnedVariant(site, newest.href) }, ...sorted] : sorted;
}

/** The report's page, and its attachment file when it is published as one. */
async function reportRoutes(site: SiteModel, rep: ReportModel, day: number, routes: Map<string, Reply>): Promise<void> {
  const state = cellsOn(rep, day);
  if (!state) return;
  const modified = dayDate(Math.max(state.since, 0));
  if (rep.attachment) {
    const { path, format } = rep.attachment;
    routes.set(rep.path, page(site, attachmentPage(site, rep), modified));
    const bytes = format === 'pdf' ? reportPdf(site, rep, state.cells) : await reportDocx(site, rep, state.cells);
    routes.set(path, withValidators({ status: 200, body: bytes, contentType: CONTENT_TYPES[format], lastModified: modified }));
  } else {
    routes.set(rep.path, page(site, reportPage(site, rep, state.cells), modified));
  }
  // Realistic sites moved some pages with 302 (a CMS's temporary redirect), others 301.
  if (rep.movedFrom) routes.set(rep.movedFrom, redirect(rep.path, site.profile === 'realistic' && rep.id % 2 === 1 ? 302 : 301));
}

/** Hanweb: the column page embeds the first group; later groups come from dataproxy.jsp by POST. */
function hanwebRoutes(site: SiteModel, items: readonly ListItem[], today: Date, routes: Map<string, Reply>): void {
  const xml = (from: number, to: number) => hanwebRecordsXml(items.slice(from - 1, to), items.length);
  routes.set(site.listPath, page(site, hanwebColumnPage(site, items.slice(0, HANWEB_GROUP), items.length, HANWEB_PER_PAGE, HANWEB_GROUP / HANWEB_PER_PAGE), today));
  routes.set(site.listPath.replace(/index\.html$/, ''), routes.get(site.listPath)!);
  for (let start = HANWEB_GROUP + 1; start <= items.length; start += HANWEB_GROUP) {
    const end = Math.min(start + HANWEB_GROUP - 1, items.length);
    const body = Buffer.from(xml(start, end));
    routes.set(`${HANWEB_PROXY}?startrecord=${start}&endrecord=${end}&perpage=${HANWEB_PER_PAGE}`,
      withValidators({ status: 200, body, contentType: 'text/xml;charset=UTF-8', lastModified: today, post: { columnid: String(hanwebColumn(site.index)) } }));
  }
}

export const HANWEB_PROXY = '/module/web/jpage/dataproxy.jsp';
const HANWEB_PER_PAGE = 5;
const HANWEB_GROUP = 2 * HANWEB_PER_PAGE;

export async function buildRoutes(site: SiteModel, day: number, crawlDelay = 1): Promise<Map<string, Reply>> {
  const routes = new Map<string, Reply>();
  const today = dayDate(day);
  routes.set('/robots.txt', { status: 200, body: Buffer.from(robotsTxt(site.profile, crawlDelay)), contentType: 'text/plain' });
  routes.set('/', page(site, homePage(site), today));
  // A dead column moved in a revamp: 301 to the live list.
  routes.set('/zwgk/ndbg/', redirect(site.listPath));
  for (const r of site.reports) await reportRoutes(site, r, day, routes);
  for (const n of site.notices) routes.set(n.path, page(site, noticePage(site, n), today));
  if (site.profile === 'realistic' && site.index % 2 === 1) {
    routes.set(deadLinkPath(site), page(site, noticePage(site, { ...site.notices.find((n) => n.soft404)!, path: deadLinkPath(site) }), today));
  }
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
  } else if (site.style === 'hanweb') {
    hanwebRoutes(site, items, today, routes);
  } else {
    routes.set(site.listPath, page(site, browserListPage(site), today));
    routes.set('/info/data/nb.do?p=1', json({ rows: items.map((i) => ({ t: i.title, u: i.href, d: i.date })) }, today));
  }
  return routes;
}

/** The path the report list of `site` is reached at (absolute list URLs for sites.yaml). */
export const listPaths = (site: SiteModel): string[] => [site.listPath];
