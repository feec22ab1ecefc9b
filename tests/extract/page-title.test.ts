/**
 * A report page's own title among the other titles a portal prints around it: a list of
 * other years' reports above the article, a breadcrumb naming a column by a report's title,
 * a short line naming a year just above the title, the title a link to itself. Before, the
 * first of them gave the page its year (a list above the article: another report's year,
 * stated silently) and, for the line above, its title.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, renderReport, type SynthReport } from '../../src/synth/index.js';

const others = (s: SynthReport) => [s.year - 1, s.year - 2, s.year + 1].map((y) => `${s.organization}${y}年政府信息公开工作年度报告`);
const generic = (page: string) => page.replace(/<title>[^<]*<\/title>/, '<title>政府信息公开年报</title>');

const LAYOUTS: Record<string, (page: string, s: SynthReport) => string> = {
  'a list of other reports above the article': (page, s) => generic(page).replace('<body>',
    `<body><div class="side"><h3>相关年报</h3><ul>${others(s).map((t, i) => `<li><a href="/nb/${i}.html">${t}</a></li>`).join('')}</ul></div>`),
  'the same list, no <title>': (page, s) => page.replace(/<title>[^<]*<\/title>/, '').replace('<body>',
    `<body><ul>${others(s).map((t, i) => `<li><a href="/nb/${i}.html" title="${t}">${t}</a></li>`).join('')}</ul>`),
  'a breadcrumb of links naming a column by an older report': (page, s) => generic(page).replace('<body>',
    `<body><div>您的位置：<a href="/">首页</a> &gt; <a href="/gk">政府信息公开</a> &gt; <a href="/gk/nb">${s.year - 1}年政府信息公开工作年度报告</a></div>`),
  'a breadcrumb as text': (page, s) => generic(page).replace('<body>',
    `<body><p>当前位置：首页 &gt; 政务公开 &gt; ${s.year - 2}年度政府信息公开工作年度报告</p>`),
  'a line naming a year just above the title': (page, s) => generic(page).replace('<h1>', `<p>${s.year - 3}年以来</p><h1>`),
  'the title a link to itself, a list of others after it': (page, s) => page.replace(/<title>[^<]*<\/title>/, '')
    .replace(/<h1>([^<]*)<\/h1>/, '<h1><a href="#">$1</a></h1>')
    .replace('</body>', `<p>上一篇：<a href="/p">${others(s)[0]}</a></p><p>下一篇：<a href="/n">${others(s)[2]}</a></p></body>`),
};

describe("a report page's title among other titles", () => {
  for (const [name, layout] of Object.entries(LAYOUTS)) {
    it(`${name}: the page's own year, title and body`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const s = generateReport(seed * 31, { template: '2021' });
        const page = layout(renderReport(s, 'html-grid'), s);
        expect(page).not.toBe(renderReport(s, 'html-grid'));
        const r = extractText(page, { fileName: 'page.html' });
        if (!r.ok) throw new Error(r.error);
        expect([r.year, r.title, r.organization], `seed ${seed}`).toEqual([s.year, s.title, s.organization]);
      }
    });
  }
});
