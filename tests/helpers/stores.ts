/**
 * The store backends every store test runs against: embedded PGlite (in memory)
 * and the real PostgreSQL server. PostgreSQL is required: a missing server is a
 * test failure, never a skip. Each opened store lives in its own schema, dropped on close.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/open-store.js';

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty store. */
  open(opts?: { migrate?: boolean }): Promise<Store>;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

export const pgliteBackend: TestBackend = {
  name: 'pglite',
  open: (opts = {}) => openStore({ dbPath: 'memory://', ...opts }),
};

export const postgresBackend: TestBackend = {
  name: 'postgres',
  async open(opts = {}) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const store = await openStore({ url: POSTGRES_URL, schema, ...opts });
    return { ...store, close: async () => { await store.close(); await dropSchema(schema); } };
  },
};

export const BACKENDS: readonly TestBackend[] = [pgliteBackend, postgresBackend];
