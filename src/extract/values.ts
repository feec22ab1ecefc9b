/** Reading one cell's text as a template value: numbers, signs, units, placeholders, blanks. */

export type CellReading =
  | { readonly kind: 'number'; readonly value: number; readonly unit?: string }
  | { readonly kind: 'placeholder' }
  | { readonly kind: 'blank' }
  | { readonly kind: 'text' };

/** Full-width digits and punctuation to ASCII, so one regex reads both. */
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
export function toHalfWidth(s: string): string {
  // Most text has nothing to convert: one scan instead of two replacements.
  if (!FULL_WIDTH.test(s)) return s;
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|条|个|项)?$/;
// Placeholders mean "blank": null, never 0.
const PLACEHOLDER = /^(\/|\\|[-—–─－]+|无|空)$/;

// A page repeats the same few cell texts (0, 1, /, blanks) and the aligner reads each several
// times: readings are immutable, so one per text is kept (bounded; cleared when full).
const READINGS = new Map<string, CellReading>();

export function readCell(raw: string): CellReading {
  let r = READINGS.get(raw);
  if (r) return r;
  if (READINGS.size >= 20_000) READINGS.clear();
  r = readCellText(raw);
  READINGS.set(raw, r);
  return r;
}

function readCellText(raw: string): CellReading {
  const s = toHalfWidth(raw).replace(/&nbsp;?|\u00a0/g, ' ').replace(/\s+/g, '');
  if (s === '') return { kind: 'blank' };
  if (PLACEHOLDER.test(s)) return { kind: 'placeholder' };
  const m = NUMBER.exec(s);
  if (!m) return { kind: 'text' };
  const value = Number(`${m[1]}${m[2]!.replace(/,/g, '')}${m[3] ?? ''}`);
  const unit = m[4] === '万元' || m[4] === '元' ? m[4] : undefined;
  return unit ? { kind: 'number', value, unit } : { kind: 'number', value };
}

export const isValueLike = (r: CellReading): boolean => r.kind !== 'text';
