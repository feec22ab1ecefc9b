/**
 * One pipeline run at a time per database. PostgreSQL: a session advisory lock
 * held on a dedicated connection for the whole run. PGlite: the embedded
 * database is already locked to one process (store/dir-lock.ts).
 */
import { sql } from 'kysely';
import type { Store } from '../store/open-store.js';

/**
 * The advisory-lock key: one per schema, so deployments (and test suites)
 * sharing a PostgreSQL database in different schemas don't block each other.
 */
const lockKey = sql`hashtext('nianbao run ' || current_schema())`;

export class RunInProgressError extends Error {}

export interface RunLockOptions {
  /** Wait for the other run to finish instead of failing at once. */
  readonly wait?: boolean;
}

/** Runs `fn` while holding the run lock; throws RunInProgressError if another run holds it. */
export async function withRunLock<T>(store: Store, opts: RunLockOptions, fn: () => Promise<T>): Promise<T> {
  if (store.backend === 'pglite') return fn();
  return store.db.connection().execute(async (conn) => {
    if (opts.wait) {
      await sql`select pg_advisory_lock(${lockKey})`.execute(conn);
    } else {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${lockKey}) as ok`.execute(conn);
      if (!got.rows[0]?.ok) {
        const other = await store.db.selectFrom('runs').select(['id', 'started_at'])
          .where('status', '=', 'running').orderBy('id', 'desc').executeTakeFirst();
        const since = other ? ` (run ${other.id}, started ${other.started_at.toISOString()})` : '';
        throw new RunInProgressError(`another nianbao run is in progress on ${store.location}${since}; try again later or pass --wait`);
      }
    }
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${lockKey})`.execute(conn);
    }
  });
}
