/** Unit behaviour of the extractor: values, span grids, template choice, pages without tables. */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { ENDS_LIKE_VALUE, readCell, VALUE_PATTERN } from '../../src/extract/values.js';
import { htmlTokens } from '../../src/extract/tokens.js';
import { decodeBytes } from '../../src/extract/decode.js';
import { findPublishedDate } from '../../src/extract/meta.js';
import { onStoredText, PLACE_KEYS } from '../../src/extract/source-map.js';
import type { ExtractedCell } from '../../src/model/report.js';
import { toHalfWidth } from '../../src/model/half-width.js';
import iconv from 'iconv-lite';

const ok = (r: ReturnType<typeof extractText>) => { if (!r.ok) throw new Error(r.error); return r; };

describe('cell values', () => {
  it('reads signs, units, placeholders and blanks', () => {
    expect(readCell('+19')).toEqual({ kind: 'number', value: 19 });
    expect(readCell('-3')).toEqual({ kind: 'number', value: -3 });
    expect(readCell('152790元')).toEqual({ kind: 'number', value: 152790, unit: '元' });
    expect(readCell('５９４９.０８８６６７万元')).toEqual({ kind: 'number', value: 5949.088667, unit: '万元' });
    expect(readCell('1,234')).toEqual({ kind: 'number', value: 1234 });
    for (const p of ['/', '—', '－', '无']) expect(readCell(p).kind).toBe('placeholder');
    expect(readCell('\u00a0 ').kind).toBe('blank');
    expect(readCell('捕获2.PNG').kind).toBe('text');
  });

  it('reads a count with a note saying what it includes, or its unit in brackets, as the count; other words leave it no value', () => {
    expect(readCell('12（含3件）')).toEqual({ kind: 'number', value: 12 });
    expect(readCell('12 (其中网上申请2件)')).toEqual({ kind: 'number', value: 12 });
    expect(readCell('5件（包括依申请公开1件）')).toEqual({ kind: 'number', value: 5 });
    expect(readCell('０（包含０件）')).toEqual({ kind: 'number', value: 0 });
    expect(readCell('12（件）')).toEqual({ kind: 'number', value: 12 });
    expect(readCell('0.5(万元)')).toEqual({ kind: 'number', value: 0.5, unit: '万元' });
    for (const t of ['12（注）', '12（另3件）', '12（含）', '（含3件）', '12（含3件）4', '12（含3件）（其中1件）', '含3件', '12（人次）', '(件)']) expect(readCell(t).kind, t).toBe('text');
  });

  it('reads the 2019 table A change column printed in words (增加2, 减1) as signed, in a cell or a spaced row', () => {
    expect(readCell('增加2')).toEqual({ kind: 'number', value: 2 });
    expect(readCell('增 3 项')).toEqual({ kind: 'number', value: 3 });
    expect(readCell('减少１')).toEqual({ kind: 'number', value: -1 });
    expect(readCell('减12')).toEqual({ kind: 'number', value: -12 });
    for (const t of ['增加', '增减', '新增2', '增加了2', '减少2人次']) expect(readCell(t).kind, t).toBe('text');
    const title = '<h1>某县人民政府2020年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p>';
    const head = ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'];
    const rows = [['行政许可', '10', '增加2', '100'], ['其他对外管理服务事项', '5', '减少1', '7'], ['行政处罚', '3', '减3', '/']];
    const want = { 'active.licensing.change': 2, 'active.other_services.change': -1, 'active.penalty.change': -3, 'active.penalty.decisions': null };
    const html = `<html><body>${title}<table border="1"><tr><td colspan="4">第二十条第（五）项</td></tr>${[head, ...rows].map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table></body></html>`;
    const text = ['某县人民政府2020年政府信息公开工作年度报告', '二、主动公开政府信息情况', '第二十条第（五）项', ...[head, ...rows].map((r) => r.join('  ')), '五、存在的主要问题及改进情况'].join('\n');
    for (const [page, fileName] of [[html, 'r.html'], [text, 'r.txt']] as const) {
      const r = ok(extractText(page, { fileName }));
      expect(r.cells, fileName).toMatchObject(want);
      expect(r.cells['active.licensing.decisions'], fileName).toBe(100);
    }
  });

  it('takes a run of 13 digits or more for cells glued together, not a value', () => {
    expect(readCell('999999999999元')).toEqual({ kind: 'number', value: 999_999_999_999, unit: '元' });
    expect(readCell('999,999,999,999')).toEqual({ kind: 'number', value: 999_999_999_999 });
    expect(readCell('100121000100000').kind).toBe('text');
    expect(readCell('1,001,210,001,000').kind).toBe('text');
    expect(readCell('0000000000000.5').kind).toBe('text');
  });
});

describe('HTML tables', () => {
  it('keeps grid positions with rowspan and colspan expanded', () => {
    const page = htmlTokens(`<table><tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td></tr>
      <tr><td>（二）部分公开</td><td>x</td><td>2</td></tr></table>`);
    const cells = page.tokens.filter((t) => !t.boundary).map((t) => [t.text, t.row, t.col]);
    expect(cells).toEqual([
      ['三、本年度办理结果', 0, 0], ['（一）予以公开', 0, 1], ['5', 0, 3],
      ['（二）部分公开', 1, 1], ['x', 1, 2], ['2', 1, 3],
    ]);
  });

  it('reads a 2019-format table A, null for placeholders, units kept in details', () => {
    const html = `<html><head><title>某县2019年政府信息公开工作年度报告</title></head><body>
      <table><tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
      <tr><td>行政许可</td><td colspan="2">21</td><td>+19</td><td>40</td></tr>
      <tr><td>行政处罚</td><td>/</td><td>&nbsp;</td><td>—</td></tr>
      <tr><td>信息内容</td><td>采购项目数量</td><td>采购总金额</td></tr>
      <tr><td>政府集中采购</td><td>3</td><td>251000元</td></tr></table></body></html>`;
    const r = ok(extractText(html, { fileName: 'a.html' }));
    expect(r.template).toBe('2019');
    expect(r.year).toBe(2019);
    expect(r.cells).toEqual({
      'active.licensing.previous_items': 21, 'active.licensing.change': 19, 'active.licensing.decisions': 40,
      'active.penalty.previous_items': null, 'active.penalty.change': null, 'active.penalty.decisions': null,
      'active.procurement.items': 3, 'active.procurement.amount': 251000,
    });
    const amount = r.details.find((d) => d.key === 'active.procurement.amount')!;
    expect(amount).toMatchObject({ raw: '251000元', unit: '元', provenance: { table: 'A', htmlTable: 0, row: 4 } });
  });
});

describe('template detection', () => {
  it('follows the headers, not the year: a 2021 report printed in the 2019 format', () => {
    const text = ['2021年政府信息公开工作年度报告', '信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量', '规章', '1', '2', '3', ''].join('\n');
    const r = ok(extractText(text, {}));
    expect(r.year).toBe(2021);
    expect(r.template).toBe('2019');
    expect(r.cells).toEqual({ 'active.regulations.new_made': 1, 'active.regulations.new_published': 2, 'active.regulations.total_published': 3 });
  });
});

describe('aligner', () => {
  it('drops the stray blanks of table C that break the group totals, keeps a stated wrong total', () => {
    const c = ['9', '0', '2', '0', '11', '0', ' ', '1', ' ', '5', '2', '8', '0', '0', '0', ' ', '1', '1'];
    const text = ['2023年政府信息公开工作年度报告', '本年制发件数', '（七）总计', '0', '0', '0', '0', '0', '0', '0',
      '四、政府信息公开行政复议、行政诉讼情况', '行政复议', '结果维持', ...c, '五、存在的主要问题及改进情况'].join('\n');
    const r = ok(extractText(text, {}));
    expect(r.cells['applications.total.total']).toBe(0);
    expect(['review', 'litigation_direct', 'litigation_after_review'].map((g) =>
      ['upheld', 'corrected', 'other', 'pending', 'total'].map((col) => r.cells[`${g}.${col}`]))).toEqual([
      [9, 0, 2, 0, 11], [0, 1, 5, 2, 8], [0, 0, 0, 1, 1]]);
  });
});

describe('pages without a readable table', () => {
  it('returns no cells and a warning, never digits from image file names', () => {
    const r = ok(extractText('2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n捕获2.PNG\n三、收到和处理政府信息公开申请情况\n捕获3.PNG', {}));
    expect(r.cells).toEqual({});
    expect(r.warnings.join(' ')).toMatch(/no readable statistical table/);
  });
});

describe('decoding', () => {
  it('decodes GBK pages by their meta charset and undeclared GB18030 by validity', () => {
    const html = '<html><head><meta charset="gbk"><title>合作市2023年政府信息公开工作年度报告</title></head></html>';
    expect(decodeBytes(new Uint8Array(iconv.encode(html, 'gbk')))).toContain('合作市');
    expect(decodeBytes(new Uint8Array(iconv.encode('行政许可 97', 'gb18030')))).toBe('行政许可 97');
  });
});

describe('rows whose labels were lost', () => {
  it('fills them in template order and keeps a stray value only where an identity asks for it', () => {
    const row = (label: string, vals: number[]) => `| ${label} | ${vals.join(' | ')} |`;
    const z = [0, 0, 0, 0, 0, 0, 0];
    const text = ['2021年政府信息公开工作年度报告', '| 信息内容 | 本年制发件数 |',
      row('一、本年新收政府信息公开申请数量', [3, 0, 0, 0, 0, 0, 3]), row('二、上年结转政府信息公开申请数量', z),
      row('（一）予以公开', [2, 0, 0, 0, 0, 0, 2]),
      `| ${[0, 0, 0, 0, 0, 0, 0].join(' | ')} |`, // （二）部分公开, label garbled away
      row('1.属于国家秘密', z), '2', row('（七）总计', [2, 0, 0, 0, 0, 0, 2]),
      '| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |'].join('\n');
    const r = ok(extractText(text, {}));
    expect(r.cells['applications.partially_granted.natural_person']).toBe(0);
    expect(r.cells['applications.denied_state_secret.total']).toBe(0);
    // The stray 2 matches no identity of the blank total (3 + 0 = 2 + x needs 1): it stays blank.
    expect(r.cells['applications.carried_forward.total']).toBeNull();
  });
});

describe('table A labels printed back to back', () => {
  it('fills the rows in label order', () => {
    const text = ['2022年政府信息公开工作年度报告', '本年制发件数', '规章', '行政规范性文件', '1', '0', '4', '2', '1', '9', '行政许可', '33', ''].join('\n');
    const r = ok(extractText(text, {}));
    expect(r.cells).toEqual({
      'active.regulations.issued': 1, 'active.regulations.repealed': 0, 'active.regulations.in_force': 4,
      'active.normative_documents.issued': 2, 'active.normative_documents.repealed': 1, 'active.normative_documents.in_force': 9,
      'active.licensing.decisions': 33,
    });
  });
});

describe('ENDS_LIKE_VALUE (the quick test before a spaced row is split)', () => {
  const VALUE_AT_END = new RegExp(`${VALUE_PATTERN}$`);
  // Every text the value pattern can end must pass the quick test, or a spaced row would go unsplit.
  const values = ['0', '12', '+19', '-1942', '1,234', '20.3', '18.8710', '79000.1元', '137.3万元', '3件', '4条', '5个', '6项', '/', '\\', '-', '—', '–', '─', '－', '——'];
  it('passes every value the value pattern reads, at the end of a row', () => {
    for (const v of values) {
      const row = `行政许可 1 ${v}`;
      expect(VALUE_AT_END.test(row), row).toBe(true);
      expect(ENDS_LIKE_VALUE.test(row), row).toBe(true);
    }
  });
  it('stops text that cannot end in a value', () => {
    for (const t of ['行政许可', '政府信息公开工作年度报告', 'abc', '2023年', '（一）', '情况。', 'a-b']) {
      expect(VALUE_AT_END.test(t), t).toBe(false);
      expect(ENDS_LIKE_VALUE.test(t), t).toBe(false);
    }
  });
});

describe('a name between a row\'s label and its values', () => {
  // One cell per line: 行政处罚's blank cell lost, then the next row under a name the template
  // does not know. Its value could be either row's: neither gets it.
  const page = (between: string[]) => ['某县2022年政府信息公开工作年度报告', '一、主动公开政府信息情况', '第二十条第（六）项', '信息内容',
    '本年处理决定数量', '行政处罚', ...between, '215', '第二十条第（八）项', '信息内容', '本年收费金额（单位：万元）', '行政事业性收费', '324.97', ''].join('\n');
  it('that names no row: the values after it are left out, named in a warning', () => {
    const r = ok(extractText(page(['强制措施决定']), {}));
    expect(r.cells['active.penalty.decisions']).toBeUndefined();
    expect(r.cells['active.coercion.decisions']).toBeUndefined();
    expect(r.cells['active.fees.amount']).toBe(324.97);
    expect(r.warnings.join('\n')).toMatch(/行政处罚.*'215'.*printed after '强制措施决定'/);
    expect(r.accounts?.find((a) => a.table === 'A')?.dropped.map((d) => d.text)).toContain('215');
  });
  it('that goes on with the row\'s name (a wrapped label), or is a note in brackets: the values are the row\'s', () => {
    for (const between of [['（单位：件）'], []]) expect(ok(extractText(page(between), {})).cells['active.penalty.decisions']).toBe(215);
  });
  it('that is the report\'s title printed again (a running header): the values are the row\'s', () => {
    expect(ok(extractText(page(['某县政府信息公开工作年度报告']), {})).cells['active.penalty.decisions']).toBe(215);
  });
});

describe('blanks after stacked labels', () => {
  // Table A's single-cell rows with their values lost (as OCR loses a small print), then table 2
  // printed as pipe rows: the line break closing its header row is a blank that spans lines.
  const page = (labels: string[]) => [
    '某市科委2024年政府信息公开工作年度报告', '一、主动公开政府信息情况', '第二十条第（五）项', '本年处理决定数量',
    ...labels, '第二十条第（八）项', '本年收费金额（单位：万元）', '表二：主动公开政府信息情况',
    '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |', '|---|---|---|---|',
    '| 规章 | 0 | 0 | 0 |', '|---|---|---|---|', '| 规范性文件 | 13 | 0 | 55 |', '| 行政许可 | 2 |', '| 行政处罚 | 3 |', '',
  ].join('\n');
  it.each([
    [['行政许可', '行政处罚', '行政强制', '行政事业性收费']],
    [['行政许可', '第二十条第（六）项', '本年处理决定数量', '行政处罚', '行政强制']],
    [['行政许可', '行政处罚']],
  ])('state no blank for the first row (%j): the gap is no cell of it', (labels) => {
    const r = ok(extractText(page(labels), { fileName: 'page.txt' }));
    expect(r.cells['active.licensing.decisions']).not.toBe(null);
    expect(r.cells).toMatchObject({ 'active.regulations.issued': 0, 'active.normative_documents.issued': 13, 'active.normative_documents.in_force': 55 });
    expect(r.warnings.join('\n')).toMatch(/no cell of the row is shown blank|no cells printed/);
  });
});

describe('publication date', () => {
  it('reads the first date after 发布时间, 发布日期, 时间 or 日期, full-width or not', () => {
    expect(findPublishedDate('首页 > 政务公开\n发布时间：２０２４－０１－０５  来源：县政府办\n')).toBe('2024-01-05');
    expect(findPublishedDate('日期: 2024年2月9日')).toBe('2024-02-09');
    // A date word with no date after it does not end the search; the first dated one wins.
    expect(findPublishedDate('更新时间 未知\n发布日期 2024.3.1\n时间：2024-04-02')).toBe('2024-03-01');
    expect(findPublishedDate('发布时间\u3000：\u30002023/12/31')).toBe('2023-12-31');
    expect(findPublishedDate('2024年1月5日 某县人民政府')).toBeNull();
  });
});

describe('half-width forms', () => {
  it('turns full-width ASCII forms and the ideographic space into ASCII, and leaves the rest', () => {
    expect(toHalfWidth('（一）１２３，ＡＢ：\u3000规章')).toBe('(一)123,AB: 规章');
    const plain = '规章 12 (3)';
    expect(toHalfWidth(plain)).toBe(plain);
    expect(toHalfWidth('')).toBe('');
    expect(toHalfWidth('～')).toBe('~');
  });
});

describe('provenance on the stored text', () => {
  it('copies every field of a provenance, in print order, the line last and taken from the offset', () => {
    const provenance = { table: 'B', htmlTable: 1, row: 2, col: 3, line: 9, start: 4, end: 5, page: 6, box: [0.1, 0.2, 0.3, 0.4], textLine: 7 } as const;
    const cell = { key: 'k', value: 1, raw: '1', how: 'read', confidence: 1, provenance } as unknown as ExtractedCell;
    const [out] = onStoredText([cell], 'ab\ncd\nef', true);
    expect(Object.keys(out!.provenance)).toEqual(['table', ...PLACE_KEYS.filter((k) => k !== 'line'), 'line']);
    expect(out!.provenance).toEqual({ ...provenance, line: 1 }); // offset 4 is on the second line
  });
});

describe('sub-row names printed after their heading in one cell', () => {
  it('reads （六）其他处理 3.其他 as 3.其他, whose name alone is anchored', async () => {
    const { matchLabel } = await import('../../src/extract/labels.js');
    for (const text of ['（六）其他处理 3.其他', '(六)其他处理3、其他', '（六）其他处理　(3)其他']) expect(matchLabel(text, '2021')?.row, text).toBe('other_other');
    expect(matchLabel('（三）不予公开 1.属于国家秘密', '2021')?.row).toBe('denied_state_secret');
    // A heading alone names no row of its own; another heading's sub-row is not this one.
    expect(matchLabel('（六）其他处理', '2021')?.row).not.toBe('other_other');
    expect(matchLabel('（五）不予处理 3.其他', '2021')).toBeNull();
  });
});

describe('hostile sizes', () => {
  it('reads a spaced row of 200,000 values without overflowing the stack (one push per token)', () => {
    const page = `2023年政府信息公开工作年度报告\n本年制发件数\n行政许可 ${Array.from({ length: 200_000 }, (_, i) => i % 10).join(' ')}\n`;
    const r = extractText(page, { fileName: 'page.txt' });
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
  });

  it('reads a row of 200,000 values one a line (each its own printed row: gathered in one pass, not one pass a line)', () => {
    const page = `2023年政府信息公开工作年度报告\n本年制发件数\n行政许可\n${Array.from({ length: 200_000 }, (_, i) => i % 10).join('\n')}\n`;
    const r = extractText(page, { fileName: 'page.txt' });
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
    if (r.ok) expect(r.cells['active.licensing.decisions']).toBeUndefined();
  });
});
