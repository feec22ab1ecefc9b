/**
 * The registry of live crawl workers: each `nianbao crawl` process registers
 * and heartbeats here, so workers sharing a database can split the sites
 * between them (src/crawl/partition.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** How long a silent worker still counts as alive. */
export const WORKER_TTL_MS = 10_000;

export async function registerWorker(db: Kysely<Database>, owner: string, runId: number): Promise<void> {
  await db.insertInto('crawl_workers').values({ owner, run_id: runId, heartbeat_at: new Date() })
    .onConflict((oc) => oc.column('owner').doUpdateSet({ heartbeat_at: new Date(), run_id: runId })).execute();
}

export async function heartbeatWorker(db: Kysely<Database>, owner: string): Promise<void> {
  await db.updateTable('crawl_workers').set({ heartbeat_at: new Date() }).where('owner', '=', owner).execute();
}

export async function unregisterWorkers(db: Kysely<Database>, owners: readonly string[]): Promise<void> {
  if (owners.length) await db.deleteFrom('crawl_workers').where('owner', 'in', owners).execute();
}

/** Registered workers whose name starts with `prefix` (this machine's), alive or not. */
export async function workersLike(db: Kysely<Database>, prefix: string): Promise<string[]> {
  const rows = await db.selectFrom('crawl_workers').select('owner').where('owner', 'like', `${prefix}%`).execute();
  return rows.map((r) => r.owner);
}

/** Live workers, sorted: a worker's index in this list picks its share of the sites. */
export async function liveWorkers(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('crawl_workers').select('owner')
    .where('heartbeat_at', '>', new Date(Date.now() - WORKER_TTL_MS)).orderBy('owner').execute();
  return rows.map((r) => r.owner);
}
