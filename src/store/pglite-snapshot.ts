/**
 * The embedded database for a long-lived reader (`nianbao serve`): PGlite is one
 * process's at a time, so the reader does not keep the directory open. It takes
 * the directory's lock for a few seconds, dumps the data directory, lets go, and
 * serves from an in-memory copy; when another process has changed the database
 * (its pg_control was rewritten on close) and the lock is free again, `refresh`
 * takes a new copy and swaps it in between two queries. Other commands run
 * whenever they like; they wait while a copy is being taken (lock label `snapshot`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely } from 'kysely';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.js';
import { acquireDirLock, lockHolder } from './dir-lock.js';
import { pgliteRunner } from './raw-sql.js';
import type { Database } from './schema.js';
import type { Store } from './open-store.js';

export const SNAPSHOT_LABEL = 'snapshot';

export interface SnapshotStore extends Store {
  /** When the copy being served was taken. */
  readonly takenAt: () => Date;
  /** Takes a new copy if the database changed and nobody holds it; true when it did. */
  refresh(): Promise<boolean>;
}

interface SnapshotDeps {
  readonly parsers: PGliteOptions['parsers'];
  /** Brings the on-disk database to the latest schema before it is copied. */
  readonly migrate: (db: Kysely<Database>) => Promise<void>;
}

/** What changes when a writer closes the database: pg_control's time and size. */
function signature(dir: string): string {
  try {
    const st = fs.statSync(path.join(dir, 'global', 'pg_control'));
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return '';
  }
}

/** Waits for the directory's lock while another holder has it (up to `ms`), then takes it. */
export async function lockWhenFree(dir: string, label: string, ms: number): Promise<() => void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return acquireDirLock(dir, label);
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function copyOf(dir: string, deps: SnapshotDeps): Promise<{ pglite: PGlite; sig: string }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const unlock = await lockWhenFree(dir, SNAPSHOT_LABEL, 10 * 60_000);
  let blob: Blob;
  let sig: string;
  try {
    const disk = await PGlite.create(dir, { parsers: deps.parsers });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(disk) });
    try {
      await deps.migrate(db);
      blob = await disk.dumpDataDir('none');
    } finally {
      await db.destroy();
    }
    sig = signature(dir);
  } finally {
    unlock();
  }
  return { pglite: await PGlite.create({ loadDataDir: blob, parsers: deps.parsers }), sig };
}

export async function openPGliteSnapshot(dir: string, deps: SnapshotDeps): Promise<SnapshotStore> {
  fs.mkdirSync(dir, { recursive: true });
  let { pglite: live, sig } = await copyOf(dir, deps);
  let takenAt = new Date();
  // kysely and the raw runner see whichever copy is live now.
  const current = new Proxy({} as PGlite, {
    get: (_t, k) => {
      const v = (live as unknown as Record<string | symbol, unknown>)[k];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(live) : v;
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(current) });
  let refreshing: Promise<boolean> | null = null;
  const refresh = async (): Promise<boolean> => {
    if (signature(dir) === sig || lockHolder(dir) !== null) return false;
    const next = await copyOf(dir, deps);
    await db.connection().execute(async () => {
      const old = live;
      live = next.pglite;
      sig = next.sig;
      takenAt = new Date();
      await old.close();
    });
    return true;
  };
  return {
    db, backend: 'pglite', location: `${dir} (a copy, refreshed when the database changes)`, raw: pgliteRunner(db, current),
    takenAt: () => takenAt,
    refresh: () => (refreshing ??= refresh().finally(() => { refreshing = null; })),
    close: async () => {
      await refreshing?.catch(() => false);
      await db.destroy();
      if (!live.closed) await live.close();
    },
  };
}
