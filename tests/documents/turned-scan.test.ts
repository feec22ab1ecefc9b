/**
 * Sheets fed sideways or upside down: a landscape table scanned as portrait, a bundle fed
 * the wrong way round. Read upright they gave words at confidence 15–25 and no table. A page
 * that reads poorly is now asked which way up its text is (tesseract's orientation
 * detection), turned and read again, with a warning naming the turn. (A quarter turn the
 * other way, 90°, runs in `npm run bench:probe-scan`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, printedScanPdf } from '../../fixtures/documents/render.js';
import { closeDocumentWorkers } from '../../src/extract/documents/index.js';
import { quarterTurn } from '../../src/extract/documents/deskew.js';
import { ocrMissing } from '../../src/extract/documents/ocr.js';
import { extract } from '../../src/extract/index.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

let browser: Browser;
beforeAll(async () => { browser = await launch(); }, 60_000);
afterAll(async () => { await browser?.close(); await closeDocumentWorkers(); });

const STYLE = '<style>body{font-family:"WenQuanYi Micro Hei";font-size:12px} table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px}</style>';

describe('quarterTurn', () => {
  // A 3×2 image, pixels numbered in reading order.
  const img = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
  it('turns an image clockwise by quarter turns, and four turns give it back', () => {
    expect(quarterTurn(img, 1)).toEqual({ width: 2, height: 3, data: Uint8Array.from([4, 1, 5, 2, 6, 3]) });
    expect(quarterTurn(img, 2)).toEqual({ width: 3, height: 2, data: Uint8Array.from([6, 5, 4, 3, 2, 1]) });
    expect(quarterTurn(img, 3)).toEqual({ width: 2, height: 3, data: Uint8Array.from([3, 6, 2, 5, 1, 4]) });
    expect(quarterTurn(quarterTurn(quarterTurn(quarterTurn(img, 1), 1), 1), 1)).toEqual(img);
    expect(quarterTurn(img, -1)).toEqual(quarterTurn(img, 3));
  });
});

describe('scans fed sideways or upside down', () => {
  const cases = [
    { seed: 4, quarterTurns: 1, turn: 270, how: 'on its side' },
    { seed: 5, quarterTurns: 2, turn: 180, how: 'upside down' },
  ];
  it.each(cases)('seed $seed fed $quarterTurns quarter turn(s) round: turned back $turn°, read as upright, none wrong', async ({ seed, quarterTurns, turn, how }) => {
    expect(await ocrMissing()).toBeNull();
    const rep = generateReport(seed);
    const html = renderReport(rep, 'html-grid').replace('<head>', `<head>${STYLE}`);
    // The reader's deadline well above OCR's need even on a loaded machine: past it, the turn is not tried (that is the deadline's test, not this one's).
    const x = await extract({ fileName: 'document.pdf', bytes: await printedScanPdf(browser, html, { deg: 0, quarterTurns }) }, { documentTimeoutMs: 240_000 });
    expect(x.ok).toBe(true);
    if (!x.ok) return;
    // Both pages named, each turned the one way that sets it upright.
    expect(x.warnings.filter((w) => /was scanned/.test(w))).toEqual([1, 2].map((n) =>
      `document.pdf: page ${n} was scanned ${how}: read after turning it ${turn}° clockwise (boxes are on the turned page)`));
    const keys = Object.keys(rep.cells);
    const wrong = x.details.filter((d) => d.value !== rep.cells[d.key]).map((d) => `${d.key}=${d.value} (page ${rep.cells[d.key]})`);
    expect(wrong).toEqual([]);
    expect(keys.filter((k) => x.cells[k] === rep.cells[k]).length / keys.length).toBeGreaterThan(0.97);
  }, 300_000);
});
