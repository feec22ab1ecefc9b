/**
 * Table C printed as two or three tables (行政复议 in one, 行政诉讼 in another, or one table per
 * group), as pages pasted from Word tables split at a page break print it: each table ends
 * after whole groups of values and the next opens with C's headers, so the values go on as one
 * row. Before, the first table's five values were read as a row of fifteen cells and the whole
 * table was left out. A table that opens with another group than the one that comes next does
 * not go on: groups split apart in another order are left out.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, renderReport } from '../../src/synth/index.js';
import { TABLE_C_COLUMNS, TABLE_C_GROUPS, TABLE_C_KEYS, tableCKey } from '../../src/template/index.js';

const val = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const tr = (cells: readonly string[], spans: readonly number[] = []) =>
  `<tr>${cells.map((c, i) => `<td${spans[i] ? ` colspan="${spans[i]}"` : ''}>${c}</td>`).join('')}</tr>`;
const COLUMNS = TABLE_C_COLUMNS.map((c) => c.label);
type Group = (typeof TABLE_C_GROUPS)[number];
const values = (cells: Record<string, number | null>, groups: readonly Group[]) => groups.flatMap((g) => TABLE_C_COLUMNS.map((c) => val(cells[tableCKey(g.key, c.key)])));

/** One table per list of groups, each with its group names, column names and values. */
const tablesOf = (cells: Record<string, number | null>, parts: readonly (readonly Group[])[]) => parts.map((groups) =>
  `<table border="1">${groups.length > 1 ? tr(['行政诉讼'], [5 * groups.length]) : ''}${tr(groups.map((g) => g.label), groups.map(() => 5))}`
  + `${tr(groups.flatMap(() => COLUMNS))}${tr(values(cells, groups))}</table>`).join('\n<p>&nbsp;</p>\n');

const withTableC = (page: string, tables: string) =>
  page.replace(/(<p>四、[^<]*<\/p>\n)<table[\s\S]*?<\/table>/, (_, heading: string) => `${heading}${tables}`);

const [REVIEW, DIRECT, AFTER] = TABLE_C_GROUPS;
const SPLITS: Record<string, readonly (readonly Group[])[]> = {
  'two tables (复议 | 诉讼)': [[REVIEW], [DIRECT, AFTER]],
  'three tables, one a group': [[REVIEW], [DIRECT], [AFTER]],
};

describe('table C split over several tables', () => {
  for (const [name, parts] of Object.entries(SPLITS)) {
    it(`${name}: read as one row of fifteen, every value in its cell`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const s = generateReport(seed);
        const page = withTableC(renderReport(s, 'html-table'), tablesOf(s.cells, parts));
        expect(page).toContain('<td colspan="5">复议后起诉</td>');
        const r = extractText(page, { fileName: 'p.html' });
        if (!r.ok) throw new Error(r.error);
        for (const k of TABLE_C_KEYS) expect(r.cells[k], `seed ${seed} ${k}`).toBe(s.cells[k]);
      }
    });
  }

  it('groups split apart in another order (诉讼 before 复议) are left out, named', () => {
    const s = generateReport(3);
    const r = extractText(withTableC(renderReport(s, 'html-table'), tablesOf(s.cells, [[DIRECT, AFTER], [REVIEW]])), { fileName: 'p.html' });
    if (!r.ok) throw new Error(r.error);
    expect(TABLE_C_KEYS.filter((k) => k in r.cells)).toEqual([]);
    // The first table's ten values are no row of fifteen: left out, and said so; the second's are not read on.
    expect(r.warnings.some((w) => w.startsWith('table C: 10 cells for 15 columns') && w.endsWith('left out'))).toBe(true);
  });
});
