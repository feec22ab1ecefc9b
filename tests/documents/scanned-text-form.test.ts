/**
 * A report saved as text one cell a line, each cell closed by a bar (`0 |`, a blank cell a
 * lone `|`) — as many county pages flatten their tables — printed and scanned. Tesseract
 * reads such a page badly: bars as `1`s, a bar twice, lone bars dropped, `|||` as `出`, and
 * on a page of short lines it tangles lines across printed rows or drops one. Read end to
 * end: nothing wrong, and most rows read whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, printedScanPdf } from '../../fixtures/documents/render.js';
import { closeDocumentWorkers } from '../../src/extract/documents/index.js';
import { ocrMissing } from '../../src/extract/documents/ocr.js';
import { extract } from '../../src/extract/index.js';
import { generateReport, renderReport, type SynthReport } from '../../src/synth/index.js';

let browser: Browser;
beforeAll(async () => { browser = await launch(); }, 60_000);
afterAll(async () => { await browser?.close(); await closeDocumentWorkers(); });

/** A pipe row `| a |  | 3 |` as lines `a |`, `|`, `3 |`; other lines as they are. */
const oneCellALine = (text: string): string => text.split('\n').flatMap((l) => {
  const m = /^\|(.*)\|\s*$/.exec(l);
  return m ? m[1]!.split('|').map((c) => (c.trim() ? `${c.trim()} |` : '|')) : [l];
}).join('\n');

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** As Chromium's text viewer prints a text file: one <pre>. */
const pre = (text: string): string => `<!doctype html><html><head><meta charset="utf-8"><style>pre{white-space:pre-wrap;font-family:"WenQuanYi Micro Hei";font-size:13px}</style></head><body><pre>${esc(text)}</pre></body></html>`;

/** One cell in six printed blank, as careless reports leave them. */
const withBlanks = (s: SynthReport, seed: number): SynthReport =>
  ({ ...s, cells: Object.fromEntries(Object.entries(s.cells).map(([k, v], i) => [k, (i * 7 + seed) % 6 === 0 ? null : v])) });

describe('a text form one cell a line, printed and scanned', () => {
  it.each([7, 12])('seed %i: no value wrong, and more than half the cells read', async (seed) => {
    expect(await ocrMissing()).toBeNull();
    const rep = withBlanks(generateReport(seed), seed);
    const text = oneCellALine(renderReport(rep, 'text-pipes'));
    expect(text).toMatch(/\n\|\n/); // blank cells, a lone bar each
    const x = await extract({ fileName: 'document.pdf', bytes: await printedScanPdf(browser, pre(text), { deg: 0 }) }, { documentTimeoutMs: 600_000 });
    expect(x.ok).toBe(true);
    if (!x.ok) return;
    const keys = Object.keys(rep.cells);
    const wrong = x.details.filter((d) => d.value !== rep.cells[d.key]).map((d) => `${d.key}=${d.value} (printed ${rep.cells[d.key]})`);
    expect(wrong).toEqual([]);
    // Read 61 % and 78 % here (34 % and 43 % before lines tesseract dropped or tangled were read again); the rest left out, named.
    expect(keys.filter((k) => x.cells[k] === rep.cells[k]).length / keys.length).toBeGreaterThan(0.55);
  }, 900_000);
});
