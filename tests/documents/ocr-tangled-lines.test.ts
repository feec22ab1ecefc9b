/**
 * Lines tesseract tangled across printed rows (a page of short lines read as one block): found
 * by their boxes — several rows tall, with rows of ink and white between them — and read again
 * as sparse text there, the block reading kept elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { onlySpans, unreadRows, tangledSpans, withSparse, type HocrReading } from '../../src/extract/documents/ocr-tangled-lines.js';
import type { PixelLine } from '../../src/extract/documents/ocr-pipe-rows.js';
import type { TextItem } from '../../src/extract/documents/layout-words.js';
import type { Gray } from '../../src/extract/documents/raster-rules.js';

const DPI = 200;
const H = 1200;
const page = (): Gray => ({ width: 800, height: H, data: new Uint8Array(800 * H).fill(255) });
const ink = (img: Gray, x0: number, y0: number, x1: number, y1: number): void => {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) img.data[y * img.width + x] = 0;
};
/** Printed rows 28 px tall every 31 px from y = 100: `0 |` (30 px wide) or a label (`wide` px). */
const rowTop = (i: number): number => 100 + 31 * i;
const printRow = (img: Gray, i: number, wide = 30): PixelLine => {
  ink(img, 126, rowTop(i) + 2, 126 + wide, rowTop(i) + 25);
  return { left: 126, top: rowTop(i), right: 126 + wide, bottom: rowTop(i) + 28 };
};

describe('lines tangled across printed rows', () => {
  it('a line boxed over several rows of ink is tangled; the lines of one row each are not', () => {
    const img = page();
    const rows = Array.from({ length: 12 }, (_, i) => printRow(img, i, i === 5 ? 400 : 30));
    // Tesseract's lines: rows 0–3 as printed, then one box from row 4 to row 8 (the label's row among them), then rows 9–11.
    const lines = [...rows.slice(0, 4), { left: 126, top: rowTop(4), right: 526, bottom: rowTop(8) + 28 }, ...rows.slice(9)];
    expect(tangledSpans(img, lines)).toEqual([[rowTop(4), rowTop(8) + 28]]);
    expect(tangledSpans(img, rows)).toEqual([]);
  });

  it('a title in large print, as tall as two rows, is one row of ink: not tangled', () => {
    const img = page();
    const rows = Array.from({ length: 6 }, (_, i) => printRow(img, i));
    ink(img, 126, 400, 600, 455);
    expect(tangledSpans(img, [...rows, { left: 126, top: 398, right: 600, bottom: 457 }])).toEqual([]);
  });

  it('a line with a character whose strokes leave white rows (二) is not tangled by them', () => {
    const img = page();
    const rows = Array.from({ length: 6 }, (_, i) => printRow(img, i));
    // 二 alone in large print: two strokes, white between — each stroke far thinner than half a line.
    ink(img, 126, 410, 170, 414); ink(img, 120, 445, 176, 450);
    expect(tangledSpans(img, [...rows, { left: 120, top: 405, right: 176, bottom: 455 }])).toEqual([]);
  });
});

describe('the sparse reading in the tangled spans', () => {
  const k = 72 / DPI;
  /** A word at pixel row `top` (28 px tall), in points, y up. */
  const word = (str: string, top: number): TextItem => ({ str, x: 126 * k, w: 30 * k, y: (H - (top + 28)) * k, h: 28 * k, conf: 90 });
  const reading = (words: TextItem[], lines: PixelLine[]): HocrReading => ({ page: { width: 800 * k, height: H * k, items: words }, lines, confSum: 0, n: 0 });
  const line = (top: number): PixelLine => ({ left: 126, top, right: 156, bottom: top + 28 });

  it('takes the sparse words and lines there, the block\'s elsewhere', () => {
    const block = reading([word('0|', 100), word('1 上年结', 200), word('1 寺转政府信息', 231), word('0|', 400)], [line(100), { left: 126, top: 190, right: 526, bottom: 290 }, line(400)]);
    const sparse = reading([word('0|', 100), word('二、上年结转政府信息公开申请数量|', 200), word('0|', 231), word('0|', 400)], [line(100), line(200), line(231), line(400)]);
    const merged = withSparse(block, sparse, [[190, 290]], H, DPI);
    expect(merged.page.items.map((i) => i.str).sort()).toEqual(['0|', '0|', '0|', '二、上年结转政府信息公开申请数量|'].sort());
    expect(merged.lines.map((l) => l.top)).toEqual([100, 200, 231, 400]);
    // The re-read words below OCR's bar (79): a value of theirs stands only where a cell's second look confirms it.
    expect(merged.page.items.find((i) => i.str.startsWith('二'))!.conf).toBe(79);
    expect(merged).toMatchObject({ confSum: 338, n: 4 });
  });
});

describe('rows of ink the block reading left without a line', () => {
  it('are found, a speck and the rows read aside; the page is whited out but for them', () => {
    const img = page();
    const rows = Array.from({ length: 5 }, (_, i) => printRow(img, i));
    ink(img, 300, 600, 302, 603); // a speck
    const lines = [rows[0]!, rows[1]!, rows[3]!, rows[4]!];
    expect(unreadRows(img, lines)).toEqual([{ left: 126, right: 156, top: rowTop(2) + 2, bottom: rowTop(2) + 25 }]);
    const only = onlySpans(img, [[rowTop(2) + 2, rowTop(2) + 25]]);
    expect(only.data[(rowTop(2) + 10) * 800 + 130]).toBe(0);
    expect(only.data[(rowTop(0) + 10) * 800 + 130]).toBe(255);
  });
});
