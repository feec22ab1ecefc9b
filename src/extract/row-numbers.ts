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

const ROW_NUMBER = /^\s*\d{1,3}\s*$/;
const HEADER = '序号';
const NAME = /[\u4e00-\u9fff]/;

/** Positions of the row-number tokens in `tokens` (empty when the page has no 序号 column). */
export function rowNumbers(tokens: readonly Token[]): Set<number> {
  const header = tokens.findIndex((t) => !t.boundary && t.text.length <= 6 && normLabel(t.text) === HEADER);
  const least = header < 0 ? 5 : 3;
  // Numbers whose next printed token names a row.
  const found: { at: number; n: number }[] = [];
  for (let i = header + 1; i < tokens.length; i++) {
    if (!ROW_NUMBER.test(tokens[i]!.text)) continue;
    let j = i + 1;
    while (j < tokens.length && !tokens[j]!.boundary && !tokens[j]!.text.trim()) j++;
    const next = tokens[j];
    if (next && !next.boundary && NAME.test(next.text) && !ROW_NUMBER.test(next.text)) found.push({ at: i, n: Number(tokens[i]!.text) });
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
