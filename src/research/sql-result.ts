/**
 * A raw query's result as named records for printing and downloads: every
 * column kept, a repeated name suffixed (`a`, `a_2`), so `SELECT count(*),
 * count(DISTINCT x)` prints two columns, not one.
 */
import type { RawResult } from '../store/raw-sql.js';

/** Column names made unique in order: the first keeps its name, repeats get `_2`, `_3` … (skipping names taken). */
export function uniqueColumns(fields: readonly string[]): string[] {
  const taken = new Set<string>();
  return fields.map((f) => {
    let name = f, n = 1;
    while (taken.has(name)) name = `${f}_${++n}`;
    taken.add(name);
    return name;
  });
}

export interface NamedResult {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
  readonly affected: number | null;
}

export function namedResult(r: RawResult): NamedResult {
  const columns = uniqueColumns(r.fields);
  return { columns, rows: r.rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))), affected: r.affected };
}
