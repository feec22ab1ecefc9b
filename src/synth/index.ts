/**
 * Synthetic reports (contract 3): cells consistent with every identity of the template and a
 * narrative restating them, from a seed. Used to measure the checks (inject one known fault,
 * expect exactly that rule) and to feed the farm.
 */
import type { Level } from '../model/body.js';
import { kindOfName } from '../model/body-kind.js';
import type { Report, TemplateId } from '../model/report.js';
import { rng } from './random.js';
import { consistentCells } from './cells.js';
import { narrative, LEVEL_CHAR } from './narrative.js';

export { LEVEL_CHAR } from './narrative.js';

export interface SynthReport {
  template: TemplateId; otherAsOneRow: boolean; year: number;
  organization: string; level: Level; regionName: string; title: string;
  /** Every key of the template, consistent with all identities. */
  cells: Record<string, number | null>;
  /** 一、总体情况 … restating figures that match the table. */
  narrative: string;
  /** yyyy-mm-dd, before the deadline. */
  publishedDate: string;
}

type Opts = Partial<Pick<SynthReport, 'template' | 'year' | 'organization' | 'level' | 'regionName' | 'otherAsOneRow'>>;

const NAME_CHARS = '安宝昌城崇丰福高光广海和华嘉江金景乐临龙茂南宁平庆仁瑞山寿泰天万武兴阳永云泽长';
const DEPARTMENTS = ['教育局', '财政局', '民政局', '自然资源局', '生态环境局', '交通运输局', '卫生健康委员会', '市场监督管理局'];

/** A region name unique per seed (below 41³): distinct seeds are distinct bodies. */
function regionName(seed: number, level: Level): string {
  const n = NAME_CHARS.length, s = Math.abs(Math.trunc(seed));
  const chars = [s % n, Math.floor(s / n) % n, Math.floor(s / n / n) % n].map((i) => NAME_CHARS[i]);
  return `${chars.join('')}${LEVEL_CHAR[level]}`;
}

export function generateReport(seed: number, opts: Opts = {}): SynthReport {
  const r = rng(seed);
  const template = opts.template ?? (opts.year !== undefined ? (opts.year >= 2021 ? '2021' : '2019') : r.chance(0.75) ? '2021' : '2019');
  const year = opts.year ?? (template === '2021' ? r.int(2021, 2024) : r.int(2019, 2020));
  const level = opts.level ?? r.pick<Level>(['省', '市', '市', '县', '县', '县', '县', '乡', '乡']);
  const otherAsOneRow = template === '2021' && (opts.otherAsOneRow ?? r.chance(0.2));
  const region = opts.regionName ?? regionName(seed, level);
  const organization = opts.organization ?? (level === '乡' || r.chance(0.6) ? `${region}人民政府` : `${region}${r.pick(DEPARTMENTS)}`);
  const cells = consistentCells(r, template, otherAsOneRow, level);
  const n = (k: string) => (cells[k] ?? 0) as number;
  const text = narrative(r, {
    template, year, level, organization,
    applications: n('applications.new_received.total'), granted: n('applications.granted.total'),
    issued: template === '2021' ? n('active.normative_documents.issued') : null,
    repealed: template === '2021' ? n('active.normative_documents.repealed') : null,
    review: n('review.total'), litigation: n('litigation_direct.total') + n('litigation_after_review.total'),
  });
  const day = String(r.int(5, 28)).padStart(2, '0');
  return { template, otherAsOneRow, year, organization, level, regionName: region, cells, narrative: text,
    title: `${organization}${year}年政府信息公开工作年度报告`, publishedDate: `${year + 1}-01-${day}` };
}

export function reviseReport(s: SynthReport, change: { cells?: Record<string, number | null>; narrative?: string }): SynthReport {
  return { ...s, cells: { ...s.cells, ...change.cells }, narrative: change.narrative ?? s.narrative };
}

/** The report as the checks see it; `id` names it in the flags. */
export function toReport(s: SynthReport, id: string): Report {
  return {
    id, year: s.year, template: s.template, otherAsOneRow: s.otherAsOneRow, cells: s.cells, text: s.narrative,
    title: s.title, publishedDate: s.publishedDate,
    body: { name: s.organization, level: s.level, regionName: s.regionName, regionCode: null,
      kind: kindOfName(s.organization) },
  };
}

export { renderReport, RENDER_STYLES, type RenderStyle } from './render.js';
