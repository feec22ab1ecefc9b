/**
 * Numbers OCR glued across the spaces between them. Tesseract reads `0 0 0 0 0 0 0`, a row
 * of values set apart by spaces, as the one word `0000000` — seven cells read as one number,
 * which the aligner can only leave out. The image still shows the spaces: white columns far
 * wider than the gap between two digits of one number. A word of digits is cut where the
 * image has such a gap, when the gaps part single digits; else it stays as read.
 */
import type { TextItem } from './layout-words.js';
import type { Gray } from './raster-rules.js';

const DIGITS = /^[\d.,]{2,}$/;
const DARK = 128;
/** White, in heights of the line, that parts two numbers: a space is about 0.3, digits of one number sit under 0.15 apart. */
const GAP = 0.25;

/** Ink groups of a box in the image (pixels): [x0, x1] column runs parted by at least `gap` white columns. */
function inkGroups(img: Gray, x0: number, x1: number, y0: number, y1: number, gap: number): [number, number][] {
  const groups: [number, number][] = [];
  let white = Infinity;
  for (let x = Math.max(0, x0); x <= Math.min(img.width - 1, x1); x++) {
    let ink = false;
    for (let y = Math.max(0, y0); y <= Math.min(img.height - 1, y1) && !ink; y++) ink = img.data[y * img.width + x]! < DARK;
    if (!ink) { white++; continue; }
    if (white >= gap || groups.length === 0) groups.push([x, x]); else groups[groups.length - 1]![1] = x;
    white = 0;
  }
  return groups;
}

/**
 * The items with words of digits cut at the wide gaps the image shows between their characters:
 * only where every gap parts single digits — as many groups as characters, each no wider than
 * one digit — so no digit can move to another number. (Tesseract's own character boxes are
 * not asked: on chi_sim pages two of them often share one digit.)
 */
export function splitAtDigitGaps(items: readonly TextItem[], img: Gray, dpi: number): TextItem[] {
  const k = dpi / 72;
  return items.flatMap((it) => {
    const chars = [...it.str];
    if (!DIGITS.test(it.str) || !it.chars || it.chars.length !== chars.length) return [it];
    const top = Math.round(img.height - (it.y + it.h) * k), bottom = Math.round(img.height - it.y * k);
    const h = bottom - top;
    const x0 = Math.floor(it.x * k), x1 = Math.ceil((it.x + it.w) * k);
    const groups = inkGroups(img, x0, x1, top, bottom, GAP * h);
    if (groups.length < 2 || groups.length !== chars.length) return [it];
    // A digit is 0.2–0.8 of the line's height wide (a 1 narrower, but never wider than a digit).
    if (groups.some(([a, b]) => b + 1 - a > 0.8 * h)) return [it];
    if (groups[0]![0] - x0 > 0.5 * h || x1 - groups.at(-1)![1] > 0.5 * h) return [it];
    return groups.map(([a, b], i): TextItem => ({ ...it, str: chars[i]!, x: a / k, w: (b + 1 - a) / k, chars: [{ x0: a / k, x1: (b + 1) / k }] }));
  });
}
