/**
 * Copies that lost their blank cells: a scraper that drops empty lines (one cell a line), or a
 * converter that skips empty cells. Where a blank went is no longer shown, so a row short of
 * cells is left out — and so is one the text ends inside: on a page that lost its blanks
 * elsewhere, a short last row is no cut row whose cells are its first ones. Before, table C at
 * the end of such a page was read from its first cell (5 values stated wrong on one corpus
 * page), and a row with a spare blank before and after its values, as plain text, was read as
 * if the first were a label's filler (the row's values one column early).
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, type SynthReport } from '../../src/synth/index.js';
import { TABLE_C_KEYS } from '../../src/template/index.js';
import { page } from '../helpers/printed-tables.js';

const read = (text: string) => { const r = extractText(text, { fileName: 'page.txt' }); if (!r.ok) throw new Error(r.error); return r; };
const wrongs = (s: SynthReport, cells: Readonly<Record<string, number | null>>) =>
  Object.entries(cells).filter(([k, v]) => s.cells[k] !== v).map(([k, v]) => `${k}: ${v} (printed ${s.cells[k]})`);

/** The report one cell a line, ending with table C's last cell (nothing after it), its empty lines dropped or kept. */
function endingWithTableC(s: SynthReport, dropEmpty: boolean): string {
  const text = page(s, 'lines').replace(/\n五、存在的主要问题及改进情况\n无。$/, '');
  return dropEmpty ? text.split('\n').filter((l) => l.trim()).join('\n') : text;
}

/** Table C as many print it when nothing happened: blank cells, not zeros (the review's corrected and other results, litigation after review). */
const blanksInC = (s: SynthReport): SynthReport => ({ ...s, cells: { ...s.cells,
  ...Object.fromEntries(TABLE_C_KEYS.filter((k, i) => i === 1 || i === 2 || k.startsWith('litigation_after_review.')).map((k) => [k, null])) } });

describe('a copy that lost its blank cells', () => {
  const reports = Array.from({ length: 30 }, (_, i) => generateReport((i + 1) * 6151, { template: i % 4 === 0 ? '2019' : '2021' }))
    .map((s, i) => (i % 3 ? blanksInC(s) : s));
  const withBlankInC = reports.filter((s) => TABLE_C_KEYS.some((k) => s.cells[k] === null));

  it('states no wrong value, table C at the end of the page included', () => {
    expect(withBlankInC.length).toBeGreaterThan(5);
    for (const s of reports) expect(wrongs(s, read(endingWithTableC(s, true)).cells), s.title).toEqual([]);
  });

  it('leaves table C out where it falls short, and says why', () => {
    for (const s of withBlankInC) {
      const r = read(endingWithTableC(s, true));
      expect(TABLE_C_KEYS.filter((k) => k in r.cells), s.title).toEqual([]);
      expect(r.warnings.some((w) => /^table C: \d+ cells for 15 columns where the text ends, and nothing shows which columns are blank/.test(w)), s.title).toBe(true);
    }
  });

  it('still reads a page cut inside table C from its first cell where the copy shows its blanks, or its cut', () => {
    for (const s0 of withBlankInC.slice(0, 5)) {
      // One cell a line, a blank shown further up (table A's first cell printed blank), the last five cells cut off.
      const s = { ...s0, cells: { ...s0.cells, [Object.keys(s0.cells).find((k) => k.startsWith('active.'))!]: null } };
      const lines = endingWithTableC(s, false).split('\n');
      const shown = read(lines.slice(0, -5).join('\n'));
      expect(wrongs(s, shown.cells), s.title).toEqual([]);
      expect(shown.cells['review.upheld'], s.title).toBe(s.cells['review.upheld']);
      // Pipe rows, table C's row of values cut midway (no closing pipe): its first cells.
      const piped = page(s0, 'pipes').replace(/\n五、存在的主要问题及改进情况\n无。$/, '');
      const cut = read(piped.slice(0, piped.lastIndexOf('\n') + Math.floor((piped.length - piped.lastIndexOf('\n')) / 2)));
      expect(wrongs(s0, cut.cells), s0.title).toEqual([]);
      expect(cut.cells['review.upheld'], s0.title).toBe(s0.cells['review.upheld']);
    }
  });

  it('leaves out a row printed with a blank before and after its values: which is the cell and which the row end is not shown', () => {
    const head = '某县人民政府2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(六)项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n\n';
    // A blank cell and a row's end alike as a line of spaces (lone | lines with their pipes stripped).
    const r = read(`${head}行政处罚\n \n+239\n239\n \n行政强制\n \n+10\n10\n \n`);
    expect(r.cells).not.toHaveProperty('active.penalty.previous_items');
    expect(r.cells).not.toHaveProperty('active.penalty.decisions');
    // The blank after the label as a lone |, a row's end as another: read as printed before, still.
    const piped = read(`${head.replace(/\n(?=\S)/g, ' |\n')}行政处罚 |\n|\n+239 |\n239 |\n|\n行政强制 |\n|\n+10 |\n10 |\n|\n`);
    expect(piped.cells).toMatchObject({ 'active.penalty.previous_items': null, 'active.penalty.change': 239, 'active.penalty.decisions': 239 });
  });
});
