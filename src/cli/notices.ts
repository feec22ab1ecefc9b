/** What research commands tell on stderr beside their output: cut lists, filters that match nothing. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** A warning on stderr (the output on stdout stays clean for programs). */
export const warn = (message: string): void => { process.stderr.write(`nianbao: warning: ${message}\n`); };

/** Says that a list was cut, and how to see the rest. */
export const cutNotice = (shown: number, total: number, what: string): void => {
  process.stderr.write(`nianbao: showing ${shown} of ${total} ${what} (--limit ${shown}); raise --limit to see more\n`);
};

/** The newest report year stored, or undefined when there is none. */
export async function newestYear(db: Kysely<Database>): Promise<number | undefined> {
  const row = (await sql<{ y: number | null }>`select max(year) as y from report_latest`.execute(db)).rows[0];
  return row?.y ?? undefined;
}
