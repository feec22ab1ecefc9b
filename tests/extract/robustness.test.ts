/**
 * Robustness probe: every gold corpus page (HTML, text, Markdown) under every
 * value-preserving perturbation of perturb.ts must still give its gold cells,
 * year and template. Each (case × perturbation) pair is its own test, so a
 * failure names the page and the variation; a perturbation that leaves a page
 * unchanged (nothing it applies to) makes no test for that page, and the suite
 * prints how many pairs ran and why the others did not.
 *
 * Copies that lose text (repeats removed, cut short) need not give every cell,
 * but must state no value the page contradicts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extract, extractText } from '../../src/extract/index.js';
import { compare, CORPUS, corpusCases, KIND, neutralName, yearOk } from '../helpers/corpus.js';
import { LOSSY, PERTURBATIONS } from './perturb.js';

const cases = corpusCases([CORPUS, path.join(CORPUS, 'dev'), path.join(CORPUS, 'dev2')])
  .flatMap((c) => { const kind = KIND[path.extname(c.src).slice(1)]; return kind ? [{ ...c, kind, text: fs.readFileSync(path.join(c.dir, c.src), 'utf8') }] : []; });

const bytesOf = (out: string | Uint8Array): Uint8Array => (typeof out === 'string' ? new Uint8Array(Buffer.from(out, 'utf8')) : out);

describe('extract on perturbed corpus pages', () => {
  const tally = { ran: 0, otherKind: 0, unchanged: 0 };
  afterAll(() => {
    console.log(`robustness probe: ${cases.length} pages × ${new Set(PERTURBATIONS.map((p) => p.name)).size} variations: ${tally.ran} pairs ran; `
      + `${tally.otherKind} left out because the variation is for another source kind (HTML only, text only), ${tally.unchanged} because it leaves the page unchanged`);
  });
  it('finds the corpus', () => { expect(cases.length).toBeGreaterThanOrEqual(40); });
  for (const c of cases) {
    for (const p of PERTURBATIONS) {
      if (!p.kinds.includes(c.kind)) { tally.otherKind++; continue; }
      const { out, kind } = p.apply(c.text);
      if (typeof out === 'string' && out === c.text) { tally.unchanged++; continue; }
      tally.ran++;
      it(`${c.id} × ${p.name}`, async () => {
        const r = await extract({ fileName: `page.${kind}`, bytes: bytesOf(out) });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const got: Record<string, number | null | undefined> = {};
        for (const k of Object.keys(c.gold.cells)) got[k] = r.cells[k];
        expect(got).toEqual(c.gold.cells);
        expect(compare(c.gold, r.cells).wrong).toEqual([]);
        expect(r.template).toBe(c.gold.template);
        expect(yearOk(c.gold, typeof out === 'string' && kind !== 'html' ? out : null, r.year), `year ${r.year}`).toBe(true);
      }, 30_000);
    }
  }
});

describe('copies that lose text state no wrong value', () => {
  let ran = 0;
  afterAll(() => { console.log(`lossy copies: ${ran} page × loss pairs ran (${cases.length} pages × ${LOSSY.length} losses, those leaving a page unchanged left out)`); });
  for (const c of cases) {
    for (const loss of LOSSY) {
      for (const [i, out] of loss.apply(c.text, c.kind).entries()) {
        if (out === c.text) continue;
        ran++;
        it(`${c.id} × ${loss.name} #${i + 1}`, async () => {
          // HTML pages lose text once flattened: the copy is text.
          const r = await extract({ fileName: c.kind === 'html' ? 'page.txt' : neutralName(c.src), bytes: bytesOf(out) });
          expect(r.ok).toBe(true);
          if (r.ok) expect(compare(c.gold, r.cells).wrong).toEqual([]);
        }, 30_000);
      }
    }
  }
});

// The fixes the probe called for, each on a hand-built page that isolates it.
describe('normalisations the probe called for', () => {
  const read = (text: string, fileName = 'x.txt') => { const r = extractText(text, { fileName }); if (!r.ok) throw new Error(r.error); return r; };
  const head = '某县人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n';

  it('drops zero-width spaces, raw or as entities (UEditor cells)', () => {
    const html = `<p>某县2023年政府信息公开工作年度报告</p><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
      <tr><td>\u200b规章</td><td>&#8203;2&#8203;</td><td>0\u200b</td><td>&#x200b;5</td></tr></table>`;
    expect(read(html, 'x.html').cells).toMatchObject({ 'active.regulations.issued': 2, 'active.regulations.repealed': 0, 'active.regulations.in_force': 5 });
  });

  it('reads Kangxi-radical look-alikes (PDF text layers) as the ideographs they show', () => {
    const r = read(`${head}规章\n1\n0\n3\n\u2f8f政许可\n7\n`);
    expect(r.cells).toMatchObject({ 'active.regulations.in_force': 3, 'active.licensing.decisions': 7 });
  });

  it('splits a two-cell row at its one tab on a page of tab-separated rows: 行政强制\\t is the label and a blank', () => {
    const page = '某县人民政府2023年政府信息公开工作年度报告\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t3\n行政规范性文件\t2\t0\t4\n'
      + '信息内容\t本年处理决定数量\n行政许可\t5\n行政处罚\t\n行政强制\t7\n三、收到和处理政府信息公开申请情况\n';
    expect(read(page).cells).toMatchObject({ 'active.licensing.decisions': 5, 'active.penalty.decisions': null, 'active.coercion.decisions': 7 });
    // Indented with a tab, a line is no row of two cells.
    expect(read('某县2023年政府信息公开工作年度报告\n\t一、总体情况\n\t规章\n1\n0\n3\n').ok).toBe(true);
  });

  it('keeps the blank cells of tab-separated rows (a table copied from a browser)', () => {
    const r = read(`${head}规章\t1\t\t3\n行政规范性文件\t\t\t\n`);
    expect(r.cells).toMatchObject({ 'active.regulations.issued': 1, 'active.regulations.repealed': null, 'active.regulations.in_force': 3,
      'active.normative_documents.issued': null, 'active.normative_documents.in_force': null });
  });

  it('drops page numbers copied between rows: 第 n 页 always, — n — where the page never prints a row of bare values', () => {
    const r = read(`${head}规章\n1\n0\n3\n— 2 —\n行政规范性文件\n4\n0\n5\n`);
    expect(r.cells).toMatchObject({ 'active.regulations.in_force': 3, 'active.normative_documents.issued': 4, 'active.normative_documents.in_force': 5 });
    expect(read(`${head}规章\n1\n0\n第 2 页 共 5 页\n3\n`).cells).toMatchObject({ 'active.regulations.issued': 1, 'active.regulations.repealed': 0, 'active.regulations.in_force': 3 });
    // Between pipes the page number's line is what stood there before: a line break, which parts no cells.
    const piped = '某县人民政府2023年政府信息公开工作年度报告\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 1 | 0 | 3 |\n- 2 -\n'
      + '| 行政规范性文件 | 4 | 0 | 5 |\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 7 |\n| 信息内容 | 本年处理决定数量 |\n| 行政处罚 | 9 |\n';
    expect(read(piped).cells).toEqual({ 'active.regulations.issued': 1, 'active.regulations.repealed': 0, 'active.regulations.in_force': 3,
      'active.normative_documents.issued': 4, 'active.normative_documents.repealed': 0, 'active.normative_documents.in_force': 5,
      'active.licensing.decisions': 7, 'active.penalty.decisions': 9 });
  });

  it('drops a running title and a browser print header and footer copied between rows', () => {
    const title = '某县人民政府2023年政府信息公开工作年度报告';
    const page = `${title}\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n1\n`
      + `http://www.example.gov.cn/art/2024/1/5/art_1_2.html 1/3\n2024/1/5 10:23 ${title}\n0\n3\n${title}\n行政规范性文件\n4\n0\n5\n`;
    expect(read(page).cells).toMatchObject({ 'active.regulations.issued': 1, 'active.regulations.repealed': 0, 'active.regulations.in_force': 3,
      'active.normative_documents.issued': 4, 'active.normative_documents.in_force': 5 });
  });

  it('reads — n — as a row of cells where the page prints rows of bare values, or where the numbers do not count pages', () => {
    // Labels on a line of their own, values on the next: `— 2 —` is blank, 2, blank.
    expect(read(`${head}规章\n— 2 —\n行政规范性文件\n0 4 0\n`).cells).toMatchObject({
      'active.regulations.issued': null, 'active.regulations.repealed': 2, 'active.regulations.in_force': null, 'active.normative_documents.repealed': 4 });
    expect(read(`${head}规章\n— 2 —\n行政规范性文件\n— 5 —\n`).cells).toMatchObject({ 'active.regulations.repealed': 2, 'active.normative_documents.repealed': 5 });
  });

  it('splits a space-separated row whose values carry a unit', () => {
    expect(read(`${head}规章 1件 0件 3件\n`).cells).toMatchObject({ 'active.regulations.issued': 1, 'active.regulations.in_force': 3 });
  });

  it('takes the year from a title in Chinese numerals', () => {
    for (const y of ['二〇二三', '二○二三', '二零二三']) {
      const r = read(`某县人民政府${y}年度政府信息公开工作年度报告\n本年制发件数\n`);
      expect({ year: r.year, organization: r.organization }).toEqual({ year: 2023, organization: '某县人民政府' });
    }
  });

  it('reads （六）3 as 3、其他 and (3)其他 too', () => {
    const rows = (label: string) => `${head}（六）其他处理\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n0\n0\n0\n0\n0\n0\n0\n`
      + `2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\n0\n0\n0\n0\n0\n0\n0\n${label}\n4\n0\n0\n0\n0\n0\n4\n（七）总计\n4\n0\n0\n0\n0\n0\n4\n`;
    for (const label of ['3、其他', '(3)其他', '3．其他']) expect(read(rows(label)).cells['applications.other_other.total']).toBe(4);
  });
});
