/**
 * How a row is read (issue 11): as printed when the layout allows one reading;
 * inferred — and named in a warning, and flagged for a reviewer — when an
 * identity chose among readings; left out when nothing settles it; nothing from
 * a copy that lost its repeats.
 */
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/index.js';
import { reportOfExtraction } from '../../src/cli/commands/check.js';
import { extractText } from '../../src/extract/index.js';
import { combinations } from '../../src/extract/row-reading.js';
import type { ExtractionOk } from '../../src/model/report.js';
import { generateReport, renderReport } from '../../src/synth/index.js';
import { page as printed } from '../helpers/printed-tables.js';

const ok = (r: ReturnType<typeof extractText>): ExtractionOk => { if (!r.ok) throw new Error(r.error); return r; };
const HEAD = ['某县人民政府2022年政府信息公开工作年度报告', '三、收到和处理政府信息公开申请情况', '本年制发件数'];
/** A page printing table B rows one cell per line: `[label, ...cells]` each. */
const page = (...rows: string[][]): string => [...HEAD, ...rows.flat(), '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', ''].join('\n');
const row = (key: string, r: ExtractionOk) => Object.fromEntries(Object.entries(r.cells).filter(([k]) => k.startsWith(`applications.${key}.`)));
const flagsOf = (r: ExtractionOk) => checkReport(reportOfExtraction('page.txt', r));

describe('a row with one value too many', () => {
  const r = ok(extractText(page(
    ['一、本年新收政府信息公开申请数量', '5', '0', '7', '0', '0', '0', '0', '5'],
    ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0'],
  ), { fileName: 'page.txt' }));

  it('reads the row the identity picks out, every cell marked inferred', () => {
    expect(row('new_received', r)).toEqual({
      'applications.new_received.natural_person': 5, 'applications.new_received.commercial_enterprise': 0,
      'applications.new_received.research_institution': 0, 'applications.new_received.social_welfare_org': 0,
      'applications.new_received.legal_service_org': 0, 'applications.new_received.other_org': 0, 'applications.new_received.total': 5,
    });
    const how = r.details.filter((d) => d.key.startsWith('applications.new_received.')).map((d) => d.how);
    expect(new Set(how)).toEqual(new Set(['inferred']));
    expect(r.details.find((d) => d.key === 'applications.carried_over.total')?.how).toBe('read');
  });

  it('names the dropped token in a warning and in the table account', () => {
    expect(r.warnings.some((w) => w.includes('一、本年新收') && w.includes("dropped '7' (line 7)"))).toBe(true);
    const b = r.accounts?.find((a) => a.table === 'B');
    expect(b?.dropped).toEqual([{ text: '7', line: 6, why: 'dropped by the identities' }]);
    expect(b?.readingsWeighed).toBeGreaterThan(1);
  });

  it('raises extraction.inferred for a reviewer', () => {
    const f = flagsOf(r).find((x) => x.rule === 'extraction.inferred');
    expect(f?.severity).toBe('info');
    expect(Object.keys(f?.cells ?? {})).toHaveLength(7);
  });
});

describe('a row whose printed numbers break an identity', () => {
  // One reading only (the trailing blank is padding): the numbers are read as printed.
  const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '5', '1', '0', '0', '0', '0', '5', ' ']), { fileName: 'page.txt' }));

  it('is read as printed, not bent to make the identity hold', () => {
    expect(r.cells['applications.new_received.commercial_enterprise']).toBe(1);
    expect(r.cells['applications.new_received.total']).toBe(5);
    expect(r.details.every((d) => d.how === 'read')).toBe(true);
  });

  it('raises the identity flag, and no extraction.inferred', () => {
    const rules = flagsOf(r).map((f) => f.rule);
    expect(rules).toContain('identity.b.row_total');
    expect(rules).not.toContain('extraction.inferred');
  });
});

describe('rows nothing settles', () => {
  it('leaves out a row with a value too many that no identity tells apart', () => {
    const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '5', '0', '7', '0', '0', '0', '0', '12'],
      ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0']), { fileName: 'page.txt' }));
    // Dropping the 5 or the 7 both make the row add up: two readings, no values.
    expect(row('new_received', r)).toEqual({});
    expect(r.warnings.some((w) => w.includes('一、本年新收') && w.includes('left out'))).toBe(true);
    expect(r.cells['applications.carried_over.total']).toBe(0);
  });

  it('leaves out a short row in mid-page: which cells are blank is unknown', () => {
    const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '103', '3', '1', '107'],
      ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0']), { fileName: 'page.txt' }));
    expect(row('new_received', r)).toEqual({});
    expect(r.warnings.some((w) => w.includes("'103'") && w.includes('left out'))).toBe(true);
  });

  it('does not read the last token of a cut copy: it may be part of a longer number', () => {
    // A blank shown in the row before (a line of a space): the copy keeps its blanks, so the cut row's cells are its first ones.
    const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '103', '3', ' ', '0', '1', '0', '107'],
      ['二、上年结转政府信息公开申请数量', '12', '1', '0', '0', '0', '0', '13']).replace(/13[\s\S]*$/, '1'), { fileName: 'page.txt' }));
    expect(row('carried_over', r)).toEqual({
      'applications.carried_over.natural_person': 12, 'applications.carried_over.commercial_enterprise': 1,
      'applications.carried_over.research_institution': 0, 'applications.carried_over.social_welfare_org': 0,
      'applications.carried_over.legal_service_org': 0, 'applications.carried_over.other_org': 0,
    });
    expect(r.cells['applications.new_received.research_institution']).toBeNull();
  });

  it('leaves out a row the text ends inside when nothing shows the copy keeps its blanks: they may have been dropped', () => {
    const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '103', '3', '0', '0', '1', '0', '107']).replace(/107[\s\S]*$/, '10'), { fileName: 'page.txt' }));
    expect(row('new_received', r)).toEqual({});
    expect(r.warnings.some((w) => w.includes('where the text ends, and nothing shows which columns are blank'))).toBe(true);
  });
});

describe('a copy that lost its repeats', () => {
  it('gives no values, and says why', () => {
    for (const seed of [3, 4, 5]) {
      const text = renderReport(generateReport(seed), 'text-lines');
      const seen = new Set<string>();
      const dedup = text.split('\n').filter((l) => { const k = l.trim(); if (seen.has(k)) return false; seen.add(k); return true; }).join('\n');
      const r = ok(extractText(dedup, { fileName: 'page.txt' }));
      expect(r.cells).toEqual({});
      expect(r.warnings.some((w) => /repeats removed/.test(w))).toBe(true);
      // Every number the copy shows is in the tables' accounts, named with the reason.
      const listed = (r.accounts ?? []).flatMap((t) => t.dropped.filter((d) => /repeats removed/.test(d.why)).map((d) => d.text));
      const shown = (r.accounts ?? []).reduce((n, t) => n + t.dropped.length, 0);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((t) => /^-?\d+(\.\d+)?$/.test(t))).toBe(true);
      expect((r.accounts ?? []).every((t) => t.placed === 0)).toBe(true);
      expect(shown).toBeGreaterThanOrEqual(listed.length);
      // The same report, not de-duplicated, reads in full.
      expect(Object.keys(ok(extractText(text, { fileName: 'page.txt' })).cells).length).toBeGreaterThan(100);
    }
  });
});

describe('an OCR\'d page whose values OCR left out', () => {
  // OCR leaves out a value it cannot vouch for: most of table A's names with no value after them
  // is OCR's doubt, not a copy that lost its repeats — the rows it did read stand. (The same text
  // as a stored copy is taken for a de-duplicated one, and table A is left out.)
  const lost = /^(行政许可|行政处罚|行政强制|行政事业性收费) {2}[\d.]+$/gm;
  it.each([7919, 104729, 15485863])('report %i: the rows read stand, the rows OCR lost are left out', (seed) => {
    const rep = generateReport(seed, { template: '2021' });
    const text = printed(rep, 'spaced').replace(lost, '$1');
    const active = (r: ReturnType<typeof extractText>) => Object.entries(ok(r).cells).filter(([k]) => k.startsWith('active.'));
    const read = active(extractText(text, { fileName: 'page.txt' }, {}, [], 'ocr'));
    expect(Object.fromEntries(read)).toEqual(Object.fromEntries(Object.entries(rep.cells).filter(([k]) => /^active\.(regulations|normative_documents)\./.test(k))));
    expect(read).toHaveLength(6);
    expect(active(extractText(text, { fileName: 'page.txt' }))).toEqual([]);
  });
});

describe('names stacked before fewer rows of values than names', () => {
  // A column of names, then their values — one name wrapped over two lines (no template name matches
  // its first line) and fewer value rows than names (a copy that lost rows, a row printed without
  // cells): the one row of values could be any name's, and the first name took it.
  const pairs: ReadonlyArray<readonly [string, string, string]> = [
    ['（五）不予处理', '1.信访举报投诉类申请', '2.重复申请'],
    ['（五）不予处理', '3.要求提供公开出版物', '4.无正当理由大量反复申请'],
    ['（五）不予处理', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息'],
    ['（三）不予公开', '1.属于国家秘密', '2.其他法律行政法规禁止公开'],
    ['（三）不予公开', '6.属于四类过程性信息', '7.属于行政执法案卷'],
  ];
  const cases = pairs.flatMap(([heading, first, second]) => (['lines', 'pipe'] as const).map((form) => ({ heading, first, second, form })));
  it.each(cases)('$first, then $second wrapped, one row of values ($form): not read as the first\'s', ({ heading, first, second, form }) => {
    const values = ['8', '2', '0', '0', '0', '0', '10'];
    const cut = Math.min(6, second.length - 2);
    const r = ok(extractText(page(
      [heading, first, second.slice(0, cut), second.slice(cut)],
      form === 'lines' ? values : [`| ${values.join(' | ')} |`],
      ['（七）总计', '9', '2', '0', '0', '0', '0', '11'],
    ), { fileName: 'page.txt' }));
    const stated = Object.entries(r.cells).filter(([k]) => !k.startsWith('applications.total.'));
    expect(stated).toEqual([]);
    expect(r.warnings.some((w) => w.includes(`'${second.slice(0, cut)}'`))).toBe(true);
  });
});

describe('a row printed on one line with a cell missing', () => {
  // A reader's pipe row (one table row per line) that lost a cell — OCR missed it, or a label
  // spilled into its place: the blank that spans the line break must not stand in for it.
  const cases = [3, 8, 21, 34, 55].flatMap((seed) => (['text-pipes', 'markdown'] as const).map((style) => ({ seed, style })));
  it.each(cases)('seed $seed, $style: the row is left out with a warning, no value moved a column', ({ seed, style }) => {
    const rep = generateReport(seed, { template: '2021', otherAsOneRow: false });
    const lines = renderReport(rep, style).split('\n');
    // A table B row with a value row of 7 numbers: take out one cell, chosen by the seed.
    const rows = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\| \d?\.?\S*(申请|信息|事项|案卷|秘密|公开|处理|总计)/.test(l) && (l.match(/\| \d+ /g) ?? []).length === 7);
    const { l, i } = rows[seed % rows.length]!;
    const cells = l.split('|').slice(1, -1);
    const drop = 2 + (seed % 6);
    lines[i] = `|${cells.filter((_, k) => k !== drop).join('|')}|`;
    const x = ok(extractText(lines.join('\n'), {}, {}, [], 'reader'));
    const label = cells[0]!.trim();
    expect(x.warnings.join('\n')).toMatch(/6 cells for 7 columns, and nothing shows which columns are blank/);
    const wrong = Object.entries(x.cells).filter(([k, v]) => rep.cells[k] !== undefined && v !== rep.cells[k]);
    expect(wrong, label).toEqual([]);
  });
});

describe('the readings of a row', () => {
  it('are listed later positions first, and refused past the limit without recursing through a hostile row', () => {
    expect(combinations(4, 2)).toEqual([[3, 2], [3, 1], [3, 0], [2, 1], [2, 0], [1, 0]]);
    expect(combinations(3, 0)).toEqual([[]]);
    expect(combinations(2, 3)).toEqual([]);
    // A row of sixteen thousand tokens for one cell: 16,000 readings, over the limit — and no
    // recursion sixteen thousand deep (in a worker thread that took the whole process down).
    expect(combinations(16_000, 15_999)).toBeNull();
    expect(combinations(64, 32, 4096)).toBeNull();
  });
});

describe('（六）其他处理 printed above its 2021 sub-rows', () => {
  // OCR garbles the first sub-row's label (逾期 read as 庆期, the 1. lost), or drops it: its values
  // then follow the heading. Which row they belong to the print no longer says.
  const garbles = ['申人无正当理由庆期不补正、行政机关不再处理其政府信息公开申请', '', 'l.申请人无正当理由途期不补止', '请'];
  const cases = [5, 13, 29].flatMap((seed) => garbles.map((garble) => ({ seed, garble })));
  const SUB1 = '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请';
  it.each(cases)('seed $seed, first sub-row read as "$garble": its values are not given to the heading', ({ seed, garble }) => {
    const rep = generateReport(seed, { template: '2021', otherAsOneRow: false });
    const text = renderReport(rep, 'text-lines').replace(SUB1, ['（六）其他处理', garble].filter(Boolean).join('\n'));
    const x = ok(extractText(text, { fileName: 'page.txt' }));
    expect(row('other', x)).toEqual({});
    expect(row('other_no_correction', x)).toEqual({});
    expect(row('other_no_fee', x)).toEqual(Object.fromEntries(Object.entries(rep.cells).filter(([k]) => k.startsWith('applications.other_no_fee.'))));
    expect(x.warnings.join('\n')).toMatch(/（六）其他处理 is printed with its sub-rows .*left out/);
    // The values taken off the heading are listed in table B's account, each with the reason.
    const taken = x.accounts?.find((t) => t.table === 'B')?.dropped.filter((d) => /so it is a heading/.test(d.why)) ?? [];
    expect(taken.map((d) => Number(d.text))).toEqual(Object.entries(rep.cells).filter(([k]) => k.startsWith('applications.other_no_correction.')).map(([, v]) => v));
    const wrong = Object.entries(x.cells).filter(([k, v]) => v !== rep.cells[k]);
    expect(wrong).toEqual([]);
  });

  it('leaves out a subtotal printed on the heading, and reads the three sub-rows', () => {
    const rep = generateReport(7, { template: '2021', otherAsOneRow: false });
    const sub = ['1', '2', '3'].map((n) => Object.entries(rep.cells).filter(([k]) => k.startsWith(`applications.${['other_no_correction', 'other_no_fee', 'other_other'][Number(n) - 1]}.`)));
    const totals = sub[0]!.map((_, i) => sub.reduce((s, r) => s + (r[i]![1] as number), 0));
    const text = renderReport(rep, 'text-lines').replace(SUB1, ['（六）其他处理', ...totals.map(String), '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'].join('\n'));
    const x = ok(extractText(text, { fileName: 'page.txt' }));
    expect(row('other', x)).toEqual({});
    for (const r of sub) for (const [k, v] of r) expect(x.cells[k], k).toBe(v);
  });

  it('reads （六） as one row where the page prints no sub-rows (the 2019 layout kept in a 2021 report)', () => {
    const rep = generateReport(5, { template: '2021', otherAsOneRow: true });
    const x = ok(extractText(renderReport(rep, 'text-lines'), { fileName: 'page.txt' }));
    expect(row('other', x)).toEqual(Object.fromEntries(Object.entries(rep.cells).filter(([k]) => k.startsWith('applications.other.'))));
  });
});

describe('rows a reader cut at the edge of the print', () => {
  // A table wider than the page: the reader writes each row up to the edge, with no closing pipe.
  const cases = [3, 8, 21].flatMap((seed) => [1, 2, 4].map((lost) => ({ seed, lost })));
  it.each(cases)('seed $seed, the last $lost columns lost: each row gives its first cells, the rest left out', ({ seed, lost }) => {
    const rep = generateReport(seed, { template: '2021', otherAsOneRow: false });
    const lines = renderReport(rep, 'text-pipes').split('\n');
    let cutRows = 0;
    const cut = lines.map((l) => {
      const cells = l.split('|').slice(1, -1);
      if (!/^\| \S/.test(l) || cells.length !== 8 || !/\d/.test(cells[1] ?? '')) return l;
      cutRows++;
      // As a reader writes a cut row: `…` where the closing pipe would be; or, as a writer may, no closing pipe.
      return cutRows % 2 ? `|${cells.slice(0, 8 - lost).join('|')}| …` : `|${cells.slice(0, 8 - lost).join('|')}`;
    });
    expect(cutRows).toBeGreaterThan(10);
    const x = ok(extractText(cut.join('\n'), {}, {}, [], 'reader'));
    const wrong = Object.entries(x.cells).filter(([k, v]) => v !== rep.cells[k]);
    expect(wrong).toEqual([]);
    expect(x.cells['applications.granted.natural_person']).toBe(rep.cells['applications.granted.natural_person']);
    expect(x.cells['applications.granted.total']).toBeUndefined();
    expect(x.warnings.join('\n')).toMatch(new RegExp(`${7 - lost} of 7 cells printed \\(the row runs past the edge of the print`));
  });
});

describe('a cell printing a number with a mark (12①, 12*, 12注1, 12次)', () => {
  const HEADER = ['申请人情况', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
  const ZEROS = ['0', '0', '0', '0', '0', '0', '0'];
  /** Table B printed as pipe rows: a header, the given rows, two rows of zeros. */
  const pipes = (...rows: string[][]) => [...HEAD, ...[HEADER, ...rows, ['（一）予以公开', ...ZEROS], ['（二）部分公开', ...ZEROS]].map((r) => `| ${r.join(' | ')} |`),
    '四、政府信息公开行政复议、行政诉讼情况', ''].join('\n');

  it('holds its column and states no value; the row’s other cells stay in theirs, and a warning names it', () => {
    for (const mark of ['①', '*', '¹', '注1', '（注）', '次', '%', '+']) {
      const r = ok(extractText(pipes(
        ['一、本年新收政府信息公开申请数量', `3${mark}`, '1', '', '0', '0', '0', '4'],
        ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0'],
      ), { fileName: 'page.txt' }));
      expect(row('new_received', r), mark).toEqual({
        'applications.new_received.commercial_enterprise': 1, 'applications.new_received.research_institution': null,
        'applications.new_received.social_welfare_org': 0, 'applications.new_received.legal_service_org': 0, 'applications.new_received.other_org': 0,
        'applications.new_received.total': 4,
      });
      expect(r.warnings.some((w) => w.includes(`'3${mark}'`) && w.includes('no value as it stands')), mark).toBe(true);
    }
  });

  it('one cell a line: the marked cell keeps its place where skipping it shifted the row (a blank made the count come out)', () => {
    const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '9', '0*', '2', '\u00a0', '0', '0', '11'], ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0']), { fileName: 'page.txt' }));
    expect(row('new_received', r)).toEqual({
      'applications.new_received.natural_person': 9, 'applications.new_received.research_institution': 2,
      'applications.new_received.social_welfare_org': null, 'applications.new_received.legal_service_org': 0,
      'applications.new_received.other_org': 0, 'applications.new_received.total': 11,
    });
  });

  it('a numeral on the row’s own line after its name is a cell; before a name it numbers an item', () => {
    const r = ok(extractText(pipes(
      ['一、本年新收政府信息公开申请数量', '⑧', '0', '0', '0', '0', '0', '8'],
      ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0'],
    ), { fileName: 'page.txt' }));
    expect(row('new_received', r)).toMatchObject({ 'applications.new_received.commercial_enterprise': 0, 'applications.new_received.total': 8 });
    expect(row('new_received', r)['applications.new_received.natural_person']).toBeUndefined();
    // One cell a line, ② on its own line before the next row's name: that row's item number, no cell of the row before.
    const numbered = ok(extractText(page(['一、本年新收政府信息公开申请数量', '5', '0', '0', '0', '0', '0', '5', '②'], ['二、上年结转政府信息公开申请数量', '1', '0', '0', '0', '0', '0', '1']), { fileName: 'page.txt' }));
    expect(row('new_received', numbered)).toMatchObject({ 'applications.new_received.natural_person': 5, 'applications.new_received.total': 5 });
    expect(row('carried_over', numbered)).toMatchObject({ 'applications.carried_over.natural_person': 1, 'applications.carried_over.total': 1 });
  });

  it('a section heading ends the row before it: a blank after the heading is no cell of a row whose cell printed text', () => {
    const text = ['某县人民政府2022年政府信息公开工作年度报告', '二、主动公开政府信息情况', '信息内容 |', '本年收费金额（单位：万元） |', '行政事业性收费 |', '见附件 |',
      '三、收到和处理政府信息公开申请情况 |', '申请人情况 |', ' |', '一、本年新收政府信息公开申请数量 |', ''].join('\n');
    const r = ok(extractText(text, { fileName: 'page.txt' }));
    expect(r.cells['active.fees.amount']).toBeUndefined();
  });
});

describe('a row left out for its blanks keeps its values', () => {
  it('gives none of them to another row’s printed blank as a stray, whatever an identity needs', () => {
    let rows = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rep = generateReport(seed);
      let k = 0;
      const cells = Object.fromEntries(Object.entries(rep.cells).map(([key, v]) => [key, k++ % 9 === 4 ? null : v]));
      const page = renderReport({ ...rep, cells }, 'text-pipes');
      // Row 一 printed without its pipes, so its blank no longer shows: left out, its values its own.
      const out = page.replace(/^\| 一、本年新收政府信息公开申请数量 \|(.*)\|$/m, (_, c: string) => `一、本年新收政府信息公开申请数量 ${c.split('|').map((x) => x.trim()).filter(Boolean).join(' ')}`);
      if (out === page || !/^\| 一、本年新收政府信息公开申请数量 \|.*\|[ \t]*\|/m.test(page)) continue;
      rows++;
      const r = ok(extractText(out, { fileName: 'page.txt' }));
      expect(Object.keys(r.cells).filter((key) => r.cells[key] !== cells[key]).map((key) => `${key}=${r.cells[key]} (page ${cells[key]})`), `seed ${seed}`).toEqual([]);
      expect(row('new_received', r)).toEqual({});
    }
    expect(rows).toBeGreaterThan(3);
  });
});

describe('a numeral among table C’s values', () => {
  it('is a cell there, never an item’s number: `1.` keeps its column and states nothing', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rep = generateReport(seed);
      const page = renderReport(rep, 'text-pipes');
      // Table C's row of fifteen values: its first value printed with a full stop after it.
      const out = page.replace(/^\| (\d+) \|((?: [^|]* \|){14})$/m, (_, v: string, rest: string) => `| ${v}. |${rest}`);
      expect(out, `seed ${seed}`).not.toBe(page);
      const r = ok(extractText(out, { fileName: 'page.txt' }));
      const c = Object.keys(rep.cells).filter((k) => /^(review|litigation)/.test(k));
      expect(c.filter((k) => k in r.cells && r.cells[k] !== rep.cells[k]), `seed ${seed}`).toEqual([]);
      expect(r.cells['review.upheld']).toBeUndefined();
      expect(c.filter((k) => k in r.cells).length).toBe(14);
    }
  });
});
