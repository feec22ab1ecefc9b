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
  it('reads a value as shown: a digit hidden inside its cell, struck out or a footnote mark, is not part of it, and the cell is its provenance', () => {
    const html = HEAD + TABLE_A('<tr><td>规章</td><td>2<span style="display:none">7</span></td><td>0<font style="DISPLAY: NONE">1</font></td><td>5<sup>1</sup></td></tr>'
      + '<tr><td>行政规范性文件</td><td><del>13</del>3</td><td><span style="visibility:hidden">4</span>1</td><td>9<b hidden>9</b></td></tr>');
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
    expect(attributesHide('span', ' style="display:none;mso-hide:all"', false)).toBe(true);
    expect(attributesHide('span', " style='font-size:10pt; display : none !important'", false)).toBe(true);
    expect(attributesHide('span', ' hidden', false)).toBe(true);
    expect(attributesHide('span', ' hidden="hidden" class="x"', false)).toBe(true);
    // A box at font-size 0 whose children set their own size shows them (inline-block gap trick).
    expect(attributesHide('span', ' style="font-size:0"', false)).toBe(false);
    expect(attributesHide('span', ' class="hidden"', false)).toBe(false);
    // Struck out: not read in a cell (a correction), read elsewhere; a hidden <div> only in a cell.
    expect(attributesHide('del', '', true)).toBe(true);
    expect(attributesHide('del', '', false)).toBe(false);
    expect(attributesHide('span', ' style="text-decoration: line-through"', true)).toBe(true);
    expect(attributesHide('td', ' style="text-decoration: line-through"', true)).toBe(false);
    expect(attributesHide('div', ' style="display:none"', false)).toBe(false);
    expect(attributesHide('div', ' style="display:none"', true)).toBe(true);
    expect(attributesHide('span', ' style="display:none-ish"', false)).toBe(false);
    expect(attributesHide('span', ' data-note="display:none"', false)).toBe(false);
    expect(attributesHide('span', ' style="border:none"', false)).toBe(false);
  });

  it('weighs an inline style as a browser does: the last declaration of a property counts, an !important one over later plain ones', () => {
    expect(attributesHide('span', ' style="display:none;display:inline"', false)).toBe(false);
    expect(attributesHide('span', ' style="display:inline; display:none"', false)).toBe(true);
    expect(attributesHide('span', ' style="display:none !important;display:inline"', false)).toBe(true);
    expect(attributesHide('span', ' style="visibility:collapse"', false)).toBe(true);
    expect(attributesHide('span', ' style="visibility:hidden;visibility:visible"', false)).toBe(false);
    expect(attributesHide('span', ' style="opacity:0%"', false)).toBe(true);
    const r = read(HEAD + TABLE_A('<tr><td>规章</td><td>2<span style="display:none;display:inline">7</span></td><td>0<span style="display:inline;display:none">1</span></td><td>5</td></tr>'));
    expect(r.cells).toMatchObject({ 'active.regulations.issued': 27, 'active.regulations.repealed': 0, 'active.regulations.in_force': 5 });
  });
});

describe("the page's own style rules (html-stylesheet.ts)", () => {
  const ROWS = '<tr><td>规章</td><td>2<span class="g">7</span></td><td>0<span class="g k">1</span></td><td>5</td></tr>'
    + '<tr><td>行政规范性文件</td><td>3</td><td>1</td><td>9</td></tr>';
  const cellsOf = (styles: string, rows = ROWS) => read(`<html><head>${styles}</head><body>${HEAD}${TABLE_A(rows)}</body></html>`).cells;
  const shown = { 'active.regulations.issued': 2, 'active.regulations.repealed': 0, 'active.regulations.in_force': 5 };
  const joined = { 'active.regulations.issued': 27, 'active.regulations.repealed': 1, 'active.regulations.in_force': 5 };

  it('does not read decoy digits a class rule hides (a copy guard), by class, tag.class, several classes or id', () => {
    expect(cellsOf('<style type="text/css">.g{display:none}</style>')).toMatchObject(shown);
    expect(cellsOf('<style>span.g { visibility : hidden }</style>')).toMatchObject(shown);
    expect(cellsOf('<style><!-- .x{color:red} .g{DISPLAY:NONE !important} --></style>')).toMatchObject(shown);
    expect(cellsOf('<style>.g.k{display:none}</style>')).toMatchObject({ 'active.regulations.issued': 27, 'active.regulations.repealed': 0 });
    const byId = '<tr><td>规章</td><td>2<span id="d1">7</span></td><td>0</td><td>5</td></tr>';
    expect(cellsOf('<style>#d1{display:none}</style>', byId)).toMatchObject(shown);
  });

  it('follows a style block after the table, as a browser does, and a class hiding a whole cell or row', () => {
    const html = `${HEAD}${TABLE_A('<tr><td>规章</td><td class="c">8</td><td>2</td><td>0</td><td>5</td></tr><tr class="r"><td>行政规范性文件</td><td>6</td><td>6</td><td>6</td></tr>'
      + '<tr><td>行政规范性文件</td><td>3</td><td>1</td><td>9</td></tr>')}<style>td.c{display:none} .r{display:none}</style>`;
    expect(read(html).cells).toMatchObject({ 'active.regulations.issued': 2, 'active.regulations.in_force': 5, 'active.normative_documents.issued': 3 });
  });

  it('weighs the cascade: a later or more specific rule, !important, and the inline style', () => {
    expect(cellsOf('<style>.g{display:none} .g{display:inline}</style>')).toMatchObject(joined);
    expect(cellsOf('<style>span.g{display:inline} .g{display:none}</style>')).toMatchObject(joined);
    expect(cellsOf('<style>.g{display:none !important} span.g{display:inline}</style>')).toMatchObject(shown);
    expect(cellsOf('<style>.g{display:none}</style>', '<tr><td>规章</td><td>2<span class="g" style="display:inline">7</span></td><td>0</td><td>5</td></tr>'))
      .toMatchObject({ 'active.regulations.issued': 27 });
    expect(cellsOf('<style>.g{display:none !important}</style>', '<tr><td>规章</td><td>2<span class="g" style="display:inline">7</span></td><td>0</td><td>5</td></tr>'))
      .toMatchObject({ 'active.regulations.issued': 2 });
  });

  it('leaves alone what depends on more than the page says: print and width-bound media, context selectors, bare tags', () => {
    expect(cellsOf('<style media="print">.g{display:none}</style>')).toMatchObject(joined);
    expect(cellsOf('<style>@media print { .g{display:none} }</style>')).toMatchObject(joined);
    expect(cellsOf('<style>@media screen and (max-width: 768px) { .g{display:none} }</style>')).toMatchObject(joined);
    expect(cellsOf('<style>@media screen { .g{display:none} }</style>')).toMatchObject(shown);
    expect(cellsOf('<style>.nav .g{display:none} td > .g{display:none} .g:first-child{display:none}</style>')).toMatchObject(joined);
    // A bare tag rule would hide every span of the table: the page's layout, not ours to guess.
    expect(cellsOf('<style>span{display:none}</style>')).toMatchObject(joined);
    expect(cellsOf('<style>.g{color:#fff} .g{ display: bloc</style>')).toMatchObject(joined);
  });
});

describe('text a browser draws invisibly, and text fields', () => {
  const ROW = (a: string, b: string, c: string) => `<tr><td>规章</td><td>${a}</td><td>${b}</td><td>${c}</td></tr>`;
  const cells = (row: string, styles = '') => read(`${styles}${HEAD}${TABLE_A(row)}`).cells;

  it('does not read a decoy at opacity 0, or text alone at font size 0 in a cell', () => {
    expect(cells(ROW('2<span style="opacity:0">7</span>', '0<i style="opacity: 0.0">1</i>', '5<span style="font-size:0px">9</span>')))
      .toMatchObject({ 'active.regulations.issued': 2, 'active.regulations.repealed': 0, 'active.regulations.in_force': 5 });
    expect(cells(ROW('2<span class="o">7</span>', '0', '5'), '<style>.o{opacity:0}</style>')).toMatchObject({ 'active.regulations.issued': 2 });
  });

  it('reads text at font size 0 where a child sets its own size (the inline-block gap trick), and reads opacity above 0', () => {
    expect(cells(ROW('<span style="font-size:0"><span style="font-size:14px">27</span></span>', '<span style="opacity:0.5">1</span>', '5')))
      .toMatchObject({ 'active.regulations.issued': 27, 'active.regulations.repealed': 1, 'active.regulations.in_force': 5 });
  });

  it('reads a text field’s value as its cell’s text, and not a hidden field’s or a button’s', () => {
    expect(cells(ROW('<input type="text" value="12" readonly>', '<input value=3>', '<input type="hidden" value="8">5<input type="button" value="9">')))
      .toMatchObject({ 'active.regulations.issued': 12, 'active.regulations.repealed': 3, 'active.regulations.in_force': 5 });
  });
});
