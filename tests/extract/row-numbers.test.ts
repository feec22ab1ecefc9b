/**
 * A 序号 column: table B's rows numbered 1, 2, 3 … in a cell before their names, under a 序号
 * header or none, from 1 or on from an earlier table. Read as cells, one cell a line each number
 * was one value too many for the row above (the identities then chose a reading: 8 values wrong
 * over 30 reports with blanks), and in pipe rows and HTML a value astray that an identity placed
 * in another row's printed blank (49); rows spaced on a line read the number into the name and
 * lost the row. Now numbers right before rows' names that count up by one are row numbers
 * (row-numbers.ts), a number two spaces before a name on a spaced row is a cell of its own, and a
 * number right before a name on the name's printed row is never a stray.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, type SynthReport } from '../../src/synth/index.js';
import { fromGrid, page, STYLES, type Rows } from '../helpers/printed-tables.js';
import { reportGrids } from '../../src/template/grid.js';

/** One cell in six printed blank. */
const withBlanks = (s: SynthReport, seed: number): SynthReport =>
  ({ ...s, cells: Object.fromEntries(Object.entries(s.cells).map(([k, v], i) => [k, (i * 7 + seed) % 6 === 0 ? null : v])) });

/** Table B with a first column numbering its rows from `first`, headed `header` (blank: none printed). */
function numbered(s: SynthReport, header: string, first: number): Rows {
  const grid = reportGrids(s.template, { otherAsOneRow: s.otherAsOneRow })[1]!;
  let n = first - 1;
  return fromGrid(grid, s).map((r, j) => (j < 3 ? (j === 0 ? [{ text: header, rowspan: 3 }, ...r] : r) : [{ text: String(++n) }, ...r]));
}

const reports = Array.from({ length: 30 }, (_, i) => withBlanks(generateReport((i + 1) * 4001, { template: (i + 1) % 3 === 0 ? '2019' : '2021' }), i + 1));

describe('table B with a 序号 column', () => {
  for (const [name, header, first] of [['under 序号, from 1', '序号', 1], ['no header, from 1', '', 1], ['no header, on from 10', '', 10]] as const) {
    for (const style of STYLES) {
      it(`${name}, ${style}: no value stated wrong, nearly every cell read`, () => {
        const wrong: string[] = [];
        let stated = 0, cells = 0;
        for (const [i, s] of reports.entries()) {
          const r = extractText(page(s, style, { b: numbered(s, header, first) }), { fileName: style === 'html' ? 'p.html' : 'p.txt' });
          if (!r.ok) throw new Error(r.error);
          cells += Object.keys(s.cells).length;
          stated += Object.keys(r.cells).length;
          for (const [k, v] of Object.entries(r.cells)) if (s.cells[k] !== v) wrong.push(`report ${i + 1}: ${k} ${v} (printed ${s.cells[k]})`);
        }
        expect(wrong).toEqual([]);
        // Rows spaced on a line leave out some rows with or without the column (a blank as / at a row's end).
        expect(stated / cells).toBeGreaterThan(style === 'spaced' ? 0.9 : 0.99);
      });
    }
  }

  it('one cell a line, the numbers named in a warning', () => {
    const s = reports[0]!;
    const r = extractText(page(s, 'lines', { b: numbered(s, '序号', 1) }), { fileName: 'p.txt' });
    if (!r.ok) throw new Error(r.error);
    const rows = numbered(s, '序号', 1).length - 3;
    expect(r.warnings).toContain(`a 序号 column: ${rows} row numbers before rows' names, not cells`);
  });
});
