/**
 * Document robustness probe: every shared case with an HTML or text form, printed
 * to PDF by Chromium (A4 portrait and landscape, scale 0.75; WenQuanYi Micro Hei and
 * Noto CJK; with and without page numbers and the browser's own header and footer)
 * and by LibreOffice (HTML → DOCX → PDF), must read back to the cells its text form
 * reads (see fixtures/documents/probe-compare.ts). Renders are made once into a temp
 * directory keyed by the hash of the cases and of the rendering code.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusCases } from '../../fixtures/documents/corpus-cases.js';
import { compareToText, offGold } from '../../fixtures/documents/probe-compare.js';
import { pdfName, renderAll } from '../../fixtures/documents/probe-render.js';
import { VARIATIONS } from '../../fixtures/documents/probe-variations.js';
import { closeDocumentWorkers } from '../../src/extract/documents/index.js';
import { extract, extractText } from '../../src/extract/index.js';

const CASES = corpusCases();
const CODE = ['corpus-cases.ts', 'probe-render.ts', 'probe-variations.ts', 'render.ts'].map((f) => readFileSync(new URL(`../../fixtures/documents/${f}`, import.meta.url)));
const HASH = createHash('sha256').update(Buffer.concat([...CODE, ...CASES.map((c) => Buffer.from(`${c.id}\n${c.source}`))])).digest('hex').slice(0, 12);
const DIR = join(tmpdir(), `nianbao-probe-${HASH}`);
const DONE = join(DIR, 'complete');

const summary = { pairs: 0, exact: 0, cut: [] as string[], heldBack: new Set<string>() };

beforeAll(async () => {
  if (existsSync(DONE)) return;
  rmSync(DIR, { recursive: true, force: true });
  await renderAll(CASES, VARIATIONS, DIR);
  writeFileSync(DONE, new Date().toISOString());
}, 900_000);

afterAll(() => closeDocumentWorkers());

describe('document probe: PDF prints of every shared case read back as the case itself', () => {
  it('has every case of the shared corpus that has an HTML or text form', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(41);
    expect(new Set(CASES.map((c) => c.form))).toEqual(new Set(['html', 'text']));
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const text = extractText(c.source, { fileName: c.form === 'html' ? 'case.html' : 'case.txt' });
    if (!text.ok || offGold(text.cells, c.gold.cells).length || Object.keys(text.cells).some((k) => !(k in c.gold.cells) && !c.gold.truncated)) summary.heldBack.add(c.id);
    const problems: string[] = [];
    for (const v of VARIATIONS) {
      // Neutral names: nothing about the case may come from the file name.
      const pdf = await extract({ bytes: new Uint8Array(readFileSync(join(DIR, pdfName(c.id, v.name)))), fileName: 'document.pdf' });
      const cmp = compareToText(pdf, text);
      summary.pairs++;
      if (cmp.wrong.length === 0 && cmp.missing.length === 0 && cmp.sameMeta) { summary.exact++; continue; }
      if (cmp.cut && cmp.wrong.length === 0 && cmp.sameMeta) { summary.cut.push(`${c.id} ${v.name} (${cmp.missing.length} cells)`); continue; }
      problems.push(`${v.name}: ${[...cmp.wrong, ...cmp.missing.map((k) => `${k} left out`)].slice(0, 6).join('; ')}${cmp.sameMeta ? '' : ' (year/template differ)'}`);
    }
    expect(problems, `${c.id} printed to PDF`).toEqual([]);
  }, 120_000);

  // Runs last: every pair was read, and the figures of the run.
  it('ran every case × print pair', () => {
    console.log(`document probe: ${summary.pairs} case × print pairs (${CASES.length} cases × ${VARIATIONS.length} prints), ${summary.exact} read exactly as their text form`
      + (summary.cut.length ? `; ${summary.cut.length} cut at the edge of the printed area (cells left out, with a warning): ${summary.cut.join(', ')}` : '')
      + (summary.heldBack.size ? `; held back by the text form (it misses gold already): ${[...summary.heldBack].join(', ')}` : ''));
    expect(summary.pairs).toBe(CASES.length * VARIATIONS.length);
  });
});
