/**
 * Zeros printed apart that OCR glued into one word. A row of empty counts printed as
 * text (`结转下年度继续办理 0 0 0 0 0 0 0`) comes back from tesseract as one word
 * `0000000` once the spaces are narrow, and a row would read as one cell. A count is
 * never printed with a leading zero, so a word of zeros alone cannot be one number; when
 * its characters' boxes also stand apart — every gap wider than a digit's own spacing
 * within a number — each zero is a word of its own again, with its own box and the
 * word's confidence. Anything else (a gap too narrow, a word with another character)
 * stays as read: a zero glued to another digit is left to the reader's doubts.
 */
import { median, type BoxedChar } from './ocr-bars.js';

const ZEROS = /^0{2,}$/;
/** The narrowest gap between two zeros printed apart, as a share of a zero's width (digits of one number sit ~0.1–0.2 apart). */
const APART = 0.5;

/** The words, each all-zero word whose zeros stand apart cut into one word a zero. */
export function zerosApart<W extends { title: string; chars: BoxedChar[] }>(words: readonly W[]): W[] {
  return words.flatMap((w) => {
    if (!ZEROS.test(w.chars.map((c) => c.text).join('')) || w.chars.some((c) => c.text !== '0' || c.box.length !== 4)) return [w];
    const width = median(w.chars.map((c) => c.box[2]! - c.box[0]!));
    const apart = w.chars.slice(1).every((c, i) => c.box[0]! - w.chars[i]!.box[2]! >= APART * width);
    if (!apart || width <= 0) return [w];
    const conf = /x_wconf\s+(\d+)/.exec(w.title)?.[1] ?? '0';
    return w.chars.map((c) => ({ ...w, title: `bbox ${c.box.join(' ')}; x_wconf ${conf}`, chars: [c] }));
  });
}
