import { describe, expect, test } from 'vitest';
import { checkReport, checkReports, RULES } from '../../src/check/index.js';
import type { Report } from '../../src/model/report.js';
import { templateKeys } from '../../src/template/index.js';

/** A consistent 2021 report of a county: 3 applications by individuals, 2 granted, 1 carried forward. */
function cells(): Record<string, number | null> {
  const c: Record<string, number | null> = Object.fromEntries(templateKeys('2021').map((k) => [k, 0]));
  for (const col of ['natural_person', 'total']) {
    c[`applications.new_received.${col}`] = 3;
    c[`applications.granted.${col}`] = 2;
    c[`applications.total.${col}`] = 2;
    c[`applications.carried_forward.${col}`] = 1;
  }
  Object.assign(c, { 'review.upheld': 1, 'review.pending': 1, 'review.total': 2,
    'active.normative_documents.issued': 4, 'active.normative_documents.repealed': 1, 'active.normative_documents.in_force': 30 });
  return c;
}

const TEXT = '一、总体情况 2023年，我县共收到政府信息公开申请3件，予以公开2件。本年度制发行政规范性文件4件，废止1件。发生行政复议2件，行政诉讼0件。';

function report(over: Partial<Report> = {}, body: Partial<Report['body']> = {}): Report {
  return { id: 'r1', year: 2023, template: '2021', cells: cells(), text: TEXT, title: '测试县2023年政府信息公开工作年度报告',
    body: { name: '测试县人民政府', level: '县', regionName: '测试县', regionCode: '620001', kind: 'government', ...body }, ...over };
}
const withCells = (patch: Record<string, number | null>, over: Partial<Report> = {}) => report({ cells: { ...cells(), ...patch }, ...over });
const rulesOf = (r: Report) => checkReport(r).map((f) => f.rule);
/** Table-only report: no narrative restating figures the patch changes. */
const table = (patch: Record<string, number | null>) => withCells(patch, { text: '' });

test('a consistent report raises nothing', () => {
  expect(checkReport(report())).toEqual([]);
});

test('every rule id is dotted with its family first, and unique', () => {
  for (const r of RULES) expect(r.id.startsWith(`${r.family}.`)).toBe(true);
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});

describe('identity rules', () => {
  test('balance: carried forward changed in one column', () => {
    const fs = checkReport(table({ 'applications.carried_forward.natural_person': 2 }));
    expect(fs.map((f) => f.rule)).toEqual(['identity.b.balance', 'identity.b.row_total']);
    expect(fs[0]!.message).toContain('自然人');
    expect(fs[0]!.cells['applications.carried_forward.natural_person']).toBe(2);
  });
  test('outcomes: an outcome row that does not reach the total row', () => {
    const fs = checkReport(table({ 'applications.denied_state_secret.total': 1, 'applications.denied_state_secret.natural_person': 1 }));
    expect(fs.map((f) => f.rule)).toEqual(['identity.b.outcomes', 'identity.b.outcomes']);
  });
  test('row_total: the 总计 column disagreeing with its row', () => {
    expect(rulesOf(table({ 'applications.granted.total': 5, 'applications.total.total': 5, 'applications.new_received.total': 6 })))
      .toEqual(['identity.b.row_total', 'identity.b.row_total', 'identity.b.row_total']);
  });
  test('c.group_total: review total not the sum of its results', () => {
    const fs = checkReport(table({ 'review.total': 3 }));
    expect(fs.map((f) => f.rule)).toEqual(['identity.c.group_total']);
    expect(fs[0]!.message).toContain('行政复议');
  });
  test('a blank cell is not 0: the identity it takes part in stays silent', () => {
    expect(checkReport(withCells({ 'applications.carried_forward.natural_person': null }))).toEqual([]);
    expect(checkReport(withCells({ 'review.upheld': null }))).toEqual([]);
  });
  test('2021 layout with （六） as one row uses the single other row', () => {
    const c = cells();
    for (const k of Object.keys(c)) if (/\.other_(no_correction|no_fee|other)\./.test(k)) delete c[k];
    for (const col of ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total']) c[`applications.other.${col}`] = 0;
    expect(checkReport(report({ cells: c, otherAsOneRow: true }))).toEqual([]);
    c['applications.other.natural_person'] = 1;
    expect(checkReport(report({ cells: c, otherAsOneRow: true })).map((f) => f.rule)).toContain('identity.b.outcomes');
  });
});

describe('template and missing tables', () => {
  test('a 2022 report in the 2019 format', () => {
    const c = Object.fromEntries(templateKeys('2019').map((k) => [k, 0]));
    expect(rulesOf(report({ template: '2019', year: 2022, cells: c, text: '' }))).toEqual(['template.format_year']);
    expect(rulesOf(report({ template: '2019', year: 2020, cells: c, text: '' }))).toEqual([]);
  });
  test('a table with no cell at all', () => {
    const c = Object.fromEntries(Object.entries(cells()).filter(([k]) => !k.startsWith('review.') && !k.startsWith('litigation')));
    expect(rulesOf(report({ cells: c, text: '' }))).toEqual(['missing.table_c']);
    const a = Object.fromEntries(Object.entries(cells()).filter(([k]) => !k.startsWith('active.')));
    expect(rulesOf(report({ cells: a, text: '' }))).toEqual(['missing.table_a']);
    const b = Object.fromEntries(Object.entries(cells()).filter(([k]) => !k.startsWith('applications.')));
    expect(rulesOf(report({ cells: b, text: '' }))).toEqual(['missing.table_b']);
  });
});

describe('narrative rules', () => {
  const said = (text: string, patch: Record<string, number | null> = {}) => rulesOf(withCells(patch, { text }));
  test('applications', () => {
    expect(said('全年共受理政府信息公开申请 5 件。')).toEqual(['narrative.applications']);
    expect(said('全年共收到依申请公开申请合计3份。')).toEqual([]);
    // 新收 + 上年结转 counts only where the sentence says so.
    const carried = { 'applications.carried_over.total': 1, 'applications.carried_over.natural_person': 1,
      'applications.total.natural_person': 3, 'applications.total.total': 3, 'applications.granted.natural_person': 3, 'applications.granted.total': 3 };
    expect(said('收到申请4件，予以公开3件', carried)).toEqual(['narrative.applications']);
    expect(said('收到申请4件（含上年结转1件）', { 'applications.carried_over.total': 1, 'applications.carried_over.natural_person': 1,
      'applications.total.natural_person': 3, 'applications.total.total': 3, 'applications.granted.natural_person': 3, 'applications.granted.total': 3 })).toEqual([]);
  });
  test('granted, with and without 部分公开', () => {
    expect(said('予以公开7件')).toEqual(['narrative.granted']);
    expect(said('予以公开及部分公开2件')).toEqual([]);
    expect(said('予以公开及部分公开3件')).toEqual(['narrative.granted']);
  });
  test('issued and repealed', () => {
    expect(said('本年度制发规范性文件共5件')).toEqual(['narrative.issued']);
    expect(said('废止行政规范性文件2份')).toEqual(['narrative.repealed']);
    expect(said('制发4件，废止1件')).toEqual([]);
  });
  test('review and litigation', () => {
    expect(said('行政复议3件')).toEqual(['narrative.review']);
    expect(said('行政诉讼案件1件')).toEqual(['narrative.litigation']);
    expect(said('行政复议和行政诉讼共2件')).toEqual([]); // a combined count is not the review count
  });
  test('a blank total leaves the printed columns as a floor', () => {
    expect(said('予以公开1件', { 'applications.granted.total': null })).toEqual(['narrative.granted']);
    expect(said('予以公开9件', { 'applications.granted.total': null, 'applications.granted.other_org': null })).toEqual([]);
  });
  test('figures the table does not state are not compared', () => {
    expect(said('予以公开9件', Object.fromEntries(Object.keys(cells()).filter((k) => k.startsWith('applications.granted.')).map((k) => [k, null])))).toEqual([]);
  });
});

describe('region.level_word', () => {
  test('我县 in a 市 report, 我乡 in a 县 report', () => {
    expect(rulesOf(report({ text: '本年度我县没有产生费用。' }, { level: '市' }))).toEqual(['region.level_word']);
    expect(rulesOf(report({ text: '我镇高度重视。' }))).toEqual(['region.level_word']);
  });
  test('own or higher level words are fine', () => {
    expect(rulesOf(report({ text: '我县高度重视，按照我市、我省要求。' }))).toEqual([]);
    expect(rulesOf(report({ text: '我县' }, { level: null }))).toEqual([]);
  });
});

describe('deadline.late', () => {
  test('department after 1月31日, government after 3月31日', () => {
    expect(rulesOf(report({ publishedDate: '2024-02-01' }, { kind: 'department' }))).toEqual(['deadline.late']);
    expect(rulesOf(report({ publishedDate: '2024-02-01' }))).toEqual([]);
    expect(rulesOf(report({ publishedDate: '2024-04-01' }))).toEqual(['deadline.late']);
  });
  test('only first seen late: info', () => {
    const f = checkReport(report({ firstSeenAt: new Date('2024-05-01T00:00:00Z') }));
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['deadline.late', 'info']]);
  });
});

describe('cross-year rules', () => {
  const last = (patch: Record<string, number | null>) => withCells(patch, { id: 'r0', year: 2022, text: '' });
  test('carried over vs last carried forward', () => {
    const now = withCells({}, { id: 'r1' });
    expect(checkReports([last({ 'active.normative_documents.in_force': 27 }), now]).get('r1')!.map((f) => f.rule)).toEqual(['crossyear.carried_over']);
    expect(checkReports([last({ 'applications.carried_forward.total': 0, 'applications.carried_forward.natural_person': 0,
      'applications.total.total': 3, 'applications.total.natural_person': 3, 'applications.granted.total': 3, 'applications.granted.natural_person': 3,
      'active.normative_documents.in_force': 27 }), now]).get('r1')).toEqual([]);
  });
  const quiet = { 'applications.carried_forward.total': 0, 'applications.carried_forward.natural_person': 0,
    'applications.total.total': 3, 'applications.total.natural_person': 3, 'applications.granted.total': 3, 'applications.granted.natural_person': 3, 'active.normative_documents.in_force': 27 };
  test('in force vs last + issued − repealed', () => {
    expect(checkReports([last({ ...quiet, 'active.normative_documents.in_force': 27 }), withCells({})]).get('r1')).toEqual([]);
    const f = checkReports([last({ ...quiet, 'active.normative_documents.in_force': 60 }), withCells({})]).get('r1')!;
    expect(f.map((x) => x.rule)).toEqual(['crossyear.in_force']);
    expect(f[0]!.relatedReportId).toBe('r0');
  });
  test('other bodies and non-consecutive years are not compared', () => {
    const other = withCells({}, { id: 'r0', year: 2022, text: '' });
    expect(checkReports([{ ...other, body: { ...other.body, name: '别县人民政府', regionCode: '620002' } }, withCells({})]).get('r1')).toEqual([]);
    expect(checkReports([{ ...other, year: 2021 }, withCells({})]).get('r1')).toEqual([]);
  });
  test('outlier.yoy: tenfold from at least 20', () => {
    const f = checkReports([last({ ...quiet, 'active.licensing.decisions': 20 }), withCells({ 'active.licensing.decisions': 200 })]).get('r1')!;
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['outlier.yoy', 'info']]);
    expect(checkReports([last({ ...quiet, 'active.licensing.decisions': 19 }), withCells({ 'active.licensing.decisions': 190 })]).get('r1')).toEqual([]);
    expect(checkReports([last({ ...quiet, 'active.licensing.decisions': 20 }), withCells({ 'active.licensing.decisions': 199 })]).get('r1')).toEqual([]);
  });
});

describe('copy rules', () => {
  const long = '一、总体情况 本年度，我县坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，认真落实政府信息公开条例，'
    + '围绕县委县政府中心工作，聚焦群众关切，持续深化政务公开，推进决策、执行、管理、服务、结果公开，'
    + '不断提升政府透明度和公信力。主动公开方面，通过政府门户网站集中发布各类政府信息，及时做好政策解读和回应关切。';
  const other = '一、总体情况 今年以来，本机关以提升公开质量为目标，健全信息发布审核机制，优化门户网站栏目设置，'
    + '加强政务新媒体管理，扎实做好依申请公开办理工作，规范答复文书格式，严格执行保密审查制度，'
    + '组织开展业务培训两次，进一步增强工作人员的公开意识和业务能力，各项工作取得积极成效。';
  const a = report({ id: 'a', text: long, publishedDate: '2024-01-10' });
  const b = (text: string, name = '别县人民政府', regionCode = '620002') => report({ id: 'b', text, publishedDate: '2024-01-20' }, { name, regionCode });
  test('a near copy in another body is flagged on the later report', () => {
    const m = checkReports([a, b(long.replace('我县', '我县').replace('两次', '三次'))]);
    expect(m.get('b')!.map((f) => f.rule)).toEqual(['copy.narrative']);
    expect(m.get('b')![0]!.relatedReportId).toBe('a');
    expect(m.get('a')).toEqual([]);
  });
  test('different narratives, or the same body reusing its text, are not', () => {
    expect(checkReports([a, b(other)]).get('b')).toEqual([]);
    expect(checkReports([a, b(long, '测试县人民政府', '620001')]).get('b')!.map((f) => f.rule)).toEqual([]);
  });
  test('identical tables B+C in two bodies; all-zero tables excepted', () => {
    const rich: Record<string, number | null> = { ...cells() };
    for (const col of ['commercial_enterprise']) {
      rich[`applications.new_received.${col}`] = 2; rich[`applications.granted.${col}`] = 2; rich[`applications.total.${col}`] = 2;
    }
    rich['applications.new_received.total'] = 5; rich['applications.granted.total'] = 4; rich['applications.total.total'] = 4;
    const x = report({ id: 'a', cells: rich, text: '', publishedDate: '2024-01-10' });
    const y = report({ id: 'b', cells: rich, text: '', publishedDate: '2024-01-20' }, { name: '别县人民政府', regionCode: '620002' });
    const m = checkReports([x, y]);
    expect(m.get('b')!.map((f) => f.rule)).toEqual(['copy.identical_table']);
    const zero = Object.fromEntries(Object.keys(rich).map((k) => [k, 0]));
    const m0 = checkReports([{ ...x, cells: zero }, { ...y, cells: zero }]);
    expect(m0.get('b')).toEqual([]);
  });
});

test('flag cells come keyed as jsonb keeps them (shorter keys first), so stored flags compare equal', () => {
  const f = checkReport(table({ 'applications.carried_forward.natural_person': 2 }))[0]!;
  const keys = Object.keys(f.cells);
  expect(keys).toEqual([...keys].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)));
});

test('copy.narrative: one flag per copying report, however many bodies share the text', () => {
  const text = `一、总体情况 ${'本年度，坚持以人民为中心，健全信息发布机制，优化网站栏目，加强新媒体管理，规范依申请公开办理，严格保密审查。'.repeat(2)}`
    + '组织业务培训，压实工作责任，推进基层公开标准化，做好政策解读和回应关切，持续提升政府透明度和公信力。';
  const reports = [1, 2, 3, 4].map((i) => report({ id: `r${i}`, text, publishedDate: `2024-01-1${i}` }, { name: `第${i}县人民政府`, regionCode: `62000${i}` }));
  const m = checkReports(reports);
  expect(reports.map((r) => m.get(r.id)!.length)).toEqual([0, 1, 1, 1]);
});

test('narrative: a titled document is not a count of 规范性文件; a 省-level city says 我市', () => {
  expect(rulesOf(withCells({}, { text: '本年度制发《政务公开工作要点》1件。' }))).toEqual([]);
  expect(rulesOf(report({ text: '我市高度重视政务公开。' }, { level: '省', regionName: '上海市', name: '上海市人民政府' }))).toEqual([]);
  expect(rulesOf(report({ text: '我市高度重视政务公开。' }, { level: '省', regionName: '甘肃省', name: '甘肃省人民政府' }))).toEqual(['region.level_word']);
});

test('crossyear.carried_over falls back to the applicant columns when a total is blank', () => {
  const last = withCells({ 'applications.carried_forward.total': null, 'active.normative_documents.in_force': 27 }, { id: 'r0', year: 2022, text: '' });
  const now = withCells({ 'applications.carried_over.natural_person': 2, 'applications.carried_over.total': 2,
    'applications.new_received.natural_person': 1, 'applications.new_received.total': 1 }, { text: '' });
  const f = checkReports([last, now]).get('r1')!;
  expect(f.map((x) => x.rule)).toEqual(['crossyear.carried_over']);
  expect(f[0]!.cells).toEqual({ 'applications.carried_over.natural_person': 2, 'last_year.applications.carried_forward.natural_person': 1 });
});
