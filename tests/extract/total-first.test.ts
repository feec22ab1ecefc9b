/**
 * Table B with 总计 as its first column (`| 名称 | 总计 | 自然人 | 商业企业 … |`). Read by
 * position, every value of the table lands one column on: 506 values over 12 reports stated
 * as read in each text layout, before. The header as text cannot always tell: flattened one
 * cell a line, 总计 printed before 自然人 is also how the template's own header reads when 总计
 * spans two header rows above 自然人. Now a header row that prints 总计 before 自然人 on one
 * line is out of order, and wherever the rows' sums say the first value is the total (the
 * first the sum of the six after it, the last not the sum of the six before it) the table is
 * left out, named. The template's order under the same flattened header is still read.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, type SynthReport } from '../../src/synth/index.js';
import { page, STYLES, val, type Rows } from '../helpers/printed-tables.js';
import { OTHER_SUBROWS, TABLE_B_COLUMNS, TABLE_B_ROWS, tableBKey } from '../../src/template/index.js';

const CORNER = { text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan: 2, rowspan: 3 };
const ORGS = TABLE_B_COLUMNS.slice(1, 6);

/** Table B headed 总计 first (spanning two rows, 自然人 beside it); its values in that order, or in the template's. */
function totalFirst(s: SynthReport, values: 'total first' | 'template order'): Rows {
  const oneRow = s.template === '2019' || s.otherAsOneRow;
  const rows = TABLE_B_ROWS.filter((r) => (r.key === 'other' ? oneRow : (OTHER_SUBROWS as readonly string[]).includes(r.key) ? !oneRow : r.templates.includes(s.template)));
  const out: Rows = [
    [CORNER, { text: '申请人情况', colspan: 7 }],
    [{ text: '总计', rowspan: 2 }, { text: '自然人', rowspan: 2 }, { text: '法人或其他组织', colspan: 5 }],
    ORGS.map((c) => ({ text: c.label })),
  ];
  for (const r of rows) {
    const v = (c: string) => val(s.cells[tableBKey(r.key, c)]);
    const cells = values === 'total first' ? ['total', 'natural_person', ...ORGS.map((c) => c.key)] : TABLE_B_COLUMNS.map((c) => c.key);
    out.push([{ text: r.key === 'granted' ? `三、本年度办理结果${r.label}` : r.label, colspan: 2 }, ...cells.map((c) => ({ text: v(c) }))]);
  }
  return out;
}

const reports = Array.from({ length: 12 }, (_, i) => generateReport((i + 1) * 7919, { template: (i + 1) % 4 === 0 ? '2019' : '2021' }));
const read = (s: SynthReport, style: (typeof STYLES)[number], b: Rows) => {
  const r = extractText(page(s, style, { b }), { fileName: style === 'html' ? 'r.html' : 'r.txt' });
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('table B with 总计 as its first column', () => {
  for (const style of STYLES) {
    it(`${style}: table B left out, named; tables A and C read`, () => {
      for (const [i, s] of reports.entries()) {
        const r = read(s, style, totalFirst(s, 'total first'));
        expect(Object.keys(r.cells).filter((k) => k.startsWith('applications.')), `report ${i + 1}`).toEqual([]);
        expect(r.warnings.some((w) => w.startsWith('table B: ') && /总计|order/.test(w)), `report ${i + 1}`).toBe(true);
        const others = Object.keys(s.cells).filter((k) => !k.startsWith('applications.'));
        expect(others.filter((k) => r.cells[k] !== s.cells[k]), `report ${i + 1}`).toEqual([]);
      }
    });
  }

  it('one cell a line, the same header over values in the template\'s order: every cell read', () => {
    for (const [i, s] of reports.entries()) {
      const r = read(s, 'lines', totalFirst(s, 'template order'));
      expect(Object.keys(s.cells).filter((k) => r.cells[k] !== s.cells[k]), `report ${i + 1}`).toEqual([]);
    }
  });
});
