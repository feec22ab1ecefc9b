/**
 * A number as a spreadsheet shows it, from its number format: what a reader of the sheet sees,
 * and so what the report states. A fee of 5949.0886666 in a cell formatted `0.00` shows
 * 5949.09; a zero in a format whose zero section is empty (`0;-0;;@`, `#,##0;-#,##0;`) shows
 * nothing, a blank cell; a formula's floating-point noise (0.1 + 0.2 = 0.30000000000000004)
 * shows as Excel's fifteen digits give it. Formats that show a number otherwise than as one
 * (percentages, dates, fractions, scientific) give the number's own digits: the template asks for
 * none of those, and a reading of them is left to the aligner.
 */

/** A format's sections (positive; negative; zero; text), split at `;` outside quotes and escapes. */
function sections(format: string): string[] {
  const out: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '"') quoted = !quoted;
    if (c === '\\' && !quoted) { cur += c + (format[i + 1] ?? ''); i++; continue; }
    if (c === ';' && !quoted) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** A section's placeholders alone: quoted text, escapes, [colours] and [conditions], padding and fill removed. */
const bare = (section: string): string => section.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');

/** A section's own text as shown: quoted strings and escaped characters, without quotes, colours or padding. */
const literal = (section: string): string => section.replace(/\[[^\]]*\]|_.|\*./g, '').replace(/"([^"]*)"|\\(.)/g, '$1$2').trim();

/** How many decimals a plain number section shows, or null when it shows the number otherwise. */
function decimals(section: string): number | null {
  const s = bare(section).trim();
  if (!/^[#0?,]*(?:\.[#0?]*)?$/.test(s) || !/[#0?]/.test(s)) return null;
  return (s.split('.')[1] ?? '').replace(/[^#0?]/g, '').length;
}

/** The text a number shows in `format` (Excel's `General` when none is given). */
export function shownNumber(value: number, format: string | undefined): string {
  const fmt = format?.trim() || 'General';
  const parts = sections(fmt);
  // The section the value shows in: a negative's second, a zero's third, where the format has them.
  const own = value < 0 && parts.length >= 2 ? 1 : value === 0 && parts.length >= 3 ? 2 : 0;
  const section = parts[own]!;
  // A zero (or negative) section without a digit's place shows its text alone: nothing, or a dash (`"-"`).
  if (own > 0 && !/[#0?]/.test(bare(section))) return literal(section);
  const general = String(Number(value.toPrecision(15)));
  if (/^general$/i.test(fmt)) return general;
  const d = decimals(section);
  if (d === null) return general;
  // The negative section prints its own sign (often none, the number in brackets or red): the value's sign is kept.
  return Number(Math.abs(value).toFixed(d)) === 0 ? '0' : (value < 0 ? '-' : '') + Math.abs(value).toFixed(d);
}
