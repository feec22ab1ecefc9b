/**
 * A cell's second reading takes the place of the page reading's words in it: across all of
 * them, so that ink under no word still means ink OCR missed — a bar read in the cell aside.
 */
import { describe, expect, it } from 'vitest';
import { isValueCrop, reconcile, type Crop } from '../../src/extract/documents/ocr-second-look.js';
import type { TextItem } from '../../src/extract/documents/layout-words.js';

const word = (str: string, x: number, w: number, conf = 90): TextItem => ({ str, x, w, y: 700, h: 10, conf });

describe('a label cell read again', () => {
  const box = { x0: 40, x1: 130, y0: 695, y1: 715 };

  it('spans the words the page reading found in it', () => {
    const words = [word('第二十条第', 45, 48), word('（一）项', 95, 30)];
    const crop: Crop = { box, first: '第二十条第（一）项', items: words };
    const [placed] = reconcile(words, [crop], [{ text: '第二十条第（一）项', conf: 93 }], [undefined]);
    expect(placed).toMatchObject({ str: '第二十条第（一）项', x: 45, w: 80, conf: 93 });
  });

  it('not over a bar read in the cell, and never past the cell', () => {
    const words = [word('行政强制', 45, 40), word('|', 127, 2), word('规章', 95, 60)];
    const crop: Crop = { box, first: '行政强制|', items: words.slice(0, 2) };
    const [placed] = reconcile(words.slice(0, 2), [crop], [{ text: '行政强制', conf: 53 }], [undefined]);
    expect(placed).toMatchObject({ str: '行政强制', x: 45, w: 40 });
    const wide: Crop = { box, first: '行政强制规章', items: [words[0]!, words[2]!] };
    expect(reconcile([words[0]!, words[2]!], [wide], [{ text: '行政强制规章', conf: 80 }], [undefined])[0]).toMatchObject({ x: 45, w: 85 });
  });
});

describe('which cells get the digits-only reading', () => {
  const crop = (first: string): Crop => ({ box: { x0: 0, y0: 0, x1: 30, y1: 12 }, first, items: [] });
  it('a lone ideograph both readings give (a 4 read 不) is a value misread, so its row is not ended by it', () => {
    expect(isValueCrop(crop('不'), { text: '不', conf: 91 })).toBe(true);
    // Nothing that disagrees with the digits reading can then stand: two readings must give one number.
    const item: TextItem = { str: '不', x: 2, y: 2, w: 8, h: 8, conf: 91 };
    const c = { ...crop('不'), items: [item] };
    expect(reconcile([item], [c], [{ text: '不', conf: 91 }], [{ text: '4', conf: 95 }])).toEqual([]);
  });
  it('words a value cell may hold, labels and numbers keep their ways', () => {
    for (const w of ['无', '空', '一', '〇', '零']) expect(isValueCrop(crop(w), { text: w, conf: 90 }), w).toBe(false);
    expect(isValueCrop(crop('规章'), { text: '规章', conf: 90 })).toBe(false);
    expect(isValueCrop(crop('不'), { text: '规章', conf: 90 })).toBe(false);
    expect(isValueCrop(crop('12'), { text: '12', conf: 90 })).toBe(true);
  });
});
