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
// A sign, or the 2019 template's 本年增/减 column's change in words: 增加2 or 增2 is +2, 减少1 or 减1 is −1.
const CHANGE_WORDS = '增加|增|减少|减';
const SIGN_SOURCE = `[+-]|${CHANGE_WORDS}`;
const CHANGE_WORD = new RegExp(`^(?:${CHANGE_WORDS})(?=\\d)`);
const NUMBER_SOURCE = String.raw`(?:${SIGN_SOURCE})?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:${UNIT})?`;
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

// A note after a count saying what it includes — 12（含3件）, 12(其中网上申请2件) — qualifies the
// count without changing it: the cell states the number before it. (Other words after a number
// leave it no value: see isMarkedNumber.)
const INCLUDING_NOTE = /(?<=\d(?:万元|元|件|条|个|项)?)\((?:含|其中|包括|包含)[^()]{1,24}\)$/;
// A unit in brackets after the number (5（万元）, 12（件）) is the unit.
const UNIT_IN_BRACKETS = new RegExp(`(?<=\\d)\\((${UNIT})\\)$`);

function readCellText(raw: string, opts: ReadOptions): CellReading {
  // The minus sign (U+2212) and small hyphen-minus of PDF text layers are signs.
  const s = toHalfWidth(raw).replace(/&nbsp;?|\u00a0/g, ' ').replace(/\s+/g, '').replace(/[\u2212\ufe63]/g, '-')
    .replace(CHANGE_WORD, (w) => (w[0] === '增' ? '+' : '-'));
  if (s === '') return { kind: 'blank' };
  if (PLACEHOLDER.test(s) || (opts.ocr && s === '一')) return { kind: 'placeholder' };
  const m = NUMBER.exec(s) ?? (s.endsWith(')') ? NUMBER.exec(s.replace(INCLUDING_NOTE, '').replace(UNIT_IN_BRACKETS, '$1')) : null);
  if (!m) return { kind: 'text' };
  const whole = m[2]!.replace(/,/g, '');
  // No count or amount the template asks for runs to 13 digits: such a run is cells glued together
  // (a table converted to a paragraph prints `1 0 0 1 2 …` as 100121000100000).
  if (whole.length > MAX_DIGITS) return { kind: 'text' };
  const value = Number(`${m[1]}${whole}${m[3] ?? ''}`);
  const unit = m[4] === '万元' || m[4] === '元' ? m[4] : undefined;
  return unit ? { kind: 'number', value, unit } : { kind: 'number', value };
}

// A number printed with marks or a word around it that make it no value as it stands: a
// footnote's sign or number (12①, 12*, 12¹, 12(1), 12注1, 12（注）), a unit the template does not
// count in (12次, 12人次), a bound or share (>5, 5+, 5%), a digit in another form (⁹). The cell is
// printed and holds its column; what it states is not sure, so it is read as no value. Not such
// cells: a numeral numbering an item, alone (①, ⑴, 1.) or before a name (1.属于…); a year (2023年);
// a page's number or date as a print's furniture leaves them (- 2 -, 2024/1/5, 10:23).
// Enclosed numerals: ① ⑴ ⒈ ⓪ ❶ ㉑ ㊱.
const ENCLOSED_SOURCE = String.raw`[\u2460-\u249b\u24ea-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]`;
const MARK = String.raw`[*＊※#†‡°↓]+|[\u00b9\u00b2\u00b3\u2070-\u209f]+|${ENCLOSED_SOURCE}`
  + String.raw`|\(\d{1,2}\)|\[\d{1,2}\]|\(?注\d{0,2}\)?|[\u4e00-\u9fff]{1,2}`;
const MARKED = new RegExp(String.raw`^[+-]?\d[\d,]*(?:\.\d+)?(?:${MARK})$`, 'u');
const DIGIT_LIKE = /[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2089]/u;
const LETTER = /\p{L}/u;
const ENCLOSED = new RegExp(ENCLOSED_SOURCE, 'u');
/** A cell printing "as above" (〃, 同上), and the mark a number merged down over rows below is read with (tokens.ts). */
export const AS_ABOVE = '〃';
export const MERGED_DOWN = '↓';
const DITTO = new RegExp(`^(?:${AS_ABOVE}|同上)$`);
/**
 * Two numbers one cell prints apart — stacked over a line or paragraph break, or spaced — are
 * two values or one broken number, which the cell does not say: every reader keeps them apart
 * with this mark (`1¦2`), and the cell holds its column with no value.
 */
export const APART = '¦';
/** Digits as a cell may print them, half- and full-width (WPS and Word documents print both). */
export const DIGIT_CLASS = '0-9０-９';
const ENDS_DIGIT = new RegExp(`[${DIGIT_CLASS}]$`);
const STARTS_DIGIT = new RegExp(`^[${DIGIT_CLASS}]`);
/** Whether a break between `before` and `after` falls between two digits (then it joins as APART). */
export const digitsAcross = (before: string, after: string): boolean => ENDS_DIGIT.test(before) && STARTS_DIGIT.test(after);
/** Whether a cell's text prints numbers apart (see APART). */
export const printsApart = (text: string): boolean => text.includes(APART);
/** Whether a cell prints "as above" (〃, 同上). */
export const isAsAbove = (raw: string): boolean => raw.length <= 4 && DITTO.test(raw.trim());
const ITEM_NUMBER = [/^\d{1,2}[.、](?!\d)/, /^\(?\d{1,2}\)$/, new RegExp(`^${ENCLOSED_SOURCE}$`, 'u')];
const FURNITURE = [/^\d{4}年/, /^[-—–]+\d+[-—–]+$/, /^\d{4}[/.-]\d{1,2}(?:[/.-]\d{1,2})?$/, /^\d{1,2}:\d{2}(?::\d{2})?$/];

/**
 * Whether a cell prints a number that is no value as it stands (see MARKED): a cell, but no value.
 * `inRow`: the cell stands on its row's printed line after the row's name, where a numeral
 * alone (⑧, (8)) is no item's number (that comes before its name) but a cell.
 */
export const isMarkedNumber = (raw: string, inRow = false): boolean => {
  // 〃 (ditto), 同上: as in the cell above — a cell that holds its column, with no value of its own here.
  if (isAsAbove(raw)) return true;
  // Most text is a name or prose: longer than any such cell, or holding a letter without a digit
  // first (only a number may carry a word after it) — cleared before anything else runs.
  if (raw.length > 24) return false;
  const c = raw.trimStart().charCodeAt(0);
  const digitFirst = (c >= 48 && c <= 57) || c === 43 || c === 45 || (c >= 0xff10 && c <= 0xff19) || c === 0xff0b || c === 0xff0d;
  if ((!digitFirst && LETTER.test(raw)) || readCell(raw).kind !== 'text') return false;
  const s = toHalfWidth(raw).replace(/\s+/g, '');
  if (s.length > 16 || FURNITURE.some((re) => re.test(s)) || (!inRow && ITEM_NUMBER.some((re) => re.test(s)))) return false;
  return MARKED.test(s) || (!LETTER.test(s) && (DIGIT_LIKE.test(s) || ENCLOSED.test(s)));
};

/** A value cell's text as the aligner should see it: an OCR'd dash (一) printed as the dash it is. */
export const printedValue = (raw: string, opts: ReadOptions = {}): string =>
  opts.ocr && readCell(raw, opts).kind === 'placeholder' && !PLACEHOLDER.test(raw.trim()) ? '—' : raw;
