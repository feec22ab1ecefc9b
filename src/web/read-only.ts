/** Every request of the web view runs in a read-only transaction: nothing it does can change the data. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * Runs `fn` in a transaction the database itself holds read-only, on both
 * backends (the PGlite dialect ignores kysely's access mode, so it is set in SQL).
 */
export async function readOnly<T>(db: Kysely<Database>, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`set transaction read only`.execute(tx);
    return fn(tx);
  });
}
