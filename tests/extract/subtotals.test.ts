/**
 * Table B with a subtotal row for a heading of sub-rows: some reports print （三）不予公开,
 * （四）无法提供 and （五）不予处理 as rows of their own, holding the sum of the rows under
 * them (or put a 小计 row first under a heading that spans them). The subtotal is no cell of
 * the template. Before, its values were read as the first sub-row's, printed before that
 * row's name (a row whose name was lost), and the sub-row's own values were dropped: 131
 * values stated wrong over 30 reports, in every layout (HTML, one cell a line, pipes,
 * Markdown).
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, type SynthReport } from '../../src/synth/index.js';
import { page, STYLES, val, type Rows } from '../helpers/printed-tables.js';
import { OTHER_SUBROWS, TABLE_B_COLUMNS, TABLE_B_ROWS, tableBKey } from '../../src/template/index.js';

/**
 * Table B with a row of sums for each heading of sub-rows: the heading as that row's name
 * (`row`), or spanning its sub-rows with a 小计 row first (`xiaoji`); or the headings' sums
 * alone, their sub-rows not printed (`collapsed`).
 */
function tableBWithSubtotals(s: SynthReport, how: 'row' | 'xiaoji' | 'collapsed'): Rows {
  const oneRow = s.template === '2019' || s.otherAsOneRow;
  const rows = TABLE_B_ROWS.filter((r) => (r.key === 'other' ? oneRow
    : (OTHER_SUBROWS as readonly string[]).includes(r.key) ? !oneRow : r.templates.includes(s.template)));
  const values = (key: string) => TABLE_B_COLUMNS.map((c) => ({ text: val(s.cells[tableBKey(key, c.key)]) }));
  const out: Rows = [
    [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan: 2, rowspan: 3 }, { text: '申请人情况', colspan: 7 }],
    [{ text: '自然人', rowspan: 2 }, { text: '法人或其他组织', colspan: 5 }, { text: '总计', rowspan: 2 }],
    TABLE_B_COLUMNS.slice(1, 6).map((c) => ({ text: c.label })),
  ];
  let under: string | undefined;
  for (const r of rows) {
    const parent = r.parent && r.parent !== '三、本年度办理结果' ? r.parent : undefined;
    if (parent && parent !== under) {
      const kids = rows.filter((x) => x.parent === parent);
      const sums = TABLE_B_COLUMNS.map((c) => ({ text: String(kids.reduce((a, k) => a + (s.cells[tableBKey(k.key, c.key)] ?? 0), 0)) }));
      out.push(how === 'xiaoji' ? [{ text: parent, rowspan: kids.length + 1 }, { text: '小计' }, ...sums] : [{ text: parent, colspan: 2 }, ...sums]);
    }
    if (how === 'collapsed' && parent) { under = parent; continue; }
    const name = r.key === 'granted' ? `三、本年度办理结果${r.label}` : r.label;
    out.push([how === 'xiaoji' && parent ? { text: name } : { text: name, colspan: 2 }, ...values(r.key)]);
    under = parent;
  }
  return out;
}


describe('table B with subtotal rows under its headings', () => {
  for (const how of ['row', 'xiaoji'] as const) for (const style of STYLES) {
    it(`${how === 'row' ? 'the heading a row of its own' : 'a 小计 row under the heading'}, ${style}: every cell as printed, the subtotals placed nowhere`, () => {
      let cells = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const s = generateReport(seed * 7919, { template: seed % 4 === 0 ? '2019' : '2021' });
        const r = extractText(page(s, style, { b: tableBWithSubtotals(s, how) }), { fileName: style === 'html' ? 'r.html' : 'r.txt' });
        if (!r.ok) throw new Error(r.error);
        for (const [k, v] of Object.entries(s.cells)) { expect(r.cells[k], `seed ${seed} ${k}`).toBe(v); cells++; }
        if (s.template === '2021' && !s.otherAsOneRow) expect(Object.keys(r.cells).filter((k) => k.startsWith('applications.other.'))).toEqual([]);
      }
      expect(cells).toBeGreaterThan(12 * 150);
    });
  }

  it('names the subtotal it did not place', () => {
    const s = generateReport(7919, { template: '2021', otherAsOneRow: true });
    const r = extractText(page(s, 'html', { b: tableBWithSubtotals(s, 'row') }), { fileName: 'r.html' });
    if (!r.ok) throw new Error(r.error);
    const sums = ['denied_state_secret', 'denied_prohibited_by_law', 'denied_three_safety_one_stability', 'denied_third_party_rights',
      'denied_internal_affairs', 'denied_process_information', 'denied_enforcement_files', 'denied_query_matters']
      .reduce((a, k) => a + (s.cells[tableBKey(k, 'total')] ?? 0), 0);
    const w = r.warnings.find((x) => x.startsWith('(三)不予公开 (table B):'));
    expect(w).toContain(`'${sums}'`);
    expect(w).toContain('a subtotal, no cell of the template: not placed');
    const denied = r.accounts?.find((a) => a.table === 'B')?.dropped.filter((d) => d.why.includes('a heading of sub-rows')) ?? [];
    expect(denied.length).toBe(3 * TABLE_B_COLUMNS.length);
  });

  for (const style of STYLES) {
    it(`the headings' sums alone, their sub-rows not printed, ${style}: the sums placed nowhere, the rows printed read`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const s = generateReport(seed * 7919, { template: seed % 4 === 0 ? '2019' : '2021', otherAsOneRow: true });
        const r = extractText(page(s, style, { b: tableBWithSubtotals(s, 'collapsed') }), { fileName: style === 'html' ? 'r.html' : 'r.txt' });
        if (!r.ok) throw new Error(r.error);
        for (const [k, v] of Object.entries(r.cells)) expect(v, `seed ${seed} ${k}`).toBe(s.cells[k]);
        const keys = Object.keys(r.cells);
        expect(keys.filter((k) => /^applications\.(denied|unable|not_processed)_/.test(k)), `seed ${seed}`).toEqual([]);
        for (const row of ['new_received', 'carried_over', 'granted', 'total', 'carried_forward']) expect(keys, `seed ${seed}`).toContain(tableBKey(row, 'total'));
      }
    });
  }
});
