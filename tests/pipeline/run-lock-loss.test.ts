/**
 * The run lock's connection lost mid-run, on real PostgreSQL: the run takes the
 * lock back and goes on, or — when another run took it meanwhile — stops with
 * its `runs` row closed as failed and the reason. An `idle_session_timeout` on
 * the server does not end the lock's (idle) session at all.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresBackend } from '../helpers/stores.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { runPipeline, type PipelineStages } from '../../src/pipeline/run.js';
import { RunLockLostError } from '../../src/pipeline/run-lock.js';
import { checkReports } from '../../src/check/index.js';
import { EXTRACTOR_VERSION } from '../../src/extract/index.js';

const until = async (what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

const schemaOf = async (store: Store): Promise<string> =>
  (await store.session!().then(async (c) => { try { return (await c.query<{ s: string }>('select current_schema() as s')).rows[0]!.s; } finally { await c.end(); } }));

/** The backend holding the run lock of `schema`, if any (advisory keys show as classid/objid halves). */
const lockHolder = (schema: string): Promise<number | null> => admin(async (c) => (await c.query<{ pid: number }>(
  `select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 1
     and ((classid::bigint << 32) | objid::bigint) = hashtext('nianbao run ' || $1::text)::bigint`, [schema])).rows[0]?.pid ?? null);

/** A pipeline whose crawl stage is a stand-in for a long crawl: it runs `during` and returns. */
const stages = (during: (signal: AbortSignal) => Promise<void>): PipelineStages => ({
  crawl: async (_store, signal) => { await during(signal); return { errorsBySite: {} }; },
  extract: { extract: () => { throw new Error('no documents are stored'); }, extractorVersion: EXTRACTOR_VERSION },
  check: checkReports,
});

describe('losing the run lock connection (PostgreSQL)', () => {
  const opened: Store[] = [];
  afterEach(async () => { for (const s of opened.splice(0)) await s.close(); });
  const open = async () => { const s = await postgresBackend.open(); opened.push(s); return s; };

  it('pg_terminate_backend: the lock is taken back on a new connection and the run goes on', async () => {
    const store = await open();
    const schema = await schemaOf(store);
    const warnings: string[] = [];
    const pids: number[] = [];
    const summary = await runPipeline(store, stages(async () => {
      const first = await lockHolder(schema);
      expect(first).not.toBeNull();
      pids.push(first!);
      await admin((c) => c.query('select pg_terminate_backend($1)', [first]));
      await until('the lock to be taken back', async () => warnings.length > 0);
      pids.push((await lockHolder(schema))!);
    }), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^lost the run lock's database connection \(.*terminat.*\); took the lock back and went on$/);
    expect(pids[1]).not.toBe(pids[0]);
    const row = await store.db.selectFrom('runs').select(['status']).where('id', '=', summary.runId).executeTakeFirstOrThrow();
    expect(row.status).toBe('ok');
    expect(await lockHolder(schema)).toBeNull();
  }, 60_000);

  it('pg_terminate_backend while another run waits for the lock: the run stops, its runs row failed with the reason', async () => {
    const store = await open();
    const schema = await schemaOf(store);
    const other = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path="${schema}",public` });
    await other.connect();
    try {
      let stoppedBySignal = false;
      const run = runPipeline(store, stages(async (signal) => {
        const holder = (await lockHolder(schema))!;
        // Another run asks for the lock and waits; when the holder's backend dies, the server hands it over.
        const waiting = other.query(`select pg_advisory_lock(hashtext('nianbao run ' || current_schema()))`);
        await until('the other run to wait', async () => admin(async (c) => (await c.query(
          `select 1 from pg_locks where locktype = 'advisory' and not granted and pid = $1`, [(other as unknown as { processID: number }).processID])).rowCount === 1));
        await admin((c) => c.query('select pg_terminate_backend($1)', [holder]));
        await waiting;
        await until('the stage to be told to stop', async () => signal.aborted);
        stoppedBySignal = true;
      }));
      await expect(run).rejects.toThrow(RunLockLostError);
      await expect(run).rejects.toThrow(/^lost the run lock \(.*\) and could not take it back: another run holds it now$/);
      expect(stoppedBySignal).toBe(true);
      const row = await store.db.selectFrom('runs').select(['status', 'summary', 'finished_at']).where('command', '=', 'run').executeTakeFirstOrThrow();
      expect(row.status).toBe('failed');
      expect(row.finished_at).not.toBeNull();
      expect(JSON.stringify(row.summary)).toMatch(/lost the run lock/);
    } finally {
      await other.end();
    }
  }, 60_000);

  it('idle_session_timeout on the server: the idle lock session is exempt, pooled connections are replaced', async () => {
    await admin(async (c) => {
      await c.query(`do $$ begin create role nianbao_idle_test login createdb; exception when duplicate_object then null; end $$`);
      await c.query(`grant create on database test to nianbao_idle_test`).catch(() => {});
      await c.query(`alter role nianbao_idle_test set idle_session_timeout = '300ms'`);
    });
    const url = POSTGRES_URL.replace(/\/\/[^@/]*@/, '//').replace('//', '//nianbao_idle_test@');
    const schema = `t_idle_${Date.now().toString(36)}`;
    const store = await openStore({ url, schema });
    try {
      const warnings: string[] = [];
      const pids = new Set<number>();
      const summary = await runPipeline(store, stages(async () => {
        // Several timeouts' worth of idling: every session of this role but the lock's is ended meanwhile.
        for (let i = 0; i < 8; i++) {
          pids.add((await lockHolder(schema))!);
          await new Promise((r) => setTimeout(r, 250));
        }
      }), { onWarning: (w) => warnings.push(w) });
      expect(warnings).toEqual([]);
      expect([...pids]).toHaveLength(1);
      const row = await store.db.selectFrom('runs').select('status').where('id', '=', summary.runId).executeTakeFirstOrThrow();
      expect(row.status).toBe('ok');
    } finally {
      await store.close();
      await admin((c) => c.query(`drop schema if exists "${schema}" cascade`));
    }
  }, 60_000);
});
