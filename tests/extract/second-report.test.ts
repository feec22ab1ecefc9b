/**
 * A page holding two reports (this year's and last year's, one per template, or two bodies'):
 * read as one, the second's header words chose the template when they outnumbered the first's
 * (a 2021 report followed by a 2019 one stated 60 values wrong over 20 pages in each layout, its
 * table A read by the 2019 template from the second report), and the second's tables filled
 * the cells the first left unprinted (21 values of another report stated over 20 pages). Now
 * the page's report ends where a second section 二 heading follows the first's sections 三/四
 * and tables; a sub-heading of 一、总体情况 worded as section 二 cuts nothing.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, renderReport, RENDER_STYLES, type RenderStyle } from '../../src/synth/index.js';

const both = (style: RenderStyle, first: string, second: string): string => (style.startsWith('html')
  ? first.replace('</body></html>', second.replace(/^[\s\S]*<body>/, ''))
  : `${first}\n\n${second}`);
const fileName = (style: RenderStyle) => (style.startsWith('html') ? 'r.html' : 'r.txt');

describe('a page holding two reports', () => {
  for (const style of RENDER_STYLES) for (const [t1, t2] of [['2021', '2019'], ['2019', '2021'], ['2021', '2021']] as const) {
    it(`${style}, a ${t1} report then a ${t2} one: the first read whole, nothing of the second`, () => {
      for (let seed = 1; seed <= 8; seed++) {
        const a = generateReport(seed * 101, { template: t1, year: t1 === '2019' ? 2020 : 2022, otherAsOneRow: false });
        const b = generateReport(seed * 103, { template: t2, year: t2 === '2019' ? 2019 : 2021, otherAsOneRow: true, organization: a.organization });
        const r = extractText(both(style, renderReport(a, style), renderReport(b, style)), { fileName: fileName(style) });
        if (!r.ok) throw new Error(r.error);
        expect([r.template, r.year], `seed ${seed}`).toEqual([t1, a.year]);
        expect(r.cells, `seed ${seed}`).toEqual(a.cells);
        expect(r.warnings.some((w) => w.startsWith('a second report begins at'))).toBe(true);
      }
    });
  }

  it('a sub-heading of 一、总体情况 worded as section 二, with a table of figures under it, cuts nothing', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const s = generateReport(seed * 107, { template: '2021' });
      const figures = `<p>主动公开政府信息情况</p><table border="1"><tr><td>栏目</td><td>条数</td></tr>${
        ['政策文件', '机构职能', '财政预决算', '重点领域', '人事信息', '建议提案', '规划计划', '统计数据', '政务动态', '通知公告', '其他']
          .map((n, i) => `<tr><td>${n}</td><td>${(i + 1) * 17}</td></tr>`).join('')}</table>`;
      const page = renderReport(s, 'html-grid').replace(/(<p>[^<]*一、总体情况[^<]*<\/p>)/, `$1${figures}`);
      expect(page).toContain('<td>财政预决算</td>');
      const r = extractText(page, { fileName: 'r.html' });
      if (!r.ok) throw new Error(r.error);
      expect(r.cells, `seed ${seed}`).toEqual(s.cells);
      expect(r.warnings.some((w) => w.startsWith('a second report'))).toBe(false);
    }
  });
});
