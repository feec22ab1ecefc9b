/**
 * Synthetic reports: cells consistent with every identity of the template and a narrative
 * restating them, from a seed. The one generator behind the farm's sites (src/farm), the
 * benches and the tests; it lives in src/ because the farm ships in the CLI (`nianbao farm`,
 * `nianbao demo`).
 */
import type { Level } from '../model/body.js';
import { kindOfName } from '../model/body-kind.js';
import type { Report, TemplateId } from '../model/report.js';
import { rng } from './random.js';
import { generateCells, type Cells } from './cells.js';
import { overview, closing, LEVEL_CHAR } from './narrative.js';

export { LEVEL_CHAR } from './narrative.js';
export { generateCells, editCells, retotalB, type Cells, type Layout, type CellOptions } from './cells.js';
export { rng, mix, type Rng } from './random.js';

export interface SynthReport {
  template: TemplateId; otherAsOneRow: boolean; year: number;
  organization: string; level: Level; regionName: string; title: string;
  /** Every key of the template, consistent with all identities. */
  cells: Cells;
  /** 一、总体情况 restating figures that match the table, then 五 and 六. */
  narrative: string;
  /** yyyy-mm-dd, before the deadline. */
  publishedDate: string;
}

type Opts = Partial<Pick<SynthReport, 'template' | 'year' | 'organization' | 'level' | 'regionName' | 'otherAsOneRow'>> & {
  /** The region's government (人民政府) rather than one of its departments. */
  government?: boolean;
  /** Range of the counts (see CellOptions). */
  scale?: number;
};

const NAME_CHARS = '安宝昌城崇丰福高光广海和华嘉江金景乐临龙茂南宁平庆仁瑞山寿泰天万武兴阳永云泽长';
const DEPARTMENTS = ['教育局', '财政局', '民政局', '自然资源局', '生态环境局', '交通运输局', '卫生健康委员会', '市场监督管理局'];

/** A region name unique per seed (below 41³): distinct seeds are distinct bodies. */
function regionName(seed: number, level: Level): string {
  const n = NAME_CHARS.length, s = Math.abs(Math.trunc(seed));
  const chars = [s % n, Math.floor(s / n) % n, Math.floor(s / n / n) % n].map((i) => NAME_CHARS[i]);
  return `${chars.join('')}${LEVEL_CHAR[level]}`;
}

export function generateReport(seed: number, opts: Opts = {}): SynthReport {
  const r = rng(seed, 'report');
  const template = opts.template ?? (opts.year !== undefined ? (opts.year >= 2021 ? '2021' : '2019') : r.chance(0.75) ? '2021' : '2019');
  const year = opts.year ?? (template === '2021' ? r.int(2021, 2024) : r.int(2019, 2020));
  const level = opts.level ?? r.pick<Level>(['省', '市', '市', '县', '县', '县', '县', '乡', '乡']);
  const otherAsOneRow = template === '2021' && (opts.otherAsOneRow ?? r.chance(0.2));
  const region = opts.regionName ?? regionName(seed, level);
  const government = opts.government ?? (level === '乡' || r.chance(0.6));
  const organization = opts.organization ?? (government ? `${region}人民政府` : `${region}${r.pick(DEPARTMENTS)}`);
  const cells = generateCells(r, { template, otherAsOneRow }, { scale: opts.scale });
  const speaker = /人民政府$/.test(organization) ? `我${LEVEL_CHAR[level]}` : '本机关';
  const text = [...overview(r, { year, template, cells, speaker, place: region }), ...closing(r)].join('\n');
  const day = String(r.int(5, 28)).padStart(2, '0');
  return { template, otherAsOneRow, year, organization, level, regionName: region, cells, narrative: text,
    title: `${organization}${year}年政府信息公开工作年度报告`, publishedDate: `${year + 1}-01-${day}` };
}

export function reviseReport(s: SynthReport, change: { cells?: Cells; narrative?: string }): SynthReport {
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
