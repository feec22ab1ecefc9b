import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresBackend } from '../helpers/stores.js';
import { openStore } from '../../src/store/open-store.js';
import { RunInProgressError, withRunLock } from '../../src/pipeline/run-lock.js';
import { DatabaseBusyError } from '../../src/store/dir-lock.js';

describe('one pipeline run at a time', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('PostgreSQL: a second run fails at once, or waits with wait:true; another schema is not blocked', async () => {
    const a = await postgresBackend.open();
    const b = await openStore({ url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema: (await schemaOf(a)) });
    const other = await postgresBackend.open();
    try {
      await a.db.insertInto('runs').values({ command: 'run' }).execute();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const events: string[] = [];
      const first = withRunLock(a, {}, async () => { events.push('first start'); await held; events.push('first end'); });
      await new Promise((r) => setTimeout(r, 200));
      await expect(withRunLock(b, {}, async () => 'never')).rejects.toThrow(RunInProgressError);
      await expect(withRunLock(b, {}, async () => 'never')).rejects.toThrow(/another nianbao run is in progress .*run 1/);
      // A deployment in another schema of the same database runs freely.
      await expect(withRunLock(other, {}, async () => 'free')).resolves.toBe('free');
      const waiting = withRunLock(b, { wait: true }, async () => { events.push('second'); });
      await new Promise((r) => setTimeout(r, 200));
      expect(events).toEqual(['first start']);
      release();
      await first;
      await waiting;
      expect(events).toEqual(['first start', 'first end', 'second']);
    } finally {
      await b.close();
      await a.close();
      await other.close();
    }
  });

  it('PGlite: a second opener of the same directory is refused with a clear message, and can open it once released', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-lock-'));
    dirs.push(dir);
    const first = await openStore({ dbPath: path.join(dir, 'db') });
    try {
      const second = openStore({ dbPath: path.join(dir, 'db') });
      await expect(second).rejects.toThrow(DatabaseBusyError);
      await expect(openStore({ dbPath: path.join(dir, 'db') })).rejects.toThrow(/already open in this process/);
    } finally {
      await first.close();
    }
    const again = await openStore({ dbPath: path.join(dir, 'db') });
    await again.close();
  });
});

async function schemaOf(store: { db: import('kysely').Kysely<any> }): Promise<string> {
  const { sql } = await import('kysely');
  const r = await sql<{ s: string }>`select current_schema() as s`.execute(store.db);
  return r.rows[0]!.s;
}
