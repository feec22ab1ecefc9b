/**
 * The ground truth of the portals profile on a day: every published report
 * (table values computed only when read), every 年报 column with the link texts
 * that lead to it from the home page, and the items that are not template reports.
 */
import type { ExpectedReport } from '../index.js';
import { reportText } from '../pages.js';
import { cellsOn, type SiteModel } from '../world.js';
import { centralGroups, type BodyModel, type BodyKind, type PortalModel } from './portal-model.js';
import { attachmentPath, columnPlace, dirPath, listEntry, reportPath, type ColumnPlace } from './portal-paths.js';
import { bodyEntries, groupEntries, isReport, onDay, reportModel, type Entry } from './portal-reports.js';

export interface ExpectedColumn {
  readonly siteId: string;
  /** The body whose reports it lists (the government for a central column). */
  readonly body: string;
  readonly kind: BodyKind;
  /** Where its link points, and where its list is (differs behind an iframe or a redirect). */
  readonly entryUrl: string;
  readonly listUrl: string;
  /** Link texts from the home page to the column. */
  readonly trail: readonly string[];
  /** A central column, or one of its sub-columns (its slug). */
  readonly central: boolean;
  readonly sub: string | null;
  /** Its address before it moved, on a day after the move. */
  readonly movedFrom: string | null;
  readonly reports: number;
  /** Its reports' page addresses on the day (a central column's are its sub-columns'). */
  readonly reportUrls: readonly string[];
}

/** Not a template report: a 2018 free-form report, or a notice/指南/目录 in a 年报 column. */
export interface ExpectedOther {
  readonly siteId: string;
  readonly url: string;
  readonly title: string;
  readonly kind: 'freeform' | 'notice';
}

export interface Placed {
  readonly portal: PortalModel;
  readonly owner: BodyModel | null;
  readonly place: ColumnPlace;
  readonly sub: { slug: string; uid: number; text: string } | null;
  readonly entries: readonly Entry[];
}

/** Every column of a portal on a day, with the entries it lists (the central one's sub-columns separately). */
export function placedColumns(p: PortalModel, day: number): Placed[] {
  const out: Placed[] = [];
  for (const b of p.bodies) if (b.column) out.push({ portal: p, owner: b, place: columnPlace(p, b, b.column, day), sub: null, entries: bodyEntries(p, b) });
  for (const g of centralGroups(p)) {
    const sub = { slug: g.slug, uid: g.uid, text: g.text };
    out.push({ portal: p, owner: null, place: columnPlace(p, null, p.central!, day, sub), sub, entries: groupEntries(p, g) });
  }
  return out;
}

type Url = (host: number, path: string) => string;

export function expectedColumns(p: PortalModel, day: number, url: Url): ExpectedColumn[] {
  const cols = placedColumns(p, day);
  const trailTo = (owner: BodyModel | null): string[] => {
    if (!owner || owner.kind === 'government') return [p.hub.text];
    const dir = p.directories.find((d) => d.bodies.includes(owner.k));
    return [p.hub.text, dir?.text ?? '', owner.linkText];
  };
  const reportUrls = (c: Placed) => c.entries.filter((e) => isReport(e) && onDay(e, day)).map((e) => url(c.place.host, reportPath(p, c.place, e.id, e.published)));
  const out: ExpectedColumn[] = cols.filter((c) => c.sub === null).map((c) => {
    const before = c.owner!.column!.move && c.place.moved ? columnPlace(p, c.owner, c.owner!.column!, c.owner!.column!.move.day - 1) : null;
    return {
      siteId: p.id, body: c.owner!.name, kind: c.owner!.kind, entryUrl: url(c.place.host, c.place.entry), listUrl: url(c.place.host, listEntry(p, c.place)),
      trail: [...trailTo(c.owner), c.owner!.column!.text], central: false, sub: null, movedFrom: before ? url(before.host, before.entry) : null,
      reports: c.entries.filter((e) => isReport(e) && onDay(e, day)).length, reportUrls: reportUrls(c),
    };
  });
  if (p.central) {
    const place = columnPlace(p, null, p.central, day);
    const before = p.central.move && place.moved ? columnPlace(p, null, p.central, p.central.move.day - 1) : null;
    const subs = cols.filter((c) => c.sub);
    out.push({ siteId: p.id, body: p.govName, kind: 'government', entryUrl: url(place.host, place.entry), listUrl: url(place.host, place.entry),
      trail: [p.hub.text, p.central.text], central: true, sub: null, movedFrom: before ? url(before.host, before.entry) : null,
      reports: subs.reduce((n, c) => n + c.entries.filter((e) => isReport(e) && onDay(e, day)).length, 0), reportUrls: subs.flatMap(reportUrls) });
    for (const c of subs) {
      out.push({ siteId: p.id, body: p.govName, kind: 'government', entryUrl: url(c.place.host, c.place.entry), listUrl: url(c.place.host, c.place.entry),
        trail: [p.hub.text, p.central.text, c.sub!.text], central: true, sub: c.sub!.slug, movedFrom: null,
        reports: c.entries.filter((e) => isReport(e) && onDay(e, day)).length, reportUrls: reportUrls(c) });
    }
  }
  return out;
}

/** `siteFor` gives the renderers' site of a column (for the narrative a report's page prints). */
export function expectedReports(p: PortalModel, day: number, url: Url, siteFor: (c: Placed) => SiteModel): ExpectedReport[] {
  const out: ExpectedReport[] = [];
  for (const c of placedColumns(p, day)) {
    for (const e of c.entries) {
      if (!isReport(e) || !onDay(e, day)) continue;
      const path = reportPath(p, c.place, e.id, e.published);
      const file = e.format ? attachmentPath(path, e.id, e.published, e.format) : null;
      const page = url(c.place.host, path);
      const model = () => reportModel(p, e, path, file);
      const rep = {
        siteId: p.id, id: `${p.id}/${e.id}`, url: page, finalUrl: page, year: e.year, template: e.layout.template, title: e.title, body: e.body.name, flaws: [],
        otherAsOneRow: e.layout.otherAsOneRow, flattened: e.flattened, published: e.published,
        attachment: file && e.format ? { url: url(c.place.host, file), format: e.format } : null,
      } as Omit<ExpectedReport, 'cells' | 'narrative'>;
      // Table values and prose are computed when read: a farm of thousands of portals lists its reports cheaply.
      Object.defineProperty(rep, 'cells', { enumerable: true, get: () => cellsOn(model(), day)!.cells });
      Object.defineProperty(rep, 'narrative', { enumerable: true, get: () => reportText(siteFor(c), model(), cellsOn(model(), day)!.cells) });
      out.push(rep as ExpectedReport);
    }
  }
  return out;
}

export function expectedOthers(p: PortalModel, day: number, url: Url): ExpectedOther[] {
  return placedColumns(p, day).flatMap((c) => c.entries.filter((e) => !isReport(e) && onDay(e, day))
    .map((e) => ({ siteId: p.id, url: url(c.place.host, reportPath(p, c.place, e.id, e.published)), title: e.title, kind: e.kind as 'freeform' | 'notice' })));
}

/** Pages a finder passes on the way (hub, directories): for tests that look at evidence. */
export const directoryUrls = (p: PortalModel, url: Url): string[] => p.directories.map((d) => url(p.hubHost, dirPath(p, d, 0)));
