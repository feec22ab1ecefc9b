/**
 * Planner statistics after bulk writes. PostgreSQL plans from statistics that autovacuum
 * refreshes only now and then — after a minute's nap, once a tenth of a table changed, and
 * never where it is switched off (as on the machine these figures come from). A documents
 * table grown from empty to 380,000 rows within one crawl was planned as if it were tiny: a
 * lookup by URL read the whole table, and loading ran at 57 documents/s, 260/s once analyzed
 * (bench:nightly, 3,000 portals). The stages that fill tables refresh them as they go.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** ANALYZE these tables (a sample of each: well under a second at national scale). */
export async function analyze(db: Kysely<Database>, tables: readonly (keyof Database)[]): Promise<void> {
  if (tables.length === 0) return;
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
}

/**
 * When to analyze while rows are being written: after 1,000 rows, then each time the count
 * has doubled (2,000, 4,000, …), so statistics stay within a factor of two of the table for
 * a few ANALYZEs however large it grows. (Within a factor of eight was too loose: loading
 * slowed from 225 to 130 documents/s between ANALYZEs, and recovered after one.)
 */
export class AnalyzeSchedule {
  private next: number;
  constructor(first = 1000, private readonly factor = 2) { this.next = first; }

  /** True once `written` reaches the next mark (and moves the mark on). */
  due(written: number): boolean {
    if (written < this.next) return false;
    while (this.next <= written) this.next *= this.factor;
    return true;
  }
}
