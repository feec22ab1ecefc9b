/**
 * The extraction pool's limits on real documents: one that runs over its time
 * or memory is stopped and reported with the limit it hit, and the documents
 * queued behind it are still extracted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { htmlToImagePdf, launch } from '../../fixtures/documents/render.js';
import { ExtractPool } from '../../src/extract/extract-pool.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const report = generateReport(3);
const good = enc(renderReport(report, 'html-table'));
// Half a million paragraphs of prose: seconds of work and hundreds of MB of heap when allowed.
const heavy = enc(`<html><body>${'<p>全年共新收政府信息公开申请，办理结果已按时送达申请人。</p>'.repeat(500_000)}</body></html>`);

function expectGood(r: Awaited<ReturnType<ExtractPool['extract']>>): void {
  if (!r.ok) throw new Error(r.error);
  expect(Object.keys(report.cells).filter((k) => r.cells[k] !== report.cells[k])).toEqual([]);
}

describe('extraction pool', () => {
  let pool: ExtractPool | null = null;
  afterEach(async () => { await pool?.close(); pool = null; });

  it('stops a document over its time limit and extracts the next one', async () => {
    pool = new ExtractPool({ workers: 1, limits: { timeMs: 1000, maxTextChars: 1e9, memoryMb: 2048 } });
    const t0 = Date.now();
    const [slow, next] = await Promise.all([pool.extract({ fileName: 'slow.html', bytes: heavy }), pool.extract({ fileName: 'next.html', bytes: good })]);
    expect(slow).toMatchObject({ ok: false, limit: 'time-limit', error: 'slow.html: stopped after 1 s: over the time limit (raise it with --time-limit)' });
    expectGood(next);
    expect(pool.stats.stopped['time-limit']).toBe(1);
    expect(pool.stats.workersStarted).toBe(2);
    // Stopped at the limit, not when the document would have finished.
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);

  it('stops a document over its memory limit and extracts the next one', async () => {
    pool = new ExtractPool({ workers: 1, limits: { timeMs: 120_000, maxTextChars: 1e9, memoryMb: 48 } });
    const [hog, next] = await Promise.all([pool.extract({ fileName: 'hog.html', bytes: heavy }), pool.extract({ fileName: 'next.html', bytes: good })]);
    expect(hog).toMatchObject({ ok: false, limit: 'memory-limit' });
    expect(!hog.ok && hog.error).toMatch(/^hog\.html: stopped: extraction needed more than the memory limit of 48 MB/);
    expectGood(next);
  }, 120_000);

  it('refuses a document over the size limit without a worker, and text over the text limit inside one', async () => {
    pool = new ExtractPool({ workers: 2, limits: { maxBytes: 1 << 20, maxTextChars: 100_000 } });
    const big = await pool.extract({ fileName: 'big.html', bytes: new Uint8Array(2 << 20) });
    expect(big).toMatchObject({ ok: false, limit: 'size-limit', error: 'big.html: 2 MB is over the size limit of 1 MB (raise it with --size-limit)' });
    expect(pool.stats.workersStarted).toBe(0);
    const prose = await pool.extract({ fileName: 'prose.html', bytes: heavy.subarray(0, 900_000) });
    expect(prose).toMatchObject({ ok: false, limit: 'size-limit' });
    expectGood(await pool.extract({ fileName: 'good.html', bytes: good }));
  }, 60_000);

  it('answers every document of a batch larger than the pool, in any order of completion', async () => {
    pool = new ExtractPool({ workers: 2 });
    const docs = Array.from({ length: 12 }, (_, i) => ({ fileName: `r${i}.html`, bytes: i % 3 === 1 ? enc(`<p>${'x'.repeat(i)}`) : good }));
    const results = await Promise.all(docs.map((d) => pool!.extract(d)));
    expect(results.filter((r) => r.ok)).toHaveLength(12);
    results.forEach((r, i) => { if (i % 3 !== 1) expectGood(r); });
    expect(pool.stats.workersStarted).toBe(2);
  }, 60_000);

  describe('a scan, whose OCR asks for its pages\' time', () => {
    let browser: Browser;
    let scan: Uint8Array;
    const rep = generateReport(2);
    beforeAll(async () => {
      browser = await launch();
      scan = await htmlToImagePdf(browser, renderReport(rep, 'html-grid').replace('<head>', '<head><style>body{font-family:"WenQuanYi Micro Hei";font-size:12px} table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px}</style>'));
    }, 60_000);
    afterAll(async () => { await browser?.close(); });

    it('is given the time its pages need beyond the time limit, and read', async () => {
      // 8 s would stop it before its two pages are read (10–20 s each); its OCR asks for a page's budget per page.
      pool = new ExtractPool({ workers: 1, limits: { timeMs: 8000 } });
      const r = await pool.extract({ fileName: 'scan.pdf', bytes: scan });
      if (!r.ok) throw new Error(r.error);
      expect(r.details.filter((d) => d.value !== rep.cells[d.key])).toEqual([]);
      expect(Object.keys(rep.cells).filter((k) => r.cells[k] === rep.cells[k]).length).toBeGreaterThan(150);
      expect(pool.stats.stopped['time-limit']).toBe(0);
    }, 180_000);

    it('is still stopped at ten times the time limit', async () => {
      // 1.5 s, not less: a worker starting on a busy machine (CI runs files side by side) needs
      // most of half a second before its OCR asks for the pages' time, and was stopped first.
      pool = new ExtractPool({ workers: 1, limits: { timeMs: 1500 } });
      const t0 = Date.now();
      const r = await pool.extract({ fileName: 'scan.pdf', bytes: scan });
      expect(r).toMatchObject({ ok: false, limit: 'time-limit', error: 'scan.pdf: stopped after 15 s: over the time limit (raise it with --time-limit)' });
      expect(Date.now() - t0).toBeLessThan(30_000);
    }, 90_000);
  });
});
