/**
 * One entry point to the database: embedded PGlite by default (zero setup),
 * real PostgreSQL when a `postgres://` URL is given or DATABASE_URL is set.
 * The same migrations and queries serve both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { acquireDirLock, lockHolder } from './dir-lock.js';
import { lockWhenFree, openPGliteSnapshot, SNAPSHOT_LABEL } from './pglite-snapshot.js';
import { pgliteRunner, postgresRunner, type RawRunner } from './raw-sql.js';

export type Backend = 'pglite' | 'postgres';

export interface StoreOptions {
  /** postgres://… URL; defaults to $DATABASE_URL unless dbPath is given. When absent, PGlite is used. */
  readonly url?: string;
  /** PGlite data directory (default $NIANBAO_DB or ./.nianbao/db); `memory://` keeps it in memory. */
  readonly dbPath?: string;
  /** PostgreSQL schema to work in (created if missing; default $NIANBAO_SCHEMA, else public). Tests use one per suite. */
  readonly schema?: string;
  /** Run pending migrations on open (default true). */
  readonly migrate?: boolean;
  /**
   * Embedded database only: serve from an in-memory copy and leave the directory
   * free for other commands (see pglite-snapshot.ts). For long-lived readers (`serve`).
   */
  readonly snapshot?: boolean;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly backend: Backend;
  /** Where the data lives, for messages (URL without password, or directory). */
  readonly location: string;
  /**
   * PostgreSQL only: a connection of its own, outside the pool, for session state held
   * across a long operation (the run lock). It already has an error listener; the caller ends it.
   */
  readonly session?: () => Promise<pg.Client>;
  /** One statement as a person typed it: all columns kept, read-only unless asked, with a timeout (see raw-sql.ts). */
  readonly raw: RawRunner;
  close(): Promise<void>;
}

const NUMERIC_OID = 1700;
const INT8_OID = 20;
const DATE_OID = 1082;
/**
 * numeric → number (fees carry decimals; counts fit easily), bigint ids/counts
 * → number, date → 'yyyy-mm-dd' string (a JS Date would shift it by the time zone).
 */
const PARSERS: Record<number, (v: string) => number | string> = {
  [NUMERIC_OID]: parseFloat, [INT8_OID]: Number, [DATE_OID]: (v) => v,
};

export const DEFAULT_DB_PATH = path.join('.nianbao', 'db');

/**
 * Which database to use: an explicit URL, else an explicit directory, else
 * $DATABASE_URL, else $NIANBAO_DB or ./.nianbao/db. An explicit flag beats the environment.
 */
export function resolveTarget(opts: StoreOptions = {}): { backend: Backend; location: string } {
  const url = opts.url ?? (opts.dbPath ? undefined : process.env.DATABASE_URL);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`DATABASE_URL must start with postgres://, got "${redact(url)}"`);
    return { backend: 'postgres', location: url };
  }
  return { backend: 'pglite', location: opts.dbPath ?? (process.env.NIANBAO_DB || DEFAULT_DB_PATH) };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const target = resolveTarget(opts);
  // Several deployments (or test runs) can share one PostgreSQL database, each in its own schema.
  const schema = target.backend === 'postgres' ? opts.schema ?? (process.env.NIANBAO_SCHEMA || undefined) : undefined;
  if (target.backend === 'pglite' && opts.snapshot && !target.location.startsWith('memory://')) {
    return openPGliteSnapshot(target.location, {
      parsers: PARSERS,
      migrate: async (db) => { if (opts.migrate !== false) await migrateToLatest({ db } as Store); },
    });
  }
  const store = target.backend === 'postgres'
    ? await openPostgres(target.location, schema)
    : await openPGlite(target.location);
  if (opts.migrate !== false) {
    try {
      await migrateToLatest(store, schema);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

/**
 * `create schema if not exists` is not safe against itself: two processes opening a new
 * schema at once (crawl workers started together) can both pass the check, and the second
 * insert into the catalog fails with a unique violation. The schema exists then, so that
 * failure is success.
 */
async function createSchema(client: pg.Client, schema: string): Promise<void> {
  try {
    await client.query(`create schema if not exists "${schema.replace(/"/g, '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    const found = await client.query('select 1 from pg_namespace where nspname = $1', [schema]);
    if (found.rowCount === 0) throw err;
  }
}

async function openPostgres(url: string, schema?: string): Promise<Store> {
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await createSchema(client, schema);
    } catch (err) {
      throw new Error(`cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}`, { cause: err });
    } finally {
      await client.end().catch(() => {});
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: { getTypeParser: ((oid: number, format?: any) => PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as any },
    ...(schema ? { options: `-c search_path="${schema}",public` } : {}),
  });
  // An idle client losing its connection must not crash the process; nor may a checked-out
  // one (pg-pool listens only while a client is idle): its next query fails instead.
  pool.on('error', () => {});
  pool.on('connect', (client) => { client.on('error', () => {}); });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy();
    throw new Error(`cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}`, { cause: err });
  }
  const session = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: 10_000, ...(schema ? { options: `-c search_path="${schema}",public` } : {}) });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  return { db, backend: 'postgres', location: redact(url), session, raw: postgresRunner(pool), close: () => db.destroy() };
}

async function openPGlite(dir: string): Promise<Store> {
  const inMemory = dir.startsWith('memory://');
  let unlock = () => {};
  if (!inMemory) {
    fs.mkdirSync(dir, { recursive: true });
    // PGlite is single-process: a second process on the same directory would corrupt it.
    // A web view taking its copy holds the lock for seconds: wait for it.
    unlock = lockHolder(dir)?.label === SNAPSHOT_LABEL ? await lockWhenFree(dir, '', 60_000) : acquireDirLock(dir);
  }
  let pglite: PGlite;
  try {
    // Loaded on first use: PostgreSQL-only processes (crawl workers) don't pay its ~38 MB.
    const { PGlite } = await import('@electric-sql/pglite');
    pglite = await PGlite.create(inMemory ? undefined : dir, { parsers: PARSERS });
  } catch (err) {
    unlock();
    throw new Error(`cannot open embedded database at ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db, backend: 'pglite', location: dir, raw: pgliteRunner(db, pglite),
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

export function migrator(store: Store, schema?: string): Migrator {
  return new Migrator({
    db: store.db,
    provider: migrationProvider,
    // Each branch numbers its migrations in its own range: a range merged later may sort before ones already applied.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export async function migrateToLatest(store: Store, schema?: string): Promise<MigrationResultSet> {
  let result = await migrator(store, schema).migrateToLatest();
  // Kysely looks for its migration table by listing every table in the database; a schema
  // dropped meanwhile (another deployment or test run sharing the database) can vanish
  // under that listing. Nothing has run yet then, so looking again is safe.
  for (let tries = 1; tries < 20 && result.error && !result.results?.length && vanishedTable(result.error); tries++) {
    await new Promise((r) => setTimeout(r, 20 * tries));
    result = await migrator(store, schema).migrateToLatest();
  }
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new Error(`migration ${failed} failed: ${(result.error as Error).message}`, { cause: result.error });
  }
  return result;
}

// undefined_table, undefined_column, invalid_schema_name, undefined_object: what a relation or schema dropped mid-listing raises.
const vanishedTable = (err: unknown): boolean => ['42P01', '42703', '3F000', '42704'].includes((err as { code?: string }).code ?? '');
