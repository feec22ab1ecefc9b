/**
 * What the page's own markup hides is not read (html-hidden.ts): a page is read as a browser
 * shows it, so a hidden digit never joins a value and a hidden cell never shifts a row —
 * but a hidden container outside tables (a tab a script shows) is still read.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { attributesHide } from '../../src/extract/html-hidden.js';

const HEAD = '<p>某县人民政府2023年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>';
const TABLE_A = (rows: string) => `<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>${rows}</table>`;

function read(html: string) {
  const r = extractText(html, { fileName: 'page.html' });
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('hidden markup', () => {
  it('reads a value as shown: a digit hidden inside its cell is not part of it, and the cell is its provenance', () => {
    const html = HEAD + TABLE_A('<tr><td>规章</td><td>2<span style="display:none">7</span></td><td>0<font style="DISPLAY: NONE">1</font></td><td>5</td></tr>'
      + '<tr><td>行政规范性文件</td><td>3</td><td><span style="visibility:hidden">4</span>1</td><td>9<b hidden>9</b></td></tr>');
    const r = read(html);
    expect(r.cells).toMatchObject({
      'active.regulations.issued': 2, 'active.regulations.repealed': 0, 'active.regulations.in_force': 5,
      'active.normative_documents.issued': 3, 'active.normative_documents.repealed': 1, 'active.normative_documents.in_force': 9,
    });
    const d = r.details.find((x) => x.key === 'active.regulations.issued')!;
    expect(html.slice(d.provenance.start, d.provenance.end)).toBe('<td>2<span style="display:none">7</span></td>');
  });

  it('gives a hidden cell no place in its row, and a hidden row none in its table', () => {
    const html = HEAD + TABLE_A('<tr><td>规章</td><td style="display:none">8</td><td>2</td><td>0</td><td>5</td></tr>'
      + '<tr style="display:none"><td>行政规范性文件</td><td>6</td><td>6</td><td>6</td></tr>'
      + '<tr><td>行政规范性文件</td><td>3</td><td>1</td><td>9</td></tr>');
    const r = read(html);
    expect(r.cells).toMatchObject({
      'active.regulations.issued': 2, 'active.regulations.repealed': 0, 'active.regulations.in_force': 5,
      'active.normative_documents.issued': 3, 'active.normative_documents.repealed': 1, 'active.normative_documents.in_force': 9,
    });
    const d = r.details.find((x) => x.key === 'active.normative_documents.issued')!;
    expect(html.slice(d.provenance.start, d.provenance.end)).toBe('<td>3</td>');
  });

  it('reads a hidden container outside tables (a tab a script shows) and ends an unclosed hidden span where its paragraph ends', () => {
    const html = `<div class="tab" style="display:none">${HEAD}<p>说明<span style="display:none">隐藏</p>${TABLE_A('<tr><td>规章</td><td>2</td><td>0</td><td>5</td></tr>')}</div>`;
    expect(read(html).cells).toMatchObject({ 'active.regulations.issued': 2, 'active.regulations.repealed': 0, 'active.regulations.in_force': 5 });
  });

  it('takes only the element’s own markup at its word', () => {
    expect(attributesHide(' style="display:none;mso-hide:all"')).toBe(true);
    expect(attributesHide(" style='font-size:10pt; display : none !important'")).toBe(true);
    expect(attributesHide(' hidden')).toBe(true);
    expect(attributesHide(' hidden="hidden" class="x"')).toBe(true);
    expect(attributesHide(' style="font-size:0px;color:#fff"')).toBe(true);
    expect(attributesHide(' style="FONT-SIZE: 0"')).toBe(true);
    expect(attributesHide(' style="font-size:0.5em"')).toBe(false);
    expect(attributesHide(' style="font-size:10px"')).toBe(false);
    expect(attributesHide(' class="hidden"')).toBe(false);
    expect(attributesHide(' style="display:none-ish"')).toBe(false);
    expect(attributesHide(' data-note="display:none"')).toBe(false);
    expect(attributesHide(' style="border:none"')).toBe(false);
  });
});
