/**
 * Zeros printed apart (`0 0 0 0`) that tesseract glued into one word: cut apart again
 * only when the word is zeros alone and every zero's box stands apart from the next.
 */
import { describe, expect, it } from 'vitest';
import { zerosApart } from '../../src/extract/documents/ocr-zeros.js';
import type { BoxedChar } from '../../src/extract/documents/ocr-bars.js';

/** One word of `digits` as tesseract boxes it: each `width` px wide, `gap` px apart (a share of the width), at `scale`. */
function word(digits: string, gapShare: number, scale = 1, conf = 91) {
  const w = 13 * scale, h = 20 * scale;
  const chars: BoxedChar[] = [...digits].map((d, i) => ({ text: d, box: [100 + i * w * (1 + gapShare), 200, 100 + i * w * (1 + gapShare) + w, 200 + h] }));
  return { title: `bbox ${chars[0]!.box[0]} 200 ${chars.at(-1)!.box[2]} ${200 + h}; x_wconf ${conf}`, chars, line: null };
}

describe('zeros OCR glued into one word', () => {
  const spaced = [2, 3, 7, 15].flatMap((n) => [0.6, 0.8, 1, 1.7].flatMap((gap) => [0.75, 1, 1.5].map((scale) => ({ n, gap, scale }))));
  it.each(spaced)('$n zeros $gap of a width apart at scale $scale: one word a zero, each with its box and the confidence', ({ n, gap, scale }) => {
    const w = word('0'.repeat(n), gap, scale);
    const out = zerosApart([w]);
    expect(out.map((x) => x.chars.map((c) => c.text).join(''))).toEqual(Array(n).fill('0'));
    out.forEach((x, i) => {
      expect(x.chars).toEqual([w.chars[i]]);
      expect(x.title).toBe(`bbox ${w.chars[i]!.box.join(' ')}; x_wconf 91`);
    });
  });

  it.each([0, 0.1, 0.2, 0.4])('leaves zeros %s of a width apart as one word (the spacing of digits within a number)', (gap) => {
    const w = word('0000', gap);
    expect(zerosApart([w])).toEqual([w]);
  });

  it('leaves a word with another digit, a lone zero and overlapping boxes alone', () => {
    for (const w of [word('1000', 1), word('0100', 1), word('0', 1), word('00O0', 1)]) expect(zerosApart([w])).toEqual([w]);
    const overlapping = word('000', 1);
    overlapping.chars[1] = { text: '0', box: [overlapping.chars[0]!.box[0]! + 2, 200, overlapping.chars[0]!.box[2]! + 5, 220] };
    expect(zerosApart([overlapping])).toEqual([overlapping]);
  });
});
