/**
 * What each body publishes in its column: national-template reports (HTML or
 * only a PDF/DOCX file), a 2018 report in free form, and items that are not
 * reports (notices, 指南, 目录, 解读). Metadata is cheap and drawn from the
 * seed; table values are generated only when a page is rendered, and cached
 * for a few hundred bodies, so a farm of thousands of portals starts at once.
 */
import type { TemplateId } from '../../model/report.js';
import { editCells, generateCells, type Cells, type Layout } from '../../synth/cells.js';
import { rng } from '../../synth/random.js';
import { MAX_DAY, type ReportModel } from '../world.js';
import type { BodyModel, CentralGroup, PortalModel } from './portal-model.js';

export type EntryKind = 'report' | 'freeform' | 'notice';

export interface Entry {
  readonly kind: EntryKind;
  readonly id: number;
  readonly body: BodyModel;
  readonly title: string;
  /** yyyy-mm-dd as the list and page state it. */
  readonly published: string;
  /** The report year (reports and free-form reports). */
  readonly year: number | null;
  /** Day the entry appears in its column. */
  readonly addedOn: number;
}

export interface ReportEntry extends Entry {
  readonly kind: 'report';
  readonly year: number;
  readonly layout: Layout;
  readonly flattened: boolean;
  /** Published only as this file. */
  readonly format: 'pdf' | 'docx' | null;
  /** Days the report was silently edited. */
  readonly editDays: readonly number[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** How a body titles its reports; townships sometimes leave their name out (the column says whose it is). */
const TITLES: ReadonlyArray<(body: string, year: number) => string> = [
  (b, y) => `${b}${y}年政府信息公开工作年度报告`,
  (b, y) => `${b}${y}年度政府信息公开工作报告`,
  (b, y) => `${y}年${b}政府信息公开工作年度报告`,
  (b, y) => `${b}${y}年度政府信息公开工作年度报告`,
];

const NOTICES: ReadonlyArray<(name: string, year: number) => string> = [
  (n, y) => `关于印发${n}${y}年政务公开工作要点的通知`,
  (n) => `${n}政府信息公开指南`,
  (n) => `${n}政府信息公开目录`,
  (_n, y) => `关于做好${y}年度政府信息公开工作年度报告编制发布工作的通知`,
  (n, y) => `${n}${y}年度法治政府建设情况报告`,
  (_n, y) => `图解：${y}年政府信息公开工作年度报告解读`,
  (n, y) => `${n}${y}年政务公开工作情况通报`,
];

function layoutOf(seed: number, p: PortalModel, b: BodyModel, year: number): Layout {
  const r = rng(seed, 'portal', p.index, b.k, year, 'layout');
  const template: TemplateId = year <= 2020 || r.chance(1 / 8) ? '2019' : '2021';
  return { template, otherAsOneRow: template === '2021' && r.chance(1 / 6) };
}

const entryId = (p: PortalModel, b: BodyModel, slot: number) => ((p.index * 2000 + 1000 + b.k) * 16) + slot;

/** Everything in a body's column over the farm's days (filter by `addedOn` for a day). */
export function bodyEntries(p: PortalModel, b: BodyModel): Entry[] {
  const out: Entry[] = [];
  const tr = rng(p.seed, 'portal', p.index, b.k, 'titles');
  const generic = b.kind === 'township' && tr.chance(0.1);
  const title = TITLES[tr.int(0, TITLES.length - 1)]!;
  const government = b.kind === 'government';
  b.years.forEach((year, slot) => {
    const r = rng(p.seed, 'portal', p.index, b.k, year, 'report');
    const published = government ? `${year + 1}-${pad(r.int(1, 3))}-${pad(r.int(1, 28))}` : `${year + 1}-01-${pad(r.int(5, 31))}`;
    const flattened = r.chance(1 / 6);
    const format = !flattened && r.chance(1 / 5) ? (r.chance(0.5) ? 'pdf' : 'docx') : null;
    const editDays = Array.from({ length: MAX_DAY }, (_v, i) => i + 1).filter((d) => rng(p.seed, 'portal', p.index, b.k, year, 'edit', d).chance(0.03));
    const entry: ReportEntry = {
      kind: 'report', id: entryId(p, b, slot), body: b, year, published, addedOn: b.lateYear === year ? 1 : 0,
      title: generic ? `${year}年政府信息公开工作年度报告` : title(b.name, year),
      layout: layoutOf(p.seed, p, b, year), flattened, format, editDays,
    };
    out.push(entry);
  });
  if (b.freeForm2018) {
    out.push({ kind: 'freeform', id: entryId(p, b, 8), body: b, year: 2018, addedOn: 0, published: `2019-03-${pad(5 + (b.k % 20))}`,
      title: generic ? '2018年政府信息公开工作年度报告' : title(b.name, 2018) });
  }
  const nr = rng(p.seed, 'portal', p.index, b.k, 'notices');
  const picks = new Set<number>();
  const n = nr.int(1, 3);
  while (picks.size < n) picks.add(nr.int(0, NOTICES.length - 1));
  [...picks].forEach((which, i) => {
    const year = nr.int(2021, 2024);
    out.push({ kind: 'notice', id: entryId(p, b, 9 + i), body: b, year: null, addedOn: 0,
      published: `${year}-${pad(nr.int(1, 12))}-${pad(nr.int(1, 28))}`, title: NOTICES[which]!(b.name, year) });
  });
  return out;
}

export const isReport = (e: Entry): e is ReportEntry => e.kind === 'report';
export const onDay = (e: Entry, day: number): boolean => e.addedOn <= day;

/** Cells of a body's reports, by year, each with its edited versions: generated on demand, a few hundred bodies kept. */
const cellCache = new Map<string, Map<number, Cells[]>>();
const CACHE_BODIES = 400;

function versionsOf(p: PortalModel, b: BodyModel, reports: readonly ReportEntry[]): Map<number, Cells[]> {
  const key = `${p.seed}:${p.index}:${b.k}`;
  let m = cellCache.get(key);
  if (m) {
    cellCache.delete(key);
    cellCache.set(key, m);
    return m;
  }
  m = new Map();
  let prev: Cells | undefined;
  // Oldest first: 上年结转 carries last year's 结转下年度.
  for (const rep of [...reports].sort((a, c) => a.year - c.year)) {
    const first = generateCells(rng(p.seed, 'portal', p.index, b.k, rep.year, 'cells'), rep.layout, { prev });
    const versions = [first];
    for (const d of rep.editDays) versions.push(editCells(rng(p.seed, 'portal', p.index, b.k, rep.year, 'edited', d), versions.at(-1)!, rep.layout));
    m.set(rep.year, versions);
    prev = first;
  }
  cellCache.set(key, m);
  if (cellCache.size > CACHE_BODIES) cellCache.delete(cellCache.keys().next().value!);
  return m;
}

/** The realistic profile's report model for the renderers, with every version's cells. */
export function reportModel(p: PortalModel, rep: ReportEntry, path: string, file: string | null): ReportModel {
  const reports = bodyEntries(p, rep.body).filter(isReport);
  const cells = versionsOf(p, rep.body, reports).get(rep.year)!;
  const days = [rep.addedOn, ...rep.editDays.filter((d) => d > rep.addedOn)];
  return {
    id: rep.id, body: rep.body.name, year: rep.year, layout: rep.layout, title: rep.title, path, published: rep.published,
    addedOn: rep.addedOn, removedOn: null, versions: days.map((day, i) => ({ day, cells: cells[Math.min(i, cells.length - 1)]! })),
    flaws: [], flattened: rep.flattened, movedFrom: null,
    attachment: rep.format && file ? { path: file, format: rep.format } : null,
  };
}

/** The version of a report current on `day`: its index and the day it dates from (for validators without rendering). */
export function versionOn(rep: ReportEntry, day: number): { version: number; since: number } {
  const days = [rep.addedOn, ...rep.editDays.filter((d) => d > rep.addedOn)];
  let v = 0;
  for (let i = 0; i < days.length; i++) if (days[i]! <= day) v = i;
  return { version: v, since: days[v]! };
}

/** What a central sub-column lists: its bodies' reports (of its year), the government's notices. */
export function groupEntries(p: PortalModel, g: CentralGroup): Entry[] {
  return g.bodies.flatMap((b) => bodyEntries(p, b).filter((e) => (g.year === null ? e.kind !== 'notice' || b.kind === 'government' : e.year === g.year)));
}
