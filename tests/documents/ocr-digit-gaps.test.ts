/**
 * Numbers OCR glued across spaces (`0 0 0` read as `000`) are cut where the image shows a
 * space between single digits, and only there: a number's own digits, a word whose groups
 * are more than a digit wide, or whose count differs from what OCR read, stay as read.
 */
import { describe, expect, it } from 'vitest';
import { splitAtDigitGaps } from '../../src/extract/documents/ocr-digit-gaps.js';
import type { TextItem } from '../../src/extract/documents/layout-words.js';
import type { Gray } from '../../src/extract/documents/raster-rules.js';

const DPI = 200, k = 72 / DPI;
/** Digits drawn as 12×20 px blocks on a line from y 60 to 88 (px), `gap` px apart within a group, `space` px between groups. */
function printed(groups: string[], gap: number, space: number): { img: Gray; item: TextItem } {
  const img: Gray = { width: 600, height: 150, data: new Uint8Array(600 * 150).fill(255) };
  let x = 100;
  for (const [g, digits] of groups.entries()) {
    if (g > 0) x += space - gap;
    for (const _ of digits) {
      for (let y = 65; y <= 84; y++) for (let dx = 0; dx < 12; dx++) if (dx < 2 || dx > 9 || y < 67 || y > 82) img.data[y * 600 + x + dx] = 0;
      x += 12 + gap;
    }
  }
  const text = groups.join('');
  const x0 = 100, x1 = x - gap;
  const item: TextItem = { str: text, x: x0 * k, w: (x1 - x0) * k, y: (150 - 88) * k, h: 28 * k, conf: 70, chars: [...text].map((_, i) => ({ x0: (x0 + (i * (x1 - x0)) / text.length) * k, x1: (x0 + ((i + 1) * (x1 - x0)) / text.length) * k })) };
  return { img, item };
}

describe('digits OCR glued across spaces', () => {
  it.each([[['0', '0', '0', '0', '0', '0', '0']], [['3', '0', '1']], [['0', '0']]])('%j spaced apart: one item a digit, where each is printed', (groups) => {
    const { img, item } = printed(groups, 2, 10);
    const out = splitAtDigitGaps([item], img, DPI);
    expect(out.map((i) => i.str)).toEqual(groups);
    expect(out.map((i) => Math.round(i.x / k))).toEqual(groups.map((_, g) => 100 + g * 22));
  });

  it.each([
    [['10', '0'], '100', 'a group two digits wide'],
    [['10', '0'], '10', 'OCR read fewer characters than the image has digits'],
    [['100'], '100', 'one number, its digits close'],
    [['0', '0', '0'], '00', 'two read, three printed'],
  ])('%j read as %s stays as read: %s', (groups, read, _why) => {
    const { img, item } = printed(groups, 2, 10);
    expect(splitAtDigitGaps([{ ...item, str: read, chars: item.chars!.slice(0, read.length) }], img, DPI).map((i) => i.str)).toEqual([read]);
  });

  it('leaves words that are not all digits alone', () => {
    const { img, item } = printed(['0', '0'], 2, 10);
    expect(splitAtDigitGaps([{ ...item, str: '0件' }], img, DPI).map((i) => i.str)).toEqual(['0件']);
  });
});
