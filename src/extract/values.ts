/**
 * What a value is: reading one cell's text as a template value — a number with
 * its sign and unit, a placeholder (a stated blank), a blank, or text. The one
 * definition every reader uses: the aligner (`readCell`), the tokenizer that
 * splits space-separated rows (`VALUE_PATTERN`), and the document layout that
 * tells value cells from labels.
 */

export type CellReading =
  | { readonly kind: 'number'; readonly value: number; readonly unit?: string }
  | { readonly kind: 'placeholder' }
  | { readonly kind: 'blank' }
  | { readonly kind: 'text' };

import { toHalfWidth } from '../model/half-width.js';

export { toHalfWidth };

// Units a cell may print after its number: counts (件 条 个 项) and money (万元 元).
const UNIT = '万元|元|件|条|个|项';
const NUMBER_SOURCE = String.raw`[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:${UNIT})?`;
// Placeholders mean "blank": null, never 0. Symbols, and words (无 空) that also end other words (暂无).
const DASHES = '-—–─－';
const SYMBOL_SOURCE = String.raw`\/|\\|[${DASHES}]+`;
const PLACEHOLDER_SOURCE = `${SYMBOL_SOURCE}|无|空`;

/**
 * A value as printed (half-width, no spaces) that a line may carry after its label,
 * for patterns that find values inside a line: a number or a placeholder symbol
 * (not 无 / 空, which end words: 暂无).
 */
export const VALUE_PATTERN = `(?:${NUMBER_SOURCE}|${SYMBOL_SOURCE})`;

/** Text ending as a VALUE_PATTERN match can end: a digit, a unit's last character, a placeholder symbol. */
// (The dashes open the class: a leading - is itself, not a range.)
export const ENDS_LIKE_VALUE = new RegExp(String.raw`[${DASHES}\d${[...new Set(UNIT.split('|').map((u) => u.at(-1)))].join('')}\/\\]$`);

/** Digits a value's whole part may have: 999,999,999,999 元 is more than any county spends. */
const MAX_DIGITS = 12;
const NUMBER = new RegExp(String.raw`^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(${UNIT})?$`);
const PLACEHOLDER = new RegExp(`^(?:${PLACEHOLDER_SOURCE})$`);

export interface ReadOptions {
  /** Text from OCR, which reads a dash as 一: a lone 一 is then a placeholder (elsewhere it may number a row). */
  readonly ocr?: boolean;
}

// A page repeats the same few cell texts (0, 1, /, blanks) and the aligner reads each several
// times: readings are immutable, so one per text is kept (bounded; cleared when full).
// OCR text reads a lone 一 differently, so it is not cached.
const READINGS = new Map<string, CellReading>();

export function readCell(raw: string, opts: ReadOptions = {}): CellReading {
  if (opts.ocr) return readCellText(raw, opts);
  let r = READINGS.get(raw);
  if (r) return r;
  if (READINGS.size >= 20_000) READINGS.clear();
  r = readCellText(raw, opts);
  READINGS.set(raw, r);
  return r;
}

function readCellText(raw: string, opts: ReadOptions): CellReading {
  // The minus sign (U+2212) and small hyphen-minus of PDF text layers are signs.
  const s = toHalfWidth(raw).replace(/&nbsp;?|\u00a0/g, ' ').replace(/\s+/g, '').replace(/[\u2212\ufe63]/g, '-');
  if (s === '') return { kind: 'blank' };
  if (PLACEHOLDER.test(s) || (opts.ocr && s === '一')) return { kind: 'placeholder' };
  const m = NUMBER.exec(s);
  if (!m) return { kind: 'text' };
  const whole = m[2]!.replace(/,/g, '');
  // No count or amount the template asks for runs to 13 digits: such a run is cells glued together
  // (a table converted to a paragraph prints `1 0 0 1 2 …` as 100121000100000).
  if (whole.length > MAX_DIGITS) return { kind: 'text' };
  const value = Number(`${m[1]}${whole}${m[3] ?? ''}`);
  const unit = m[4] === '万元' || m[4] === '元' ? m[4] : undefined;
  return unit ? { kind: 'number', value, unit } : { kind: 'number', value };
}

/** A value cell's text as the aligner should see it: an OCR'd dash (一) printed as the dash it is. */
export const printedValue = (raw: string, opts: ReadOptions = {}): string =>
  opts.ocr && readCell(raw, opts).kind === 'placeholder' && !PLACEHOLDER.test(raw.trim()) ? '—' : raw;
