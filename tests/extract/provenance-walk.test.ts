/**
 * Every cell of every corpus case links to a place in the stored document that
 * holds the cell's raw text: for HTML and text the offsets (and the line they
 * fall on) of the document's decoded text; for PDFs the page and box, checked
 * against poppler's own word boxes (pdftotext -bbox), not the reader's.
 * Files are read under neutral names, as the accuracy bench reads them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { closeDocumentWorkers } from '../../src/extract/documents/index.js';
import { sourceText } from '../../src/extract/source-text.js';
import { foldText, lineAt, lineStartsOf } from '../../src/extract/source-map.js';
import type { ExtractedCell } from '../../src/model/report.js';
import { buildWorld, cellsOn } from '../../src/farm/world.js';
import { reportPage } from '../../src/farm/pages.js';

const CORPUS = '/work/shared/corpus';
const cases = ['', 'dev', 'dev2', 'pdf'].flatMap((dir) => fs.readdirSync(path.join(CORPUS, dir))
  .filter((f) => /\.(txt|md|html|pdf)$/.test(f) && !f.startsWith('INDEX'))
  .map((f) => path.join(CORPUS, dir, f)));

afterAll(() => closeDocumentWorkers());

/** Visible text of an HTML fragment: tags dropped, the common entities decoded. */
const htmlText = (s: string): string => s.replace(/<[^>]*>/g, ' ')
  .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)));

/** Words on a PDF page with their boxes as page fractions (top-left origin), from poppler. */
function popplerWords(file: string, page: number): { text: string; x: number; y: number }[] {
  const xml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  const dims = /<page width="([\d.]+)" height="([\d.]+)"/.exec(xml)!;
  const [W, H] = [Number(dims[1]), Number(dims[2])];
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ text: htmlText(m[5]!), x: (Number(m[1]) + Number(m[3])) / 2 / W, y: (Number(m[2]) + Number(m[4])) / 2 / H }));
}

/** Problems with the places of cells read from HTML or text: each must hold its raw text, on the line stated. */
function walkStoredText(bytes: Uint8Array, ext: string, details: readonly ExtractedCell[]): string[] {
  const bad: string[] = [];
  const say = (d: ExtractedCell, why: string) => bad.push(`${d.key} ${JSON.stringify(d.raw)} ${JSON.stringify(d.provenance)}: ${why}`);
  const text = sourceText(bytes);
  const starts = lineStartsOf(text);
  const lines = text.split('\n');
  for (const d of details) {
    const { start, end, line } = d.provenance;
    if (start === undefined || end === undefined) {
      // A blank cell of a text page (an empty pipe segment, a line of spaces) is placed by its line alone.
      if (foldText(d.raw) || line === undefined || line >= lines.length || ext === '.html') say(d, 'no offsets');
      continue;
    }
    const place = ext === '.html' ? htmlText(text.slice(start, end)) : text.slice(start, end);
    if (!foldText(place).includes(foldText(d.raw))) say(d, `place holds ${JSON.stringify(place.slice(0, 80))}`);
    if (line !== lineAt(starts, start)) say(d, `line ${line} is not the line of offset ${start}`);
  }
  return bad;
}

describe('provenance lands on the stored document', () => {
  test('the corpus has cases of every kind', () => {
    expect(cases.filter((f) => f.endsWith('.html')).length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((f) => f.endsWith('.pdf')).length).toBeGreaterThanOrEqual(2);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  test.each(cases.map((f) => [path.relative(CORPUS, f), f]))('%s', async (_name, file) => {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const ext = path.extname(file);
    const x = await extract({ fileName: `page${ext}`, bytes });
    expect(x.ok).toBe(true);
    if (!x.ok) return;
    const bad: string[] = [];
    const say = (d: ExtractedCell, why: string) => bad.push(`${d.key} ${JSON.stringify(d.raw)} ${JSON.stringify(d.provenance)}: ${why}`);
    if (ext === '.pdf') {
      const words = new Map<number, ReturnType<typeof popplerWords>>();
      for (const d of x.details) {
        const { page, box } = d.provenance;
        if (page === undefined || box === undefined) { if (foldText(d.raw)) say(d, 'no page and box'); continue; }
        if (!words.has(page)) words.set(page, popplerWords(file, page));
        const pad = 0.004;
        const inBox = words.get(page)!.filter((w) => w.x >= box[0] - pad && w.x <= box[2] + pad && w.y >= box[1] - pad && w.y <= box[3] + pad);
        if (!foldText(inBox.map((w) => w.text).join('')).includes(foldText(d.raw))) say(d, `box holds "${inBox.map((w) => w.text).join(' ')}"`);
        if (d.provenance.line !== undefined) say(d, 'a line of the reader\'s text stated as a line of the PDF');
      }
    } else {
      bad.push(...walkStoredText(bytes, ext, x.details));
    }
    expect(bad.slice(0, 10)).toEqual([]);
    // Negative cases (tables as images) state no cell; every other case is walked cell by cell.
    const gold = JSON.parse(fs.readFileSync(file.replace(/\.[a-z]+$/, '.gold.json'), 'utf8')) as { cells: object };
    if (Object.keys(gold.cells).length > 0) expect(x.details.length).toBeGreaterThan(0);
  });
});

describe('provenance on the farm\'s report pages (real and flattened tables)', () => {
  const world = buildWorld(11, 6, 'clean');
  const pages = world.flatMap((site) => site.reports.flatMap((rep) => {
    const on = cellsOn(rep, 0);
    return on ? [{ name: `${site.id} ${rep.year} ${rep.flattened ? 'flattened' : 'table'}`, flattened: rep.flattened, html: reportPage(site, rep, on.cells) }] : [];
  }));

  test('both layouts are walked', () => {
    expect(pages.filter((p) => p.flattened).length).toBeGreaterThan(2);
    expect(pages.filter((p) => !p.flattened).length).toBeGreaterThan(2);
  });

  test('every cell of every page lands on its place', async () => {
    const bad: string[] = [];
    let cells = 0;
    for (const p of pages) {
      const bytes = new Uint8Array(Buffer.from(p.html, 'utf8'));
      const x = await extract({ fileName: 'page.html', bytes });
      if (!x.ok) { bad.push(`${p.name}: ${x.error}`); continue; }
      cells += x.details.length;
      bad.push(...walkStoredText(bytes, '.html', x.details).map((b) => `${p.name}: ${b}`));
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(cells).toBeGreaterThan(pages.length * 50);
  });
});
