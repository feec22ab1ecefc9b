/**
 * A 序号 column: some reports number their rows (1, 2, 3 …) in a cell before each row's name.
 * Read as cells, each number is one value too many for the row above it (one cell a line), or
 * a value astray on the row's own line (pipe rows) that an identity may place in a printed
 * blank elsewhere — row numbers are small counts, the values identities ask for most. Where
 * numbers stand right before rows' names counting up by one (from 1, or on from the table
 * before; again in the next table) — three or more under a 序号 header, five or more where the
 * header is not printed (rows' last values counting 7, 8, 9, 10, 11 before the next rows' names
 * are no chance) — they are row numbers, not cells: the aligner never sees them.
 */
import type { Token } from './tokens.js';
import { normLabel } from './labels.js';
import { readCell } from './values.js';

const ROW_NUMBER = /^\s*\d{1,3}\s*$/;
const HEADER = '序号';
const NAME = /[\u4e00-\u9fff]/;

/** Positions of the row-number tokens in `tokens` (empty when the page has no 序号 column). */
export function rowNumbers(tokens: readonly Token[]): Set<number> {
  // 序 first: normalising every short token (every value) to find the header would cost the page.
  const header = tokens.findIndex((t) => !t.boundary && t.text.length <= 6 && t.text.includes('序') && normLabel(t.text) === HEADER);
  const least = header < 0 ? 5 : 3;
  // Numbers whose next printed token names a row.
  const found: { at: number; n: number }[] = [];
  for (let i = header + 1; i < tokens.length; i++) {
    if (ROW_NUMBER.test(tokens[i]!.text) && namesRow(nextPrinted(tokens, i))) found.push({ at: i, n: Number(tokens[i]!.text) });
  }
  const out = new Set<number>();
  let run: { at: number; n: number }[] = [];
  const close = () => { if (run.length >= least) for (const r of run) out.add(r.at); run = []; };
  for (const f of found) {
    if (run.length && f.n === run[run.length - 1]!.n + 1) { run.push(f); continue; }
    close();
    // No row is numbered 0: a 0 before a name is a value.
    if (f.n > 0) run.push(f);
  }
  close();
  return out;
}

/** The first token after `at` that prints something or ends a cell run (blank cells passed over), within `within` tokens. */
export function nextPrinted(tokens: readonly Token[], at: number, within = Infinity): Token | undefined {
  for (let j = at + 1; j < tokens.length && j - at <= within; j++) {
    const t = tokens[j]!;
    if (t.boundary || t.text.trim()) return t;
  }
  return undefined;
}

/** Whether a token may name a row: printed text with a Chinese character that reads as no value. */
export function namesRow(t: Token | undefined): t is Token {
  return !!t && !t.boundary && NAME.test(t.text) && readCell(t.text).kind === 'text';
}
