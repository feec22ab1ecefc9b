/**
 * A PDF whose text layer is broken the ways real ones are (CID fonts with no
 * Unicode map, or maps to private-use code points, Latin letters or NUL) is not
 * read from its layer — its "digits" may be glyph numbers — but by OCR, with a
 * warning naming the file and the page; without OCR it states nothing.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDocumentWorkers, readDocument } from '../../src/extract/documents/index.js';
import { checkTextLayer } from '../../src/extract/documents/text-layer-check.js';
import { extract } from '../../src/extract/index.js';
import { htmlToPdf, launch } from '../../fixtures/documents/render.js';
import { synthDoc, toHtml } from '../../fixtures/documents/synthetic.js';
import { breakTextLayer, GARBAGE } from '../../fixtures/documents/broken-text-layer.js';

let browser: Browser;
let good: Uint8Array;
const d = synthDoc(6);
beforeAll(async () => { browser = await launch(); good = await htmlToPdf(browser, toHtml(d)); }, 30_000);
afterAll(async () => { await browser?.close(); await closeDocumentWorkers(); });

describe('checkTextLayer', () => {
  it('passes Chinese report text and refuses the garbage broken fonts give', () => {
    expect(checkTextLayer('一、总体情况 本机关认真贯彻落实政府信息公开条例，全年新收申请123件，予以公开45件。').readable).toBe(true);
    expect(checkTextLayer('\u0000\u0003\u0011'.repeat(10)).readable).toBe(false);
    expect(checkTextLayer('\ue012\ue0a3\ue111 12 \ue004'.repeat(8)).readable).toBe(false);
    expect(checkTextLayer('ABCDE FGHIJ KLMNO PQRST UVWXY ZABCD EFGHI 12 34'.repeat(2)).readable).toBe(false);
    // Too little to judge: a page with a page number only.
    expect(checkTextLayer('— 5 —').readable).toBe(true);
  });
});

describe.each(GARBAGE)('a text layer broken as %s', (kind) => {
  it('is not read; without OCR the document states nothing and says why', async () => {
    const pdf = breakTextLayer(good, kind);
    const r = await readDocument(pdf, { fileName: `broken-${kind}.pdf` }, { ocr: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.join('\n')).toMatch(new RegExp(`broken-${kind}\\.pdf: (page 1: the text layer is unreadable .*not read|PDF has no text layer)`));
    // Nothing of the broken layer is passed on: no row, no "digit" that may be a glyph number.
    expect(r.text.split('\n').filter((l) => l.startsWith('|'))).toEqual([]);
    expect(r.text).not.toMatch(/\d/);
  }, 60_000);
});

describe('OCR of a broken layer', () => {
  it('takes the OCR path with a warning and states no wrong value', async () => {
    const pdf = breakTextLayer(good, 'private-use');
    const x = await extract({ url: 'http://127.0.0.1/nb/broken.pdf', bytes: pdf });
    expect(x.ok).toBe(true);
    if (!x.ok) return;
    expect(x.warnings.join('\n')).toMatch(/broken\.pdf: page 1: the text layer is unreadable \(.*\), read by OCR/);
    const keys = Object.keys(d.values);
    expect(keys.filter((k) => x.cells[k] !== undefined && x.cells[k] !== d.values[k])).toEqual([]);
    expect(keys.filter((k) => x.cells[k] === d.values[k]).length / keys.length).toBeGreaterThan(0.8);
  }, 180_000);
});
