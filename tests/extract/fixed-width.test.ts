/**
 * Tables in text printed in fixed-width columns (`pdftotext -layout`, text typed into columns): generated reports with blank cells (one in nine), each table row one line, cells
 * padded to their column's width — counted by characters or by display width (an ideograph
 * two), values set left, right or centred in their column. Read line by line, every row with a
 * blank was left out (2,709 of 3,974 cells over 20 reports); with the rows rewritten as pipe
 * rows where the lines agree on their columns (fixed-width.ts), nearly every cell is read, and
 * none wrong.
 */
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { extractText } from '../../src/extract/index.js';
import { fixedWidthRows } from '../../src/extract/fixed-width.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

type Align = 'left' | 'right' | 'centre';
const displayWidth = (s: string) => [...s].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);

/** An HTML page's tables as fixed-width text: prose lines as they are, each row one line, columns `gap` apart. */
function fixedWidth(html: string, opts: { wide: boolean; align: Align; gap?: number }): string {
  const width = opts.wide ? displayWidth : (s: string) => [...s].length;
  const pad = (c: string, w: number, value: boolean) => {
    const room = w - width(c);
    if (!value || opts.align === 'left') return c + ' '.repeat(room);
    if (opts.align === 'right') return ' '.repeat(room) + c;
    return ' '.repeat(room >> 1) + c + ' '.repeat(room - (room >> 1));
  };
  const $ = cheerio.load(html);
  const out: string[] = [];
  $('body').children().each((_, el) => {
    if (el.tagName !== 'table') { const t = $(el).text().trim(); if (t) out.push(t); return; }
    const rows = $(el).find('tr').map((__, tr) => [$(tr).children('td,th').map((___, td) => $(td).text().replace(/\s+/g, ' ').trim()).get()]).get() as string[][];
    const n = Math.max(...rows.map((r) => r.length));
    const w = Array.from({ length: n }, (_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
    for (const r of rows) out.push(r.map((c, i) => pad(c, w[i]!, /^[\d.]*$/.test(c)) + ' '.repeat(opts.gap ?? 3)).join('').trimEnd());
  });
  return `${out.join('\n')}\n`;
}

const withBlanks = (seed: number) => {
  const rep = generateReport(seed);
  let k = 0;
  return { ...rep, cells: Object.fromEntries(Object.entries(rep.cells).map(([key, v]) => [key, k++ % 9 === 4 ? null : v])) };
};

describe('tables in fixed-width columns', () => {
  for (const wide of [true, false]) {
    for (const align of ['left', 'right', 'centre'] as const) {
      it(`counted by ${wide ? 'display width' : 'characters'}, values set ${align}: nearly every cell, none wrong`, () => {
        let cells = 0, read = 0;
        for (let seed = 1; seed <= 10; seed++) {
          const rep = withBlanks(seed);
          const r = extractText(fixedWidth(renderReport(rep, 'html-table'), { wide, align }), { fileName: 'page.txt' });
          if (!r.ok) throw new Error(r.error);
          expect(Object.keys(r.cells).filter((k) => r.cells[k] !== rep.cells[k]).map((k) => `${k}=${r.cells[k]} (page ${rep.cells[k]})`), `seed ${seed}`).toEqual([]);
          cells += Object.keys(rep.cells).length;
          read += Object.keys(rep.cells).filter((k) => k in r.cells).length;
        }
        expect(read / cells).toBeGreaterThan(0.9);
      });
    }
  }

  it('rewrites a row with a blank as a pipe row, one line for one, and leaves text without such tables alone', () => {
    // Set by display width (an ideograph two columns): the values stand at 20, 30 and 40.
    const text = ['信息内容            本年制发  本年废止  现行有效', '规章                3         1         12', '行政规范性文件      5                   40',
      '其他文件            2         0         7', ''].join('\n');
    const out = fixedWidthRows(text);
    expect(out.split('\n')).toHaveLength(text.split('\n').length);
    expect(out.split('\n').slice(1, 4)).toEqual(['| 规章 | 3 | 1 | 12 |', '| 行政规范性文件 | 5 |  | 40 |', '| 其他文件 | 2 | 0 | 7 |']);
    // Values at no consistent places (no row shows as many columns as the lines make): left as they are.
    const ragged = ['规章   3      1   12', '行政规范性文件     5   40', '其他文件  2 0    7', '报告   1     2        3 ', ''].join('\n');
    expect(fixedWidthRows(ragged)).toBe(ragged);
    const prose = '一、总体情况\n本年度共收到申请   12 件，办结   12 件。\n';
    expect(fixedWidthRows(prose)).toBe(prose);
  });
});
