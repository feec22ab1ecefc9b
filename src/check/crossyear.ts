/** Rules comparing a report with the same body's report of the year before, and the deadline. */
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import { KEY_INFO, TABLE_B_COLUMNS, TABLE_B_ROWS, tableAKey, tableARowName, tableBKey } from '../template/index.js';
import { bodyKey, releaseDate } from './bodies.js';

const num = (r: Report, k: string): number | null => (typeof r.cells[k] === 'number' ? (r.cells[k] as number) : null);

/** body key → year → report (the last one given wins when a body has two for one year). */
export function byBodyYear(reports: readonly Report[]): Map<string, Map<number, Report>> {
  const out = new Map<string, Map<number, Report>>();
  for (const r of reports) {
    const k = bodyKey(r);
    if (k === null || r.year === null) continue;
    if (!out.has(k)) out.set(k, new Map());
    out.get(k)!.set(r.year, r);
  }
  return out;
}

const COLUMNS = TABLE_B_COLUMNS.map((c) => [c.key, c.label] as const);
const rowLabel = (row: string): string => TABLE_B_ROWS.find((r) => r.key === row)?.label ?? row;

/** Compared on the 总计 column, or column by column where a total is blank (null is not 0). */
export function carriedOverFlags(r: Report, last: Report): Flag[] {
  const over = (col: string) => tableBKey('carried_over', col), forward = (col: string) => tableBKey('carried_forward', col);
  const cols = num(r, over('total')) !== null && num(last, forward('total')) !== null
    ? COLUMNS.filter(([k]) => k === 'total') : COLUMNS.filter(([k]) => k !== 'total');
  const out: Flag[] = [];
  for (const [col, label] of cols) {
    const now = num(r, over(col)), before = num(last, forward(col));
    if (now === null || before === null || now === before) continue;
    out.push({ rule: 'crossyear.carried_over', severity: 'warning', relatedReportId: last.id,
      cells: { [over(col)]: now, [`last_year.${forward(col)}`]: before },
      message: `Table B 二、上年结转 ${label} is ${now}, but the ${last.year} report carried forward (${rowLabel('carried_forward')} ${label}) ${before}` });
  }
  return out;
}

export function inForceFlags(r: Report, last: Report): Flag[] {
  if (r.template !== '2021' || last.template !== '2021') return [];
  const out: Flag[] = [];
  for (const area of ['regulations', 'normative_documents']) {
    const name = tableARowName('2021', area) ?? area;
    const key = (measure: string) => tableAKey(area, measure);
    const now = num(r, key('in_force')), before = num(last, key('in_force'));
    const issued = num(r, key('issued')), repealed = num(r, key('repealed'));
    if (now === null || before === null || issued === null || repealed === null) continue;
    const expected = before + issued - repealed;
    // Lists are revised between years (清理, re-counting): a small drift is not a finding.
    if (Math.abs(now - expected) <= Math.max(2, 0.05 * expected)) continue;
    out.push({ rule: 'crossyear.in_force', severity: 'warning', relatedReportId: last.id,
      cells: { [key('in_force')]: now, [`last_year.${key('in_force')}`]: before, [key('issued')]: issued, [key('repealed')]: repealed },
      message: `Table A ${name} 现行有效件数 is ${now}, but last year's ${before} + 本年制发 ${issued} − 本年废止 ${repealed} = ${expected}` });
  }
  return out;
}

/** ≥ 10× jumps from a base of at least 20 (info: real growth happens, but so do misread cells). */
export function outlierFlags(r: Report, last: Report): Flag[] {
  const out: Flag[] = [];
  for (const [k, v] of Object.entries(r.cells)) {
    const before = num(last, k);
    if (v === null || before === null || before < 20 || v < 10 * before) continue;
    if (KEY_INFO.get(k)?.money) continue; // 万元 vs 元 printing makes money jumps unreliable
    out.push({ rule: 'outlier.yoy', severity: 'info', relatedReportId: last.id,
      cells: { [k]: v, [`last_year.${k}`]: before },
      message: `${KEY_INFO.get(k)?.label ?? k} rose from ${before} in ${last.year} to ${v} (${(v / before).toFixed(1)}×)` });
  }
  return out;
}

/** 条例 第四十九/五十条: departments report by 1月31日, governments by 3月31日 of the next year. */
export function deadlineFlags(r: Report): Flag[] {
  if (r.year === null || !r.body.kind) return [];
  const date = releaseDate(r);
  if (!date) return [];
  const department = r.body.kind === 'department';
  const deadline = `${r.year + 1}-${department ? '01-31' : '03-31'}`;
  if (date <= deadline) return [];
  const own = Boolean(r.publishedDate);
  return [{ rule: 'deadline.late', severity: own ? 'warning' : 'info', cells: { year: r.year },
    message: `${own ? 'Published' : 'First seen'} on ${date}, after the ${deadline} deadline for a ${department ? 'department' : 'government'}` }];
}
