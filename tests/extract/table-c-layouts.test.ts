/**
 * Table C laid out otherwise than the template's one row of fifteen, as some reports print it:
 * a group a row (行政复议 | five values, 未经复议直接起诉 | five, 复议后起诉 | five), read as the
 * row of fifteen it is; and layouts whose values a row of fifteen would put in other cells —
 * the groups a row in another order, the table turned (a result a row, a group a column), a
 * row of litigation sums — which are left out, never read by position. Before, the group
 * names among the values were let pass as headers: groups in another order stated 128 values
 * wrong over 30 reports, the turned table 187, and a group a row in the template's order was
 * left out (450 cells).
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, type SynthReport } from '../../src/synth/index.js';
import { TABLE_C_COLUMNS, TABLE_C_GROUPS, TABLE_C_KEYS, tableCKey } from '../../src/template/index.js';
import { page, STYLES, val, type Cell, type Rows } from '../helpers/printed-tables.js';

const [REVIEW, DIRECT, AFTER] = TABLE_C_GROUPS;
type Group = (typeof TABLE_C_GROUPS)[number];
const values = (s: SynthReport, g: Group): Cell[] => TABLE_C_COLUMNS.map((c) => ({ text: val(s.cells[tableCKey(g.key, c.key)]) }));
const sums = (s: SynthReport): Cell[] => TABLE_C_COLUMNS.map((c) =>
  ({ text: String((s.cells[tableCKey(DIRECT.key, c.key)] ?? 0) + (s.cells[tableCKey(AFTER.key, c.key)] ?? 0)) }));
const head: Cell[] = [{ text: '类别', colspan: 2 }, ...TABLE_C_COLUMNS.map((c) => ({ text: c.label }))];

const READ: Record<string, (s: SynthReport) => Rows> = {
  'a group a row': (s) => [head,
    [{ text: '行政复议', colspan: 2 }, ...values(s, REVIEW)],
    [{ text: '行政诉讼（未经复议直接起诉）', colspan: 2 }, ...values(s, DIRECT)],
    [{ text: '行政诉讼（复议后起诉）', colspan: 2 }, ...values(s, AFTER)]],
  'a group a row, 行政诉讼 spanning two': (s) => [head,
    [{ text: '行政复议', colspan: 2 }, ...values(s, REVIEW)],
    [{ text: '行政诉讼', rowspan: 2 }, { text: '未经复议直接起诉' }, ...values(s, DIRECT)],
    [{ text: '复议后起诉' }, ...values(s, AFTER)]],
};

const LEFT_OUT: Record<string, (s: SynthReport) => Rows> = {
  'groups a row in another order': (s) => [head,
    [{ text: '行政复议', colspan: 2 }, ...values(s, REVIEW)],
    [{ text: '行政诉讼', rowspan: 2 }, { text: '复议后起诉' }, ...values(s, AFTER)],
    [{ text: '未经复议直接起诉' }, ...values(s, DIRECT)]],
  'turned: a result a row, a group a column': (s) => [
    [{ text: '项目' }, { text: '行政复议' }, { text: '行政诉讼（未经复议直接起诉）' }, { text: '行政诉讼（复议后起诉）' }],
    ...TABLE_C_COLUMNS.map((c) => [{ text: c.label }, ...TABLE_C_GROUPS.map((g) => ({ text: val(s.cells[tableCKey(g.key, c.key)]) }))])],
  'turned, 行政诉讼 over its two groups': (s) => [
    [{ text: '项目', rowspan: 2 }, { text: '行政复议', rowspan: 2 }, { text: '行政诉讼', colspan: 2 }],
    [{ text: '未经复议直接起诉' }, { text: '复议后起诉' }],
    ...TABLE_C_COLUMNS.map((c) => [{ text: c.label }, ...TABLE_C_GROUPS.map((g) => ({ text: val(s.cells[tableCKey(g.key, c.key)]) }))])],
  'a row of litigation sums': (s) => [head,
    [{ text: '行政复议', colspan: 2 }, ...values(s, REVIEW)],
    [{ text: '行政诉讼', rowspan: 3 }, { text: '合计' }, ...sums(s)],
    [{ text: '未经复议直接起诉' }, ...values(s, DIRECT)],
    [{ text: '复议后起诉' }, ...values(s, AFTER)]],
};

const reports = () => Array.from({ length: 10 }, (_, i) => generateReport((i + 1) * 7919, { template: i % 4 === 3 ? '2019' : '2021' }));

describe('table C in other layouts', () => {
  for (const [name, rows] of Object.entries(READ)) for (const style of STYLES) {
    it(`${name}, ${style}: read as the row of fifteen`, () => {
      for (const s of reports()) {
        const r = extractText(page(s, style, { c: rows(s) }), { fileName: style === 'html' ? 'r.html' : 'r.txt' });
        if (!r.ok) throw new Error(r.error);
        for (const k of TABLE_C_KEYS) expect(r.cells[k], `${s.title} ${k}`).toBe(s.cells[k]);
      }
    });
  }
  for (const [name, rows] of Object.entries(LEFT_OUT)) for (const style of STYLES) {
    it(`${name}, ${style}: left out, the other tables read`, () => {
      for (const s of reports()) {
        const r = extractText(page(s, style, { c: rows(s) }), { fileName: style === 'html' ? 'r.html' : 'r.txt' });
        if (!r.ok) throw new Error(r.error);
        expect(TABLE_C_KEYS.filter((k) => k in r.cells), s.title).toEqual([]);
        expect(r.warnings.some((w) => w.startsWith('table C:'))).toBe(true);
        for (const [k, v] of Object.entries(s.cells)) if (!TABLE_C_KEYS.includes(k)) expect(r.cells[k], `${s.title} ${k}`).toBe(v);
      }
    });
  }
});
