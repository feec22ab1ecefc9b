/**
 * Vertical bars that OCR read as digits. A table printed as text (`| 规章 | 0 | 0 |`)
 * and scanned comes back from tesseract as `规章 |0101|`: each bar a `1` (or `l`, `I`,
 * a thin `0`) glued to the numbers beside it. A bar is known by its shape, whatever
 * it was read as: thin, taller than the digits on its line and reaching below their
 * baseline. Such characters become `|` again, so the cells read apart.
 */

/** A character OCR read, its box in pixels (y down): [left, top, right, bottom]. */
export interface BoxedChar { text: string; box: number[] }

const BAR_READINGS = /^[0-9lI|丨]$/;
/** Digits other than 1 set the line's height: a 1 may itself be a bar. */
const REFERENCE = /^[02-9]$/;

export const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]!; };

/** The words' characters with bars read as digits or letters turned back into `|`. */
export function barsToPipes<W extends { chars: BoxedChar[] }>(words: readonly W[]): W[] {
  const refs = words.flatMap((w) => w.chars).filter((c) => REFERENCE.test(c.text));
  if (!refs.length) return [...words];
  return words.map((w) => {
    let changed = false;
    const chars = w.chars.map((c) => {
      if (!BAR_READINGS.test(c.text) || c.text === '|' || !isBar(c, refs)) return c;
      changed = true;
      return { ...c, text: '|' };
    });
    return changed ? { ...w, chars } : w;
  });
}

function isBar(c: BoxedChar, refs: readonly BoxedChar[]): boolean {
  const [l, t, r, b] = c.box as [number, number, number, number];
  const h = b - t;
  // Digits on the same line, nearby: their centre within this character's height, within a few heights across.
  const near = refs.filter((d) => d !== c && (d.box[1]! + d.box[3]!) / 2 > t && (d.box[1]! + d.box[3]!) / 2 < b && Math.abs(d.box[0]! - l) < 12 * h);
  if (near.length < 1) return false;
  const dh = median(near.map((d) => d.box[3]! - d.box[1]!));
  const dw = median(near.map((d) => d.box[2]! - d.box[0]!));
  const base = median(near.map((d) => d.box[3]!));
  return h >= 1.25 * dh && b >= base + 0.2 * dh && r - l <= 0.8 * dw;
}
