/**
 * Report pages turned into text by tools that draw their tables: a text browser's dump (w3m,
 * lynx: box-drawn tables whose long labels wrap over several lines of one row) and a
 * converter's plain tables (pandoc: grid tables with wrapped cells; simple tables whose rules
 * are runs of dashes set apart by spaces). Found by dumping the corpus's HTML pages and
 * synthetic reports with each tool: w3m at 80 columns stated 91 values wrong over 43 pages (a
 * wrapped row's first line read as the row, its empty cells as blanks), pandoc 810 (its rule
 * lines read as rows of placeholders; a wrapped grid row's label pieces as rows of their own),
 * now 0. The tool runs here (CI installs w3m and lynx); pandoc's tables are generated.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, renderReport } from '../../src/synth/index.js';
import { compare, CORPUS, corpusCases } from '../helpers/corpus.js';
import { TABLE_C_KEYS } from '../../src/template/index.js';
import { soffice } from '../../fixtures/documents/render.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-dump-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const read = (text: string) => {
  const r = extractText(text, { fileName: 'page.txt' });
  return r.ok ? r.cells : {};
};

interface Page { readonly id: string; readonly html: string; readonly cells: Record<string, number | null> }

const PAGES: Page[] = [
  ...Array.from({ length: 8 }, (_, i) => generateReport(600 + i)).flatMap((s, i) =>
    (['html-table', 'html-grid'] as const).map((style) => ({ id: `synthetic ${600 + i} ${style}`, html: renderReport(s, style), cells: s.cells }))),
  ...corpusCases([CORPUS, `${CORPUS}/dev`, `${CORPUS}/dev2`]).filter((c) => /\.html?$/.test(c.src))
    .map((c) => ({ id: c.id, html: fs.readFileSync(path.join(c.dir, c.src), 'utf8'), cells: c.gold.cells })),
];

const DUMPS: Record<string, (file: string) => string> = {
  'w3m, 60 columns': (f) => execFileSync('w3m', ['-dump', '-cols', '60', '-T', 'text/html', '-I', 'utf-8', '-O', 'utf-8', f]).toString(),
  'w3m, 80 columns': (f) => execFileSync('w3m', ['-dump', '-cols', '80', '-T', 'text/html', '-I', 'utf-8', '-O', 'utf-8', f]).toString(),
  'w3m, 140 columns': (f) => execFileSync('w3m', ['-dump', '-cols', '140', '-T', 'text/html', '-I', 'utf-8', '-O', 'utf-8', f]).toString(),
  'lynx, 80 columns': (f) => execFileSync('lynx', ['-dump', '-nolist', '-width=80', '-assume_charset=utf-8', '-display_charset=utf-8', f]).toString(),
};

describe('pages dumped to text by a text browser', () => {
  expect(PAGES.filter((p) => !p.id.startsWith('synthetic')).length).toBeGreaterThanOrEqual(3);
  for (const [tool, dump] of Object.entries(DUMPS)) {
    it(`${tool}: no value stated wrong, nearly every cell read`, () => {
      let cells = 0, right = 0;
      for (const p of PAGES) {
        const file = path.join(tmp, `${p.id.replace(/\W+/g, '-')}.html`);
        fs.writeFileSync(file, p.html);
        const { wrong, missing } = compare({ year: null, template: null, cells: p.cells }, read(dump(file)));
        expect(wrong, `${tool}: ${p.id}`).toEqual([]);
        cells += Object.keys(p.cells).length;
        right += Object.keys(p.cells).length - missing.length;
      }
      expect(right / cells).toBeGreaterThan(0.99);
    }, 120_000);
  }
});

const isValue = (c: string) => /^(?:\d+(?:\.\d+)?|[-—/])$/.test(c);
const chunks = (s: string, n: number) => Array.from({ length: Math.max(1, Math.ceil(s.length / n)) }, (_, i) => s.slice(i * n, (i + 1) * n));

/**
 * The pipe rows of a text drawn as a ruled table, every row between two rules and each label
 * wrapped every `width` characters over the row's lines, its values on the row's first, middle
 * or last line (pandoc's grid tables; `box`: drawn in box characters, as w3m and WPS do).
 */
function ruledWrapped(text: string, width: number, at: 'first' | 'middle' | 'last', box: boolean): string {
  const wall = box ? '│' : '|';
  const rule = (n: number, [a, m, b]: string) => a + Array.from({ length: n }, () => (box ? '─' : '-').repeat(6)).join(m) + b;
  const [top, mid, end] = box ? ['┌┬┐', '├┼┤', '└┴┘'] : ['+++', '+++', '+++'];
  const out: string[] = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    if (!/^\|.*\|$/.test(l)) { out.push(l); return; }
    const cells = l.slice(1, -1).split('|').map((c) => c.trim());
    const first = !/^\|.*\|$/.test(lines[i - 1] ?? '');
    out.push(rule(cells.length, first ? top! : mid!));
    const wrapped = cells.map((c) => (isValue(c) ? [c] : chunks(c, width)));
    const h = Math.max(...wrapped.map((w) => w.length));
    const valueLine = at === 'first' ? 0 : at === 'last' ? h - 1 : Math.floor((h - 1) / 2);
    for (let k = 0; k < h; k++) {
      out.push(wall + wrapped.map((w, j) => ` ${isValue(cells[j]!) ? (k === valueLine ? w[0] : '') : w[k] ?? ''} `).join(wall) + wall);
    }
    if (!/^\|.*\|$/.test(lines[i + 1] ?? '')) out.push(rule(cells.length, end!));
  });
  return out.join('\n');
}

describe('ruled text tables whose rows wrap over several lines', () => {
  for (const box of [false, true]) {
    for (const at of ['first', 'middle', 'last'] as const) {
      it(`${box ? 'box-drawn' : 'grid'}, labels wrapped every 6 characters, values on the row's ${at} line: every cell read`, () => {
        for (let seed = 620; seed < 630; seed++) {
          const s = generateReport(seed);
          const text = ruledWrapped(renderReport(s, 'text-pipes'), 6, at, box);
          expect(text).toContain(box ? '├──' : '+---');
          expect(compare({ year: null, template: null, cells: s.cells }, read(text)), `seed ${seed}`).toEqual({ wrong: [], missing: [] });
        }
      });
    }
  }

  it('rows a table rules only around its header are not joined: each line is its own row', () => {
    const s = generateReport(631);
    const text = renderReport(s, 'text-pipes').replace(/^(\| 申请人情况 .*)$/m, '+------+\n$1\n+------+');
    expect(compare({ year: null, template: null, cells: s.cells }, read(text))).toEqual({ wrong: [], missing: [] });
  });
});

/** Table C as pandoc prints a simple table: columns padded by display width, rules of dashes set apart by spaces. */
function simpleTableC(text: string, blanks: boolean): string {
  const width = (s: string) => [...s].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const rows = text.split('\n').filter((l) => /^\|.*\|$/.test(l)).slice(-3).map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
  const [groups, heads, values] = rows as [string[], string[], string[]];
  const shown = blanks ? values.map((v, i) => (i % 4 === 1 ? '' : v)) : values;
  const w = heads.map((h, i) => Math.max(width(h), width(shown[i] ?? '')) + 1);
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => pad(c, w[i]!)).join('  ')}`.trimEnd();
  const rule = `  ${w.map((n) => '-'.repeat(n)).join('  ')}`;
  const groupLine = `  ${pad(groups[0]!, w.slice(0, 5).reduce((a, b) => a + b + 2, 0))}${pad(groups[1]!, w.slice(5, 10).reduce((a, b) => a + b + 2, 0))}${groups[2]}`;
  const table = [rule, groupLine, line(heads), line(shown), rule].join('\n');
  const start = text.indexOf('| 行政复议');
  return `${text.slice(0, start)}${table}\n`;
}

describe('a converter\'s simple table, its rules runs of dashes apart by spaces', () => {
  it('the rules are no row of placeholders: table C read from its values, the text ending at the table', () => {
    for (let seed = 640; seed < 650; seed++) {
      const s = generateReport(seed);
      const text = simpleTableC(renderReport(s, 'text-pipes'), false);
      expect(text).toMatch(/\n  -{4,}  -{4,}/);
      const cells = read(text);
      expect(compare({ year: null, template: null, cells: s.cells }, cells), `seed ${seed}`).toEqual({ wrong: [], missing: [] });
    }
  });

  it('with blank cells shown only as wider gaps: nothing stated wrong (the text does not end inside the row)', () => {
    for (let seed = 640; seed < 650; seed++) {
      const s = generateReport(seed);
      const text = simpleTableC(renderReport(s, 'text-pipes'), true);
      // What the page prints: every fourth cell of table C, from its second, blank.
      const printed = { ...s.cells, ...Object.fromEntries(TABLE_C_KEYS.filter((_, i) => i % 4 === 1).map((k) => [k, null])) };
      expect(compare({ year: null, template: null, cells: printed }, read(text)).wrong, `seed ${seed}`).toEqual([]);
    }
  });
});

/**
 * A PDF's text as pdftotext dumps it: `-layout` keeps columns as runs of spaces (a label longer
 * than its column stands a single space from the row's first value, which was read as part of
 * the label, the row a value short and a blank stated: 12 wrong over 19 pages); `-raw` and
 * `-layout` end each page with a form feed, so a text ending in one is a whole document, not a
 * copy cut inside its last row (sh-bgt-2019 ends at table C: 5 values stated wrong, read from
 * the first columns as a cut copy's would be). PDFs printed from HTML by LibreOffice, as the
 * document probe prints them.
 */
describe('a PDF\'s text as pdftotext dumps it', () => {
  const pages = [...PAGES.filter((p) => !p.id.startsWith('synthetic')), ...PAGES.filter((p) => p.id.startsWith('synthetic')).slice(0, 8)];
  const dir = path.join(tmp, 'pdf');
  beforeAll(async () => {
    fs.mkdirSync(dir, { recursive: true });
    const files = pages.map((p, i) => { const f = path.join(dir, `p${i}.html`); fs.writeFileSync(f, p.html); return f; });
    await soffice(dir, ['--convert-to', 'pdf:writer_web_pdf_Export', '--outdir', dir, ...files]);
  }, 300_000);

  for (const mode of ['-layout', '-raw'] as const) {
    it(`pdftotext ${mode}: no value stated wrong`, () => {
      let cells = 0, right = 0;
      pages.forEach((p, i) => {
        const text = execFileSync('pdftotext', [mode, '-enc', 'UTF-8', path.join(dir, `p${i}.pdf`), '-']).toString();
        expect(text.endsWith('\f')).toBe(true);
        const { wrong, missing } = compare({ year: null, template: null, cells: p.cells }, read(text));
        expect(wrong, `${mode}: ${p.id}`).toEqual([]);
        cells += Object.keys(p.cells).length;
        right += Object.keys(p.cells).length - missing.length;
      });
      expect(right / cells).toBeGreaterThan(0.85);
    }, 60_000);
  }

  it('a text ending at table C\'s short row is read as cut only when nothing shows it ended there', () => {
    const s = generateReport(651);
    const pipes = renderReport(s, 'text-pipes');
    const start = pipes.indexOf('| 行政复议');
    // Table C's values row with every other cell's value lost, nothing in their place: `0 2 0 …`.
    const values = TABLE_C_KEYS.filter((_, i) => i % 2 === 0).map((k) => s.cells[k]).join(' ');
    const text = `${pipes.slice(0, start)}行政复议 未经复议直接起诉 复议后起诉\n${values}\n`;
    const asCut = extractText(text, { fileName: 'p.txt' });
    const dumped = extractText(`${text}\f`, { fileName: 'p.txt' });
    if (!asCut.ok || !dumped.ok) throw new Error('not read');
    // Without a sign of its end, a copy cut after the eighth cell: its first cells, as printed.
    expect(asCut.warnings).toContain('table C: 8 of 15 cells printed (the text ends here)');
    // pdftotext's final form feed: the whole document, the row's blanks lost — no value of table C.
    expect(TABLE_C_KEYS.filter((k) => k in dumped.cells)).toEqual([]);
    expect(dumped.cells['applications.new_received.total']).toBe(s.cells['applications.new_received.total']);
  });
});
