/**
 * The HTML page reader under hostile markup: deep nesting, absurd spans, huge
 * pages and tokenizer edge cases cost time linear in the page and lose nothing
 * around them.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { readHtmlPage, SPAN_LIMIT, type HtmlTable } from '../../src/extract/html-page.js';
import { htmlTokens } from '../../src/extract/tokens.js';
import { generateReport, renderReport } from '../../src/synth/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { compare, CORPUS, corpusCases } from '../helpers/corpus.js';

const report = generateReport(7);
const reportHtml = renderReport(report, 'html-table');
const reportBody = /<body>([\s\S]*)<\/body>/.exec(reportHtml)![1]!;
const page = (body: string) => `<html><head><meta charset="utf-8"><title>${report.title}</title></head><body>${body}</body></html>`;

const read = (text: string, fileName = 'r.html') => { const r = extractText(text, { fileName }); if (!r.ok) throw new Error(r.error); return r; };

function expectAllCells(html: string): string[] {
  const r = extractText(html, { fileName: 'r.html' });
  if (!r.ok) throw new Error(r.error);
  const wrong = Object.keys(report.cells).filter((k) => r.cells[k] !== report.cells[k]);
  expect(wrong).toEqual([]);
  expect(r.year).toBe(report.year);
  return [...r.warnings];
}

describe('nested tables', () => {
  for (const depth of [1_000, 10_000]) {
    it(`${depth.toLocaleString('en')} nested tables before a report: no stack overflow, the report read in full`, () => {
      const nest = '<table><tr><td>'.repeat(depth) + '导航' + '</td></tr></table>'.repeat(depth);
      const t0 = performance.now();
      expectAllCells(page(nest + reportBody));
      // Linear: ten thousand levels are a few milliseconds of work, not seconds.
      expect(performance.now() - t0).toBeLessThan(5_000);
    });
  }

  it('unclosed nesting (tables opened in cells, never closed) around the report', () => {
    expectAllCells(page('<table><tr><td>'.repeat(5_000) + reportBody));
  });

  it('reads a layout table as prose, one line per cell, and the table inside it as cells', () => {
    const html = page(`<table><tr><td><p>首页</p><p>政务公开</p></td><td>${reportBody}</td></tr></table>`);
    const p = htmlTokens(html);
    expect(p.text.split('\n').slice(0, 2)).toEqual(['首页', '政务公开']);
    expectAllCells(html);
  });
});

describe('spans', () => {
  it('colspan=1000000000 costs nothing and loses nothing around it', () => {
    const html = reportHtml.replace('<table border="1">', '<table border="1"><tr><td colspan="1000000000" rowspan="99999999">注</td></tr>');
    const t0 = performance.now();
    const warnings = expectAllCells(html);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(warnings.some((w) => /spans 1000000000 columns × 99999999 rows: clamped to the template's/.test(w))).toBe(true);
  });

  it('keeps grid positions with clamped spans inside the template size', () => {
    const p = readHtmlPage(`<table><tr><td colspan="99">a</td><td>b</td></tr><tr><td rowspan="500">c</td><td>d</td></tr><tr><td>e</td></tr></table>`);
    const cells = (p.blocks[0] as HtmlTable).cells.map(({ text, row, col }) => ({ text, row, col }));
    expect(cells).toEqual([
      { text: 'a', row: 0, col: 0 }, { text: 'b', row: 0, col: SPAN_LIMIT.cols },
      { text: 'c', row: 1, col: 0 }, { text: 'd', row: 1, col: 1 }, { text: 'e', row: 2, col: 1 },
    ]);
  });
});

describe('places in the page', () => {
  it('a cell is its <td> element, implicitly closed ones too; a prose value its own characters', () => {
    const html = '<p>发布日期：2024-01-20</p><p>规章  3 5</p><table><tr><td>行政许可<td>97</td></tr></table>';
    const at = (t: { start?: number; end?: number }) => html.slice(t.start, t.end);
    const toks = htmlTokens(html).tokens.filter((t) => !t.boundary);
    expect(toks.map((t) => [t.text, at(t)])).toEqual([
      ['发布日期：2024-01-20', '发布日期：2024-01-20'], ['规章', '规章'], ['3', '3'], ['5', '5'],
      ['行政许可', '<td>行政许可'], ['97', '<td>97</td>'],
    ]);
  });

  it('an entity run maps as a whole; a layout table cell by its text', () => {
    const html = '<table><tr><td>首页&gt;年报</td><td><table><tr><td>1</td></tr></table></td></tr></table>';
    const toks = htmlTokens(html).tokens.filter((t) => !t.boundary);
    expect(toks.map((t) => [t.text, html.slice(t.start, t.end)])).toEqual([['首页>年报', '首页&gt;年报'], ['1', '<td>1</td>']]);
  });
});

describe('size', () => {
  it('fails a page of megabytes of prose at once, naming the limit', () => {
    const prose = page('<p>这是一段很长的文字，用来测试页面大小的限制。</p>'.repeat(200_000));
    const t0 = performance.now();
    const r = extractText(prose, { fileName: 'big.html' }, { maxTextChars: 1_000_000 });
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r).toMatchObject({ ok: false, limit: 'size-limit' });
    expect(!r.ok && r.error).toMatch(/^big\.html: page holds more than 1,000,000 characters of text, over the limit/);
  });

  it('reads a report after megabytes of markup without text (inline images, attributes)', () => {
    const img = `<img src="data:image/png;base64,${'QUFB'.repeat(2_000_000)}">`;
    expectAllCells(page(img + reportBody));
  });
});

describe('tokenizer', () => {
  it('skips comments, scripts and styles, keeps quoted ">" inside attributes, decodes entities', () => {
    const p = htmlTokens(`<!-- <table><tr><td>1</td></tr></table> --><script>var t = "<table><td>2</td>";</script>
      <style>td { color: red }</style><p title="a > b" class='x>y'>正文&nbsp;&amp;&#x5185;&#23481;</p><![CDATA[ignored]]>`);
    expect(p.tables).toBe(0);
    expect(p.text).toBe('正文 &内容');
  });

  it('drops a tag cut off by the end of the file and survives stray "<"', () => {
    const p = htmlTokens('<p>1 < 2 <3</p><p>尾部<td colspan="3');
    expect(p.text.split('\n')).toEqual(['1 < 2 <3', '尾部']);
  });

  it('ignores NUL and control markers in text', () => {
    const p = htmlTokens('<table><tr><td>规\u0000章\u0001</td><td>\u00022</td></tr></table>');
    expect(p.tokens.filter((t) => !t.boundary).map((t) => t.text)).toEqual(['规章', '2']);
  });

  it('reads <pre> lines as lines and source line breaks elsewhere as spaces', () => {
    const p = htmlTokens('<p>第一\n行</p><pre>规章 1\n行政许可 2</pre>');
    expect(p.text.split('\n')).toEqual(['第一 行', '规章 1', '行政许可 2']);
  });
});

describe('two numbers stacked in one cell', () => {
  it('states no value for the cell (not 12, not two cells) and keeps the row’s other values in their columns', () => {
    for (const stacked of ['<p>1</p><p>2</p>', '<div>1</div>\n<div>2</div>', '1<br>2', '1 <br/> 2', '<p>１</p><p>２</p>']) {
      let seen = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const rep = generateReport(seed);
        // Table B's first row: its natural-person cell prints two numbers one above the other.
        const html = renderReport(rep, 'html-table').replace(/(<td>一、本年新收政府信息公开申请数量<\/td>)<td>\d+<\/td>/, `$1<td>${stacked}</td>`);
        if (!html.includes(stacked)) continue;
        seen++;
        const r = extractText(html, { fileName: 'p.html' });
        if (!r.ok) throw new Error(r.error);
        expect(r.cells['applications.new_received.natural_person'], stacked).toBeUndefined();
        expect(Object.keys(r.cells).filter((k) => r.cells[k] !== rep.cells[k]), stacked).toEqual([]);
        expect(r.cells['applications.new_received.commercial_enterprise']).toBe(rep.cells['applications.new_received.commercial_enterprise']);
        expect(r.warnings.some((w) => w.startsWith('applications.new_received.natural_person:') && w.includes('¦'))).toBe(true);
      }
      expect(seen, stacked).toBe(6);
    }
  });
});

// A table set out as blocks (a CMS's div grid, a list a row): no cell is a table cell, and a
// blank one is an empty block that prints nothing. Read as cut text, the last row's values
// took its first cells (sh-bgt-2019: table C's 5 ? ? 2 7 read 5 2 7 …, five values wrong);
// an HTML page holds its own end, so such a row is left out instead.
const corpusPages = corpusCases([CORPUS, path.join(CORPUS, 'dev'), path.join(CORPUS, 'dev2')]).filter((c) => c.src.endsWith('.html'))
  .map((c) => ({ id: c.id, html: fs.readFileSync(path.join(c.dir, c.src), 'utf8'), cells: c.gold.cells }));
const synthetic = Array.from({ length: 10 }, (_, i) => { const s = generateReport(400 + i); return { id: `synthetic ${400 + i}`, html: renderReport(s, 'html-table'), cells: s.cells }; });
const noWrong = (f: (html: string) => string, missing = false) => {
  for (const p of [...corpusPages, ...synthetic]) {
    const r = extractText(f(p.html), { fileName: 'page.html' });
    if (!r.ok) throw new Error(r.error);
    const c = compare({ year: null, template: null, cells: p.cells }, r.cells);
    expect(missing ? c : c.wrong, p.id).toEqual(missing ? { wrong: [], missing: [] } : []);
  }
};

describe('cells set out as blocks, not a table', () => {
  const asBlocks = (row: string, cell: string) => (h: string) => h.replace(/<table[^>]*>/gi, '<div class="tb">').replace(/<\/table>/gi, '</div>')
    .replace(/<\/?tbody[^>]*>/gi, '').replace(/<tr[^>]*>/gi, `<${row}>`).replace(/<\/tr>/gi, `</${row}>`)
    .replace(/<t[dh]([^>]*)>/gi, `<${cell}$1>`).replace(/<\/t[dh]>/gi, `</${cell}>`);
  for (const [name, f] of [['div rows of div cells', asBlocks('div', 'div')], ['ul rows of li cells', asBlocks('ul', 'li')], ['div rows of span cells', asBlocks('div', 'span')]] as const) {
    it(`${name}: no value stated wrong`, () => { noWrong(f); });
  }
});

// A column of row numbers headed 序号: its numbers were values. Table C's values row opened with
// its number, one token too many, and a blank was dropped as padding (sh-bgt-2019: 12 values wrong;
// 375 cells left out over the pages).
describe('a column of row numbers (序号)', () => {
  const numbered = (head: string) => (h: string) => h.replace(/<table[\s\S]*?<\/table>/gi, (table) => {
    let k = 0;
    return table.replace(/<tr[^>]*>/gi, (tr) => `${tr}<td>${k++ === 0 ? head : k - 1}</td>`);
  });
  for (const head of ['序号', '编 号']) it(`headed ${head}: every value read, none wrong`, () => { noWrong(numbered(head), true); });
});

// A number's cell merged down over the row below (rowspan): the covered row was a cell short and
// left out whole (over 40 synthetic reports with every such pair of equal values merged, 1,920 of
// 7,904 cells right), and the first row stated the number as its own — each row's, or the rows'
// together, the table does not say. Now neither row states it; both hold the column (6↓, 〃) and
// their other cells are read.
describe('a value cell merged down over rows below', () => {
  it('states the merged number for no row; both rows hold its column and read their other cells', () => {
    const s = generateReport(7);
    const html = renderReport(s, 'html-table').replace(
      /<tr><td>规章<\/td><td>(\d+)<\/td>((?:<td>[^<]*<\/td>){2})<\/tr>\s*<tr><td>(规范性文件|行政规范性文件)<\/td><td>\d+<\/td>/,
      (_, v: string, rest: string, label: string) => `<tr><td>规章</td><td rowspan="2">${v}</td>${rest}</tr>\n<tr><td>${label}</td>`);
    expect(html).toContain('rowspan="2"');
    const r = read(html);
    const [first, covered] = Object.keys(s.cells).filter((k) => /^active\.(regulations|normative_documents)\./.test(k)).reduce<[string[], string[]]>(
      (acc, k) => { acc[k.startsWith('active.regulations.') ? 0 : 1].push(k); return acc; }, [[], []]);
    expect(r.cells[first[0]!]).toBeUndefined();
    for (const k of first.slice(1)) expect(r.cells[k], k).toBe(s.cells[k]);
    expect(r.cells[covered[0]!]).toBeUndefined();
    expect(r.warnings.some((w) => w.startsWith(`${first[0]}:`) && w.includes('merged down'))).toBe(true);
    for (const k of covered.slice(1)) expect(r.cells[k], k).toBe(s.cells[k]);
    expect(r.warnings.some((w) => w.startsWith(`${covered[0]}:`) && w.includes('〃'))).toBe(true);
  });

  it('a cell printing 〃 or 同上 holds its column with no value, in text too', () => {
    const s = generateReport(7);
    const key = 'applications.new_received.commercial_enterprise';
    for (const ditto of ['〃', '同上']) {
      const text = renderReport(s, 'text-pipes').replace(/(一、本年新收政府信息公开申请数量 \| [^|]* \|) [^|]* \|/, `$1 ${ditto} |`);
      expect(text).toContain(`| ${ditto} |`);
      const r = read(text, 'p.txt');
      expect(r.cells[key]).toBeUndefined();
      expect(Object.keys(s.cells).filter((k) => k !== key && r.cells[k] !== s.cells[k])).toEqual([]);
    }
  });
});
