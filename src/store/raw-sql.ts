/**
 * One SQL statement as typed by a person (`nianbao sql`, the web SQL page):
 * every column kept in order (duplicate names too), in a transaction that is
 * read-only unless writing was asked for, with a statement timeout. The
 * statement goes through the extended protocol, which takes exactly one
 * statement: `SELECT 1; COMMIT; DELETE …` cannot escape the read-only transaction.
 *
 * PGlite ignores statement_timeout (it runs in this thread, measured: a long
 * query runs to completion); the timeout holds on PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

export interface RawOptions {
  /** Allow writes (default: the transaction is read-only). */
  readonly write?: boolean;
  /** Statement timeout in milliseconds (default 30 s). */
  readonly timeoutMs?: number;
}

export interface RawResult {
  /** Column names in the order the query gives them; duplicates kept. */
  readonly fields: readonly string[];
  /** One array per row, in the order of `fields`. */
  readonly rows: readonly (readonly unknown[])[];
  /** Rows inserted, updated or deleted (null for a query that returns rows only). */
  readonly affected: number | null;
}

export type RawRunner = (sql: string, opts?: RawOptions) => Promise<RawResult>;

export const DEFAULT_TIMEOUT_MS = 30_000;

const setup = (opts: RawOptions): string[] => [
  ...(opts.write ? [] : ['set transaction read only']),
  `set local statement_timeout = ${Math.max(1, Math.floor(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS))}`,
];

/** PostgreSQL: a pooled client of its own, so the guards apply to this statement alone. */
export function postgresRunner(pool: pg.Pool): RawRunner {
  return async (text, opts = {}) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const s of setup(opts)) await client.query(s);
      const r = await client.query({ text, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig);
      await client.query('commit');
      const changes = r.command === 'INSERT' || r.command === 'UPDATE' || r.command === 'DELETE' || r.command === 'MERGE';
      return { fields: r.fields.map((f) => f.name), rows: r.rows, affected: changes ? r.rowCount ?? 0 : null };
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
}

/** PGlite: inside kysely's hold on the one connection, so no other query interleaves with the transaction. */
export function pgliteRunner(db: Kysely<any>, pglite: PGlite): RawRunner {
  return (text, opts = {}) => db.connection().execute(() => pglite.transaction(async (tx) => {
    for (const s of setup(opts)) await tx.query(s);
    const r = await tx.query<unknown[]>(text, [], { rowMode: 'array' });
    return { fields: r.fields.map((f) => f.name), rows: r.rows, affected: r.fields.length === 0 ? r.affectedRows ?? 0 : null };
  }));
}
