/**
 * A realistic small database for the researcher surface, loaded through the
 * store API: bodies of two provinces (浙江 33, 甘肃 62) at two levels, reports of
 * 2020 (template 2019), 2022 and 2023 (template 2021, one in the one-row （六）
 * layout), a superseded document version, blanks, absent cells and flags.
 *
 * The figures are declared here in the template's own terms (table B total
 * column, table C groups) so tests can state hand-computed expectations.
 */
import iconv from 'iconv-lite';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import type { Body } from '../../src/model/body.js';
import type { Flag } from '../../src/model/flag.js';
import type { ExtractionOk, TemplateId } from '../../src/model/report.js';
import { saveDocument } from '../../src/store/documents.js';
import { upsertBody } from '../../src/store/bodies.js';
import { upsertSites } from '../../src/crawl/sites.js';
import { loadExtraction } from '../../src/store/reports.js';
import { replaceFlags } from '../../src/store/flags.js';
import { TABLE_B_COLUMNS, tableBKey, templateKeys } from '../../src/template/index.js';
import { extraction } from './extraction.js';

export interface FixtureBody extends Body { readonly site: string }

export const BODIES = {
  xihu: { name: '杭州市西湖区人民政府', regionCode: '330106', regionName: '西湖区', level: '县', kind: 'government', site: 'xihu' },
  yuhang: { name: '杭州市余杭区人民政府', regionCode: '330110', regionName: '余杭区', level: '县', kind: 'government', site: 'yuhang' },
  chunan: { name: '淳安县人民政府', regionCode: '330127', regionName: '淳安县', level: '县', kind: 'government', site: 'chunan' },
  haishu: { name: '宁波市海曙区人民政府', regionCode: '330203', regionName: '海曙区', level: '县', kind: 'government', site: 'haishu' },
  xihuEdu: { name: '杭州市西湖区教育局', regionCode: '330106', regionName: '西湖区', level: '县', kind: 'department', site: 'xihu' },
  lucheng: { name: '温州市鹿城区人民政府', regionCode: '330302', regionName: '鹿城区', level: '县', kind: 'government', site: 'lucheng' },
  hangzhou: { name: '杭州市人民政府', regionCode: '330100', regionName: '杭州市', level: '市', kind: 'government', site: 'hangzhou' },
  hezuo: { name: '合作市人民政府', regionCode: '623001', regionName: '合作市', level: '县', kind: 'government', site: 'hezuo' },
  lintan: { name: '临潭县人民政府', regionCode: '623021', regionName: '临潭县', level: '县', kind: 'government', site: 'lintan' },
  gannan: { name: '甘南藏族自治州人民政府', regionCode: '623000', regionName: '甘南藏族自治州', level: '市', kind: 'government', site: 'gannan' },
} as const satisfies Record<string, FixtureBody>;

export type BodyId = keyof typeof BODIES;

/** Table B, total column, by row key; `total` and `carried_forward` are derived unless given. */
export type TableBSpec = Partial<Record<string, number | null>>;
/** Table C: [upheld, corrected, other, pending] per group; total is their sum. */
export type TableCSpec = Partial<Record<'review' | 'litigation_direct' | 'litigation_after_review', readonly [number, number, number, number]>>;

export interface FixtureReport {
  readonly body: BodyId;
  readonly year: number;
  readonly template: TemplateId;
  readonly otherAsOneRow?: boolean;
  readonly b: TableBSpec;
  readonly c?: TableCSpec;
  /** Table A cells, by key (others of the layout are 0). */
  readonly a?: Readonly<Record<string, number | null>>;
  /** Keys printed blank (`/`): stated with a null value. */
  readonly blank?: readonly string[];
  /** Keys the page does not print at all. */
  readonly absent?: readonly string[];
  readonly flags?: readonly Flag[];
  /** Earlier document versions of the same URL (each a superseded report), oldest first. */
  readonly earlier?: readonly TableBSpec[];
  /** The page's declared charset (its bytes are encoded in it). */
  readonly charset?: 'utf-8' | 'gbk';
}

const OUTCOME_ROWS = [
  'granted', 'partially_granted', 'denied_state_secret', 'denied_prohibited_by_law', 'denied_three_safety_one_stability',
  'denied_third_party_rights', 'denied_internal_affairs', 'denied_process_information', 'denied_enforcement_files',
  'denied_query_matters', 'unable_not_held', 'unable_needs_creation', 'unable_unclear_after_correction',
  'not_processed_petition_complaint', 'not_processed_duplicate', 'not_processed_publications',
  'not_processed_excessive_repeated', 'not_processed_confirm_existing', 'other', 'other_no_correction', 'other_no_fee', 'other_other',
];

export const REPORTS: readonly FixtureReport[] = [
  // 2023, 浙江, 县 level: the comparison's peers.
  { body: 'xihu', year: 2023, template: '2021',
    b: { new_received: 120, granted: 60, partially_granted: 12, denied_process_information: 6, unable_not_held: 24, not_processed_duplicate: 6, other_other: 12 },
    c: { review: [3, 1, 0, 1], litigation_direct: [2, 1, 1, 0], litigation_after_review: [1, 0, 0, 0] },
    a: { 'active.regulations.issued': 0, 'active.normative_documents.issued': 12, 'active.normative_documents.in_force': 85, 'active.licensing.decisions': 15230, 'active.fees.amount': 5949.09 },
    earlier: [{ new_received: 100, granted: 40, unable_not_held: 60 }],
    flags: [{ rule: 'narrative.applications', severity: 'warning', message: '总体情况 says 申请 118 件 but table B 新收 is 120', cells: { 'applications.new_received.total': 120, narrative: 118 } }] },
  { body: 'yuhang', year: 2023, template: '2021',
    b: { new_received: 200, carried_over: 10, granted: 150, partially_granted: 10, denied_third_party_rights: 4, denied_process_information: 6, unable_not_held: 20, not_processed_petition_complaint: 5, other_no_correction: 5 },
    c: { review: [4, 0, 1, 0], litigation_direct: [1, 0, 0, 1] } },
  { body: 'chunan', year: 2023, template: '2021',
    b: { new_received: 40, granted: 10, denied_state_secret: 2, unable_not_held: 20, not_processed_duplicate: 4, other_other: 4 } },
  { body: 'haishu', year: 2023, template: '2021',
    b: { new_received: 50, granted: 25, partially_granted: 5, denied_internal_affairs: 5, unable_needs_creation: 10, not_processed_publications: 5 },
    charset: 'gbk' },
  { body: 'xihuEdu', year: 2023, template: '2021',
    b: { new_received: 8, granted: 6, partially_granted: 1, unable_not_held: 1 } },
  { body: 'lucheng', year: 2023, template: '2021',
    b: { new_received: 90, granted: null, partially_granted: 30, unable_not_held: 20, total: 90, carried_forward: 0 },
    blank: ['applications.granted.natural_person', 'review.pending', 'litigation_direct.pending'],
    absent: ['active.fees.amount', 'litigation_after_review.upheld', 'litigation_after_review.corrected', 'litigation_after_review.other', 'litigation_after_review.pending'],
    flags: [{ rule: 'identity.b.outcomes', severity: 'info', message: '（七）总计 cannot be checked: 予以公开 is blank', cells: { 'applications.total.total': 90, 'applications.granted.total': null } }] },
  { body: 'hangzhou', year: 2023, template: '2021',
    b: { new_received: 500, granted: 300, partially_granted: 50, denied_third_party_rights: 25, unable_not_held: 100, not_processed_duplicate: 25 },
    c: { review: [10, 2, 3, 5], litigation_direct: [6, 2, 0, 2], litigation_after_review: [2, 1, 0, 0] } },
  // 2022: last year's figures for the year-over-year change.
  { body: 'xihu', year: 2022, template: '2021',
    b: { new_received: 100, granted: 50, partially_granted: 10, unable_not_held: 30, other_other: 10 } },
  { body: 'yuhang', year: 2022, template: '2021',
    b: { new_received: 160, granted: 100, partially_granted: 20, unable_not_held: 40 } },
  { body: 'hezuo', year: 2022, template: '2021',
    b: { new_received: 4, granted: 4 } },
  // 甘肃, 2023: 合作市 is the seed report (予以公开 6 but 总计 0); 临潭县 keeps （六） as one row.
  { body: 'hezuo', year: 2023, template: '2021',
    b: { new_received: 0, granted: 6, total: 0, carried_forward: 0 },
    c: { review: [9, 0, 2, 0], litigation_direct: [0, 1, 5, 2], litigation_after_review: [0, 0, 0, 1] },
    a: { 'active.regulations.repealed': 0, 'active.normative_documents.issued': 3 },
    flags: [
      { rule: 'identity.b.outcomes', severity: 'error', message: '（七）总计 0 but the outcome rows add up to 6 (申请人 column 总计)', cells: { 'applications.total.total': 0, 'applications.granted.total': 6 } },
      { rule: 'narrative.repealed', severity: 'warning', message: '总体情况 says 本年度废止1件 but table A 本年废止件数 is 0', cells: { 'active.regulations.repealed': 0, narrative: 1 } },
    ] },
  { body: 'lintan', year: 2023, template: '2021', otherAsOneRow: true,
    b: { new_received: 35, granted: 20, partially_granted: 5, unable_not_held: 5, other: 5 } },
  { body: 'gannan', year: 2023, template: '2021',
    b: { new_received: 60, granted: 30, partially_granted: 6, unable_not_held: 18, other_no_fee: 6 },
    flags: [{ rule: 'crossyear.carried_over', severity: 'warning', message: '上年结转 0 but last year\'s 结转下年度继续办理 was 3', cells: { 'applications.carried_over.total': 0, previous: 3 } }] },
  // 2020 (template 2019).
  { body: 'hezuo', year: 2020, template: '2019',
    b: { new_received: 12, granted: 8, partially_granted: 1, unable_not_held: 2, other: 1 },
    a: { 'active.licensing.previous_items': 120, 'active.licensing.change': -3, 'active.licensing.decisions': 860, 'active.procurement.amount': 152.79 } },
  { body: 'xihu', year: 2020, template: '2019',
    b: { new_received: 80, granted: 40, partially_granted: 8, denied_state_secret: 1, unable_not_held: 31 } },
];

export const layoutOf = (r: Pick<FixtureReport, 'template' | 'otherAsOneRow'>) =>
  (r.template === '2019' ? '2019' : r.otherAsOneRow ? '2021-one-row' : '2021') as '2019' | '2021' | '2021-one-row';

/** The full cell map of a report: every key of its layout, as the spec says (0 elsewhere). */
export function reportCells(r: FixtureReport, b: TableBSpec = r.b): Record<string, number | null> {
  const keys = templateKeys(r.template, { otherAsOneRow: r.otherAsOneRow ?? false });
  const cells: Record<string, number | null> = Object.fromEntries(keys.map((k) => [k, 0]));
  const setRow = (row: string, v: number | null) => {
    // Every application came from natural persons: the 自然人 column equals 总计.
    for (const c of TABLE_B_COLUMNS) {
      const key = tableBKey(row, c.key);
      if (key in cells) cells[key] = c.key === 'natural_person' || c.key === 'total' ? v : 0;
    }
  };
  for (const [row, v] of Object.entries(b)) setRow(row, v ?? null);
  const total = b.total !== undefined ? b.total
    : OUTCOME_ROWS.reduce((s, row) => s + (b[row] ?? 0), 0);
  setRow('total', total ?? null);
  if (b.carried_forward === undefined) {
    setRow('carried_forward', (b.new_received ?? 0) + (b.carried_over ?? 0) - (total ?? 0));
  }
  for (const [g, vals] of Object.entries(r.c ?? {})) {
    ['upheld', 'corrected', 'other', 'pending'].forEach((col, i) => { cells[`${g}.${col}`] = vals[i]!; });
    cells[`${g}.total`] = vals.reduce((s, v) => s + v, 0);
  }
  Object.assign(cells, r.a ?? {});
  for (const k of r.blank ?? []) cells[k] = null;
  for (const k of r.absent ?? []) delete cells[k];
  return cells;
}

export const reportKey = (body: BodyId, year: number) => `${body}/${year}`;
export const reportUrl = (r: Pick<FixtureReport, 'body' | 'year'>) =>
  `http://${BODIES[r.body].site}.gov.test/zfxxgk/ndbg/${r.body}-${r.year}.html`;

function page(r: FixtureReport, cells: Record<string, number | null>): string {
  const body = BODIES[r.body];
  const title = `${body.name}${r.year}年政府信息公开工作年度报告`;
  const rows = Object.entries(cells).map(([k, v]) => `<tr><td>${k}</td><td>${v === null ? '/' : v}</td></tr>`).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="${r.charset ?? 'utf-8'}"><title>${title}</title></head>
<body><h1>${title}</h1><p>一、总体情况 本年度新收政府信息公开申请${r.b.new_received ?? '若干'}件。</p><table>${rows}</table></body></html>`;
}

/** Each cell's true place on the page: the value's <td>, its offsets and line in the page text. */
function placed(x: ExtractionOk, html: string): ExtractionOk {
  return { ...x, details: x.details.map((d) => {
    const label = `<td>${d.key}</td>`;
    const start = html.indexOf(label) + label.length;
    const end = html.indexOf('</td>', start) + '</td>'.length;
    return { ...d, provenance: { ...d.provenance, start, end, line: html.slice(0, start).split('\n').length - 1 } };
  }) };
}

export interface LoadedFixture {
  /** `${body}/${year}` → the live report's id. */
  readonly reports: ReadonlyMap<string, number>;
  readonly bodies: ReadonlyMap<BodyId, number>;
  /** `${body}/${year}` → the id of the document version the live report was read from. */
  readonly documents: ReadonlyMap<string, number>;
  /** Ids of superseded reports. */
  readonly superseded: readonly number[];
}

/** Loads every body, document version, report and flag of the fixture. */
export async function loadResearchFixture(db: Kysely<Database>): Promise<LoadedFixture> {
  const bodies = new Map<BodyId, number>();
  for (const [id, b] of Object.entries(BODIES) as [BodyId, FixtureBody][]) {
    const base = `http://${b.site}.gov.test/`;
    await upsertSites(db, [{ id: b.site, base_url: base, body: b.name, region_code: b.regionCode, region_name: b.regionName, level: b.level, lists: [base], hints: { list_style: 'auto', needs_browser: false } }]);
    bodies.set(id, await upsertBody(db, { ...b, siteId: b.site }));
  }
  const reports = new Map<string, number>();
  const documents = new Map<string, number>();
  const superseded: number[] = [];
  let day = 0;
  for (const r of REPORTS) {
    const versions = [...(r.earlier ?? []), r.b];
    for (const [i, b] of versions.entries()) {
      const cells = reportCells(r, b);
      const html = page(r, cells);
      const bytes = r.charset === 'gbk' ? iconv.encode(html, 'gbk') : new TextEncoder().encode(html);
      const doc = await saveDocument(db, {
        url: reportUrl(r), siteId: BODIES[r.body].site, httpStatus: 200, bytes, kind: 'report',
        contentType: `text/html; charset=${r.charset ?? 'utf-8'}`, charset: r.charset ?? 'utf-8',
        fetchedAt: new Date(Date.UTC(r.year + 1, 1, 1 + day++)),
        title: `${BODIES[r.body].name}${r.year}年政府信息公开工作年度报告`,
      });
      const x = extraction(cells, {
        template: r.template, year: r.year, otherAsOneRow: r.otherAsOneRow ?? false,
        organization: BODIES[r.body].name, title: `${BODIES[r.body].name}${r.year}年政府信息公开工作年度报告`,
        publishedDate: `${r.year + 1}-01-${String(20 + (day % 9)).padStart(2, '0')}`,
        text: `一、总体情况 本年度新收政府信息公开申请${b.new_received ?? ''}件。`,
      });
      const loaded = await loadExtraction(db, { documentId: doc.id, bodyId: bodies.get(r.body)!, extraction: placed(x, html), extractorVersion: 'fixture-1' });
      superseded.push(...loaded.superseded);
      if (i === versions.length - 1) {
        reports.set(reportKey(r.body, r.year), loaded.reportId);
        documents.set(reportKey(r.body, r.year), doc.id);
        await replaceFlags(db, loaded.reportId, r.flags ?? []);
      }
    }
  }
  return { reports, bodies, documents, superseded };
}
