/**
 * The farm's world: which sites exist, which bodies publish which reports, and
 * how that changes from day to day. Pure data from the seed; no I/O.
 */
import type { TemplateId } from '../model/report.js';
import { generateCells, editCells, type Cells, type Layout } from '../synth/cells.js';
import type { AttachmentFormat } from '../synth/documents.js';
import { rng } from '../synth/random.js';
import { pickCounties, type County } from './regions.js';

export type ListStyle = 'trs' | 'json' | 'browser' | 'hanweb';
/**
 * 'clean': orderly sites (TRS, JSON and browser-only lists, HTML reports, no
 * faults) for benchmarks and content tests. 'realistic': also Hanweb lists,
 * reports published only as PDF/DOCX attachments, duplicate links and URL
 * variants, dead links, and (served by the farm) faults and challenges.
 */
export type Profile = 'realistic' | 'clean';
export type { AttachmentFormat };
/** Deliberate inconsistencies the checks should flag. */
export type Flaw = 'balance' | 'narrative-figure' | 'wrong-level';

export interface SiteModel {
  index: number;
  id: string;
  county: County;
  bodyName: string;
  style: ListStyle;
  charset: 'utf-8' | 'gbk';
  /** Path of the first list page. */
  listPath: string;
  profile: Profile;
  reports: ReportModel[];
  notices: NoticeModel[];
}

export interface ReportModel {
  id: number;
  body: string;
  year: number;
  layout: Layout;
  title: string;
  path: string;
  published: string;
  /** Day it appears (0 = initially) and day it is removed (404), if ever. */
  addedOn: number;
  removedOn: number | null;
  /** Cells as published on day 0 of its life, then after each edit day. */
  versions: { day: number; cells: Cells }[];
  flaws: Flaw[];
  /** Flattened table (one `<p>` per cell) instead of `<table>`. */
  flattened: boolean;
  /** Linked from the list by an old `.htm` URL that answers 301 (302 for some in the realistic profile). */
  movedFrom: string | null;
  /** The page only links the report as a file (realistic profile): its path and format. */
  attachment: { path: string; format: AttachmentFormat } | null;
}

export interface NoticeModel { id: number; title: string; path: string; published: string; soft404: boolean }

const DEPARTMENTS = ['教育局', '财政局', '卫生健康局', '民政局', '自然资源局', '市场监督管理局', '人力资源和社会保障局', '交通运输局', '农业农村局', '住房和城乡建设局'];
const YEARS = [2020, 2021, 2022, 2023, 2024];
/** Days the world is simulated for; setDay beyond this is clamped. */
export const MAX_DAY = 10;

const pad = (n: number) => String(n).padStart(2, '0');

function styleOf(i: number, profile: Profile): ListStyle {
  if (i % 10 === 9) return 'browser';
  if (profile === 'realistic' && i % 10 === 5) return 'hanweb';
  return i % 4 === 1 ? 'json' : 'trs';
}

/** Hanweb's column id of a site. */
export const hanwebColumn = (siteIdx: number): number => 1229 + siteIdx;

function detailPath(style: ListStyle, id: number, published: string, siteIdx: number): string {
  const [y, m, d] = published.split('-');
  if (style === 'hanweb') return `/art/${y}/${Number(m)}/${Number(d)}/art_${hanwebColumn(siteIdx)}_${id}.html`;
  if (style === 'trs') return `/zfxxgk/zfxxgknb/${y}${m}/t${y}${m}${d}_${id}.html`;
  if (style === 'json') return `/xxgk/nb/content/post_${id}.html`;
  return `/info/1024/${id}.htm`;
}

function listPath(style: ListStyle, siteIdx: number): string {
  if (style === 'hanweb') return `/col/col${hanwebColumn(siteIdx)}/index.html`;
  return style === 'trs' ? '/zfxxgk/zfxxgknb/index.html' : style === 'json' ? '/xxgk/nb/index.html' : '/info/nb/list.htm';
}

function layoutFor(seed: number, siteIdx: number, body: string, year: number): Layout {
  const r = rng(seed, siteIdx, body, year, 'layout');
  // One in eight 2021+ reports still uses the 2019 format; some 2021-format ones keep （六） as one row.
  const template: TemplateId = year <= 2020 || r.chance(1 / 8) ? '2019' : '2021';
  return { template, otherAsOneRow: template === '2021' && r.chance(1 / 6) };
}

function flawsFor(seed: number, siteIdx: number, id: number, level: '县' | '市'): Flaw[] {
  const r = rng(seed, siteIdx, id, 'flaw');
  if (!r.chance(0.08)) return [];
  const options: Flaw[] = level === '市' ? ['balance', 'narrative-figure', 'wrong-level'] : ['balance', 'narrative-figure'];
  return [r.pick(options)];
}

/** Within the 条例's deadlines: departments by 1月31日, the government by 3月31日, bunched near them. */
function publishedOn(seed: number, siteIdx: number, body: string, year: number, government: boolean): string {
  const r = rng(seed, siteIdx, body, year, 'date');
  return government ? `${year + 1}-${pad(r.int(1, 3))}-${pad(r.int(1, 28))}` : `${year + 1}-01-${pad(r.int(5, 31))}`;
}

function makeReport(seed: number, site: Omit<SiteModel, 'reports' | 'notices'>, body: string, year: number,
  id: number, addedOn: number, prev: Cells | undefined): ReportModel {
  const layout = layoutFor(seed, site.index, body, year);
  let cells = generateCells(rng(seed, site.index, body, year, 'cells'), layout, { prev });
  const flaws = flawsFor(seed, site.index, id, site.county.level);
  if (flaws.includes('balance')) {
    // Carry one more forward than the balance allows: 新收+结转 ≠ 总计+结转下年.
    cells = { ...cells, 'applications.carried_forward.natural_person': (cells['applications.carried_forward.natural_person'] as number) + 1,
      'applications.carried_forward.total': (cells['applications.carried_forward.total'] as number) + 1 };
  }
  const published = publishedOn(seed, site.index, body, year, body === site.bodyName);
  const r = rng(seed, site.index, id, 'render');
  const path = detailPath(site.style, id, published, site.index);
  const flattened = r.chance(1 / 6);
  const asFile = site.profile === 'realistic' && !flattened && r.chance(1 / 5);
  const format: AttachmentFormat = id % 2 === 0 ? 'pdf' : 'docx';
  return {
    id, body, year, layout, title: `${body}${year}年政府信息公开工作年度报告`, path, published,
    addedOn, removedOn: null, versions: [{ day: addedOn, cells }], flaws,
    flattened,
    movedFrom: site.style === 'trs' && r.chance(1 / 10) ? path.replace(/\.html$/, '.htm') : null,
    attachment: asFile ? { path: `${path.replace(/[^/]*$/, '')}P0${published.replace(/-/g, '')}${id}.${format}`, format } : null,
  };
}

function makeNotices(seed: number, site: Omit<SiteModel, 'reports' | 'notices'>): NoticeModel[] {
  const r = rng(seed, site.index, 'notices');
  const name = site.county.name;
  const titles = [
    `关于印发${name}2024年政务公开工作要点的通知`,
    `${name}人民政府信息公开指南`,
    `关于做好2023年度政府信息公开工作年度报告编制发布工作的通知`,
    `${name}2023年第${r.int(1, 4)}季度政务公开工作情况通报`,
    `${name}依申请公开工作流程`,
  ];
  return titles.map((title, k) => {
    const id = 90000 + site.index * 100 + k;
    const published = `202${r.int(2, 4)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
    return { id, title, path: detailPath(site.style, id, published, site.index), published, soft404: k === 4 };
  });
}

/** The whole world for a seed: sites with their reports over days 0…MAX_DAY. */
export function buildWorld(seed: number, n: number, profile: Profile = 'clean'): SiteModel[] {
  const counties = pickCounties(rng(seed, 'counties'), n);
  return counties.map((county, index) => {
    const style = styleOf(index, profile);
    const base = {
      index, county, style, profile, id: `s${String(index).padStart(3, '0')}-${county.code}`,
      bodyName: `${county.name}人民政府`,
      charset: (index % 7 === 3 ? 'gbk' : 'utf-8') as SiteModel['charset'],
      listPath: listPath(style, index),
    };
    const r = rng(seed, index, 'bodies');
    const bodies = [base.bodyName, ...DEPARTMENTS.slice(0, r.int(2, 3)).map((d) => `${county.name}${d}`)];
    const reports: ReportModel[] = [];
    let next = 10000 + index * 1000;
    for (const body of bodies) {
      let prev: Cells | undefined;
      for (const year of YEARS) {
        const rep = makeReport(seed, base, body, year, next++, 0, prev);
        prev = rep.versions[0]!.cells;
        reports.push(rep);
      }
    }
    evolve(seed, base, reports, () => next++);
    return { ...base, reports, notices: makeNotices(seed, base) };
  });
}

/** Days 1…MAX_DAY: silent edits, removals, and one new department report per site per day. */
function evolve(seed: number, site: Omit<SiteModel, 'reports' | 'notices'>, reports: ReportModel[], nextId: () => number): void {
  for (let day = 1; day <= MAX_DAY; day++) {
    // One generator per site and day, drawn in report order: deterministic and cheap.
    const r = rng(seed, site.index, 'day', day);
    for (const rep of reports) {
      if (rep.removedOn !== null || rep.addedOn >= day) continue;
      if (r.chance(0.03)) rep.removedOn = day;
      else if (r.chance(0.08)) rep.versions.push({ day, cells: editCells(r, rep.versions.at(-1)!.cells, rep.layout) });
    }
    const dept = DEPARTMENTS[(3 + day) % DEPARTMENTS.length]!;
    const body = `${site.county.name}${dept}${day > 6 ? `第${day}分局` : ''}`;
    reports.push(makeReport(seed, site, body, 2024, nextId(), day, undefined));
  }
}

/** The report as it stands on `day`, or null if not published then. */
export function cellsOn(rep: ReportModel, day: number): { cells: Cells; version: number; since: number } | null {
  if (rep.addedOn > day || (rep.removedOn !== null && rep.removedOn <= day)) return null;
  let v = 0;
  for (let k = 0; k < rep.versions.length; k++) if (rep.versions[k]!.day <= day) v = k;
  return { cells: rep.versions[v]!.cells, version: v, since: rep.versions[v]!.day };
}
