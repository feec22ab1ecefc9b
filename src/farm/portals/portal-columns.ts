/**
 * Routes of one 年报 column on a day: the entry (direct, iframe, meta refresh,
 * script), the list pages in the column's list style, every item's page, the
 * report files, and what the column's old address answers after it moved.
 * Lists and report pages are the realistic profile's renderers; bodies render lazily.
 */
import type { County } from '../regions.js';
import { hanwebColumnPage, hanwebRecordsXml, jsonListPage, noticePage, reportPage, trsListPage, attachmentPage, type ListItem } from '../pages.js';
import { reportDocx, reportPdf } from '../documents.js';
import { rng } from '../../synth/random.js';
import { cellsOn, hanwebColumn, type SiteModel } from '../world.js';
import { HANWEB_PROXY } from '../routes.js';
import type { BodyModel, ColumnModel, PortalModel } from './portal-model.js';
import { attachmentPath, columnPlace, jsonApiPath, listEntry, listPagePath, reportPath, type ColumnPlace } from './portal-paths.js';
import { framePage, freeFormReportPage, pagerListPage, refreshPage, scriptRedirectPage, type Shell } from './portal-pages.js';
import { isReport, onDay, reportModel, versionOn, type Entry } from './portal-reports.js';
import type { RouteTable } from './route-table.js';

export const PER_PAGE = 10;
const HANWEB_PER_PAGE = 5;
const HANWEB_GROUP = 2 * HANWEB_PER_PAGE;

const CONTENT_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

/** The realistic renderers' view of a column: its body as the site, its list style and path. */
function siteModel(p: PortalModel, bodyName: string, place: ColumnPlace, county: County): SiteModel {
  return {
    index: place.list === 'hanweb' ? place.uid - hanwebColumn(0) : p.index, id: p.id, county, bodyName,
    style: place.list === 'pager' ? 'trs' : place.list, charset: p.charset, listPath: listEntry(p, place),
    profile: 'realistic', reports: [], notices: [],
  };
}

export interface ColumnSpec {
  readonly owner: BodyModel | null;
  readonly column: ColumnModel;
  readonly sub?: { slug: string; uid: number };
  readonly title: string;
  readonly crumb: readonly string[];
  readonly entries: readonly Entry[];
}

/** Items of the day, newest first, with the page path of each. */
function items(p: PortalModel, place: ColumnPlace, entries: readonly Entry[], day: number): Array<{ entry: Entry; path: string; item: ListItem }> {
  return entries.filter((e) => onDay(e, day))
    .map((entry) => { const path = reportPath(p, place, entry.id, entry.published); return { entry, path, item: { title: entry.title, href: path, date: entry.published } }; })
    .sort((a, b) => b.item.date.localeCompare(a.item.date) || a.path.localeCompare(b.path));
}

/** Adds the column's routes for `day` to `t`. */
export function columnRoutes(t: RouteTable, p: PortalModel, spec: ColumnSpec, day: number): void {
  const place = columnPlace(p, spec.owner, spec.column, day, spec.sub);
  const body = spec.owner?.name ?? p.govName;
  const site = siteModel(p, spec.owner && spec.owner.host > p.hubHost ? body : p.govName, place, p.county);
  const shellOf: Shell = { site: site.bodyName, charset: p.charset };
  const first = listEntry(p, place);
  const h = place.host;
  // The column link's target, when the list is elsewhere.
  if (place.reach === 'iframe') t.page(h, place.entry, () => framePage(shellOf, spec.title, spec.crumb, first));
  else if (place.reach === 'refresh') t.page(h, place.entry, () => refreshPage(shellOf, spec.title, first));
  else if (place.reach === 'script') t.page(h, place.entry, () => scriptRedirectPage(shellOf, spec.title, first));
  const listed = items(p, place, spec.entries, day);
  listRoutes(t, p, place, site, shellOf, spec, listed.map((x) => x.item));
  for (const { entry, path } of listed) entryRoutes(t, p, place, site, entry, path, day);
  if (spec.column.move && place.moved) movedRoutes(t, p, spec, day, place);
}

function listRoutes(t: RouteTable, p: PortalModel, place: ColumnPlace, site: SiteModel, s: Shell, spec: ColumnSpec, list: ListItem[]): void {
  const h = place.host;
  const first = listEntry(p, place);
  const pages = Math.max(1, Math.ceil(list.length / PER_PAGE));
  const slice = (n: number) => list.slice(n * PER_PAGE, (n + 1) * PER_PAGE);
  switch (place.list) {
    case 'trs':
      for (let n = 0; n < pages; n++) t.page(h, n === 0 ? first : listPagePath(p, place, n), () => trsListPage(site, slice(n), pages, n));
      break;
    case 'pager':
      for (let n = 0; n < pages; n++) {
        t.page(h, n === 0 ? first : listPagePath(p, place, n), () => pagerListPage(s, spec.title, spec.crumb, slice(n), n, pages, (k) => (k === 0 ? first : listPagePath(p, place, k))));
      }
      break;
    case 'json':
      t.page(h, first, () => jsonListPage(site, jsonApiPath(place, 1, PER_PAGE)));
      for (let n = 0; n < pages; n++) {
        t.json(h, jsonApiPath(place, n + 1, PER_PAGE), () => ({ code: 0, data: { total: list.length, pageSize: PER_PAGE, page: n + 1,
          list: slice(n).map((i) => ({ title: i.title, url: i.href, date: i.date })) } }));
      }
      break;
    case 'hanweb':
      t.page(h, first, () => hanwebColumnPage(site, list.slice(0, HANWEB_GROUP), list.length, HANWEB_PER_PAGE, HANWEB_GROUP / HANWEB_PER_PAGE));
      for (let start = HANWEB_GROUP + 1; start <= list.length; start += HANWEB_GROUP) {
        const end = Math.min(start + HANWEB_GROUP - 1, list.length);
        t.post(h, `${HANWEB_PROXY}?startrecord=${start}&endrecord=${end}&perpage=${HANWEB_PER_PAGE}`, String(place.uid),
          () => hanwebRecordsXml(list.slice(start - 1, end), list.length));
      }
      break;
  }
  // Directories answer for their index page too.
  if (first.endsWith('/index.html')) t.alias(h, first.slice(0, -'index.html'.length), first);
}

function entryRoutes(t: RouteTable, p: PortalModel, place: ColumnPlace, site: SiteModel, e: Entry, path: string, day: number): void {
  const h = place.host;
  if (isReport(e)) {
    const v = versionOn(e, day);
    const file = e.format ? attachmentPath(path, e.id, e.published, e.format) : null;
    const model = () => reportModel(p, e, path, file);
    const cells = () => cellsOn(model(), day)!.cells;
    const key = `${e.id}:${v.version}`;
    if (file && e.format) {
      const fmt = e.format;
      t.page(h, path, () => attachmentPage(site, model()), { key, day: v.since });
      t.file(h, file, CONTENT_TYPES[fmt], () => (fmt === 'pdf' ? reportPdf(site, model(), cells()) : reportDocx(site, model(), cells())), { key, day: v.since });
    } else {
      t.page(h, path, () => reportPage(site, model(), cells()), { key, day: v.since });
    }
  } else if (e.kind === 'freeform') {
    t.page(h, path, () => freeFormReportPage({ site: site.bodyName, charset: p.charset }, e.title, e.body.name, e.published, rng(e.id, 'free')), { key: `${e.id}`, day: 0 });
  } else {
    t.page(h, path, () => noticePage(site, { id: e.id, title: e.title, path, published: e.published, soft404: false }), { key: `${e.id}`, day: 0 });
  }
}

/** The column's old address after it moved: gone (404), a 301 to the new entry, or a 301 home (dead columns do). */
function movedRoutes(t: RouteTable, p: PortalModel, spec: ColumnSpec, day: number, now: ColumnPlace): void {
  const old = columnPlace(p, spec.owner, spec.column, Math.min(day, spec.column.move!.day - 1), spec.sub);
  const how = spec.column.move!.old;
  if (how === 'gone') return;
  t.redirect(old.host, old.entry, how === 'home' ? '/' : now.entry);
  if (old.entry.endsWith('/index.html')) t.redirect(old.host, old.entry.slice(0, -'index.html'.length), how === 'home' ? '/' : now.entry);
  if (how === 'redirect') {
    // A careful revamp maps old report addresses to new ones.
    for (const e of spec.entries) if (onDay(e, day)) t.redirect(old.host, reportPath(p, old, e.id, e.published), reportPath(p, now, e.id, e.published));
  }
}
