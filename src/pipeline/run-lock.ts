/**
 * One pipeline run at a time per database. PostgreSQL: a session advisory lock
 * held on a connection of its own for the whole run. PGlite: the embedded
 * database is already locked to one process (store/dir-lock.ts).
 *
 * The lock's connection can be lost mid-run (a terminated backend, an
 * `idle_session_timeout`, a network cut). The run then stops at its next
 * checkpoint (`RunGuard.check`) until the lock is re-acquired on a new
 * connection; if another run took it meanwhile, or the database stays out of
 * reach, the run ends with RunLockLostError instead of going on unlocked.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Store } from '../store/open-store.js';

/**
 * The advisory-lock key: one per schema, so deployments (and test suites)
 * sharing a PostgreSQL database in different schemas don't block each other.
 */
const LOCK_KEY = `hashtext('nianbao run ' || current_schema())`;
const lockKey = sql.raw(LOCK_KEY);

export class RunInProgressError extends Error {}
/** The run lock was lost and could not be taken back: the run must stop. */
export class RunLockLostError extends Error {}

export interface RunLockOptions {
  /** Wait for the other run to finish instead of failing at once. */
  readonly wait?: boolean;
  /** How often the held connection is pinged, so a silent loss is noticed (default 15 s). */
  readonly pingEveryMs?: number;
  /** Attempts to take the lock back after losing it, a second apart (default 5). */
  readonly reacquireAttempts?: number;
  /** Told when the lock was lost and taken back (the run goes on). */
  readonly onWarning?: (message: string) => void;
}

/** What a run consults between units of work: go on, wait for the lock to come back, or stop. */
export interface RunGuard {
  /** Resolves when the run may go on; throws RunLockLostError when it may not. */
  check(): Promise<void>;
  /** Aborted (with RunLockLostError) once the lock is lost for good: for work that takes a signal. */
  readonly signal: AbortSignal;
}

const FREE: RunGuard = { check: async () => {}, signal: new AbortController().signal };

/** Runs `fn` while holding the run lock; throws RunInProgressError if another run holds it. */
export async function withRunLock<T>(store: Store, opts: RunLockOptions, fn: (guard: RunGuard) => Promise<T>): Promise<T> {
  if (store.backend === 'pglite' || !store.session) return fn(FREE);
  const lock = new HeldLock(store, opts);
  await lock.acquire();
  try {
    const result = await fn(lock);
    await lock.check();
    return result;
  } finally {
    await lock.release();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class HeldLock implements RunGuard {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  private client: pg.Client | null = null;
  private ping: NodeJS.Timeout | null = null;
  private regaining: Promise<void> | null = null;
  private released = false;

  constructor(private readonly store: Store, private readonly opts: RunLockOptions) {}

  async acquire(): Promise<void> {
    const client = await this.connect();
    if (this.opts.wait) {
      await client.query(`select pg_advisory_lock(${LOCK_KEY})`);
    } else if (!(await this.tryLock(client))) {
      await client.end().catch(() => {});
      const other = await this.store.db.selectFrom('runs').select(['id', 'started_at'])
        .where('command', '=', 'run').where('status', '=', 'running').orderBy('id', 'desc').executeTakeFirst();
      const since = other ? ` (run ${other.id}, started ${other.started_at.toISOString()})` : '';
      throw new RunInProgressError(`another nianbao run is in progress on ${this.store.location}${since}; try again later or pass --wait`);
    }
    this.hold(client);
  }

  async check(): Promise<void> {
    if (this.regaining) await this.regaining;
    if (this.signal.aborted) throw this.signal.reason;
  }

  async release(): Promise<void> {
    this.released = true;
    if (this.ping) clearInterval(this.ping);
    await this.regaining?.catch(() => {});
    const client = this.client;
    this.client = null;
    if (!client) return;
    // Ending the session releases a session lock anyway; unlocking first says so explicitly.
    await client.query(`select pg_advisory_unlock(${LOCK_KEY})`).catch(() => {});
    await client.end().catch(() => {});
  }

  private async connect(): Promise<pg.Client> {
    const client = await this.store.session!();
    // Named for operators looking at pg_stat_activity.
    await client.query(`set application_name = 'nianbao run lock'`);
    // The lock's session is idle for the whole run: a server-wide idle timeout must not end it.
    await client.query('set idle_session_timeout = 0').catch(() => { /* PostgreSQL < 14 has no such timeout */ });
    return client;
  }

  private async tryLock(client: pg.Client): Promise<boolean> {
    const got = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(${LOCK_KEY}) as ok`);
    return got.rows[0]?.ok === true;
  }

  private hold(client: pg.Client): void {
    this.client = client;
    const lost = (err?: Error) => { if (this.client === client) this.lost(err?.message ?? 'connection closed'); };
    client.on('error', lost);
    client.on('end', () => lost());
    this.ping ??= setInterval(() => {
      const c = this.client;
      const every = this.opts.pingEveryMs ?? 15_000;
      // query_timeout is per query in pg (its types omit it): a ping stuck on a dead socket fails too.
      const ping = { text: 'select 1', query_timeout: every } as pg.QueryConfig;
      if (c && !this.regaining) c.query(ping).catch((err: Error) => { if (this.client === c) this.lost(err.message); });
    }, this.opts.pingEveryMs ?? 15_000);
    this.ping.unref();
  }

  /** The lock's connection is gone: take the lock back on a new one, or stop the run. */
  private lost(reason: string): void {
    if (this.released || this.regaining) return;
    const old = this.client;
    this.client = null;
    old?.end().catch(() => {});
    this.regaining = this.regain(reason).finally(() => { this.regaining = null; });
  }

  private async regain(reason: string): Promise<void> {
    const attempts = this.opts.reacquireAttempts ?? 5;
    let why = '';
    for (let i = 0; i < attempts && !this.released; i++) {
      if (i > 0) await sleep(1000);
      let client: pg.Client | null = null;
      try {
        client = await this.connect();
        if (await this.tryLock(client)) {
          this.hold(client);
          this.opts.onWarning?.(`lost the run lock's database connection (${reason}); took the lock back and went on`);
          return;
        }
        await client.end().catch(() => {});
        why = 'another run holds it now';
        break;
      } catch (err) {
        await client?.end().catch(() => {});
        why = `cannot reconnect: ${(err as Error).message}`;
      }
    }
    this.controller.abort(new RunLockLostError(`lost the run lock (${reason}) and could not take it back: ${why}`));
  }
}
