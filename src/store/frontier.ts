/**
 * The crawl queue in the database. Workers (processes or machines) claim rows
 * with FOR UPDATE SKIP LOCKED and hold them under a lease; a lease that expires
 * (its worker died) makes the row claimable again, so a kill -9 loses nothing.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, FrontierTable } from './schema.js';

export type FrontierRow = Selectable<FrontierTable>;

export interface CrawlRequestInput {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly body?: string | null;
  readonly siteId?: string | null;
  readonly kind: string;
  readonly depth?: number;
  readonly parentUrl?: string | null;
  readonly meta?: Record<string, unknown>;
  readonly priority?: number;
}

/** The dedupe key: method, canonical URL and, for POSTs, a hash of the body. */
export function requestKey(r: Pick<CrawlRequestInput, 'url' | 'method' | 'body'>): string {
  const method = r.method ?? 'GET';
  const body = r.body ? ` ${createHash('sha1').update(r.body).digest('hex')}` : '';
  return `${method} ${r.url}${body}`;
}

/** Adds requests not yet known; returns how many were new. */
export async function enqueue(db: Kysely<Database>, reqs: readonly CrawlRequestInput[]): Promise<number> {
  if (reqs.length === 0) return 0;
  const rows = reqs.map((r) => ({
    request_key: requestKey(r),
    url: r.url,
    method: r.method ?? 'GET',
    body: r.body ?? null,
    site_id: r.siteId ?? null,
    kind: r.kind,
    depth: r.depth ?? 0,
    parent_url: r.parentUrl ?? null,
    meta: JSON.stringify(r.meta ?? {}),
    priority: r.priority ?? 0,
    next_attempt_at: new Date(),
  }));
  const res = await db.insertInto('frontier').values(rows)
    .onConflict((oc) => oc.column('request_key').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n);
}

export interface ClaimOptions {
  readonly owner: string;
  readonly limit: number;
  readonly leaseMs: number;
  /** Only rows of these sites. */
  readonly siteIds?: readonly string[];
}

/**
 * Leases up to `limit` ready rows (queued and due, or leased with an expired
 * lease). Concurrent claimers never receive the same row.
 */
export async function claim(db: Kysely<Database>, opts: ClaimOptions): Promise<FrontierRow[]> {
  const sites = opts.siteIds && opts.siteIds.length ? sql`and site_id in (${sql.join(opts.siteIds)})` : sql``;
  const res = await sql<FrontierRow>`
    update frontier f
       set state = 'leased', lease_owner = ${opts.owner},
           lease_expires_at = now() + ${`${opts.leaseMs} milliseconds`}::interval,
           updated_at = now()
     where f.id in (
       select id from frontier
        where ((state = 'queued' and next_attempt_at <= now())
            or (state = 'leased' and lease_expires_at < now()))
          ${sites}
        order by priority desc, next_attempt_at, id
        limit ${opts.limit}
        for update skip locked)
    returning f.*`.execute(db);
  return res.rows;
}

/** Marks a leased row done; ignored if the lease was lost to another worker. */
export async function complete(
  db: Kysely<Database>, id: number, owner: string, status: number | null, state: 'done' | 'skipped' = 'done',
  note: string | null = null,
): Promise<boolean> {
  return (await completeMany(db, owner, [{ id, status, state, note, at: new Date() }])) === 1;
}

export interface Completion {
  readonly id: number;
  readonly status: number | null;
  readonly state?: 'done' | 'skipped';
  readonly note?: string | null;
  /** When the row was fetched (the batch may be written a little later). */
  readonly at: Date;
}

/** `complete` for many rows in one statement; rows whose lease was lost are left alone. Returns how many were marked. */
export async function completeMany(db: Kysely<Database>, owner: string, rows: readonly Completion[]): Promise<number> {
  if (rows.length === 0) return 0;
  // Sorted ids: concurrent batches lock rows in one order.
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const values = sql.join(sorted.map((r) => sql`(${r.id}::bigint, ${r.state ?? 'done'}::text, ${r.status}::integer, ${r.note ?? null}::text, ${r.at}::timestamptz)`));
  const res = await sql`
    update frontier f
       set state = v.state, lease_owner = null, lease_expires_at = null, last_status = v.status, last_error = v.note,
           last_fetched_at = v.at, updated_at = now()
      from (values ${values}) as v(id, state, status, note, at)
     where f.id = v.id and f.lease_owner = ${owner}`.execute(db);
  return Number(res.numAffectedRows ?? 0n);
}

/**
 * Puts a leased row back for another attempt at `at` (backoff decided by the caller).
 * A failed request still reached the host: it counts as the site's last fetch
 * for handing the site to another worker (see claimFair).
 */
export async function retryLater(
  db: Kysely<Database>, id: number, owner: string, at: Date, error: string, status: number | null = null,
): Promise<boolean> {
  const res = await db.updateTable('frontier')
    .set((eb) => ({
      state: 'queued', lease_owner: null, lease_expires_at: null, next_attempt_at: at,
      attempts: eb('attempts', '+', 1), last_error: error, last_status: status, last_fetched_at: new Date(), updated_at: new Date(),
    }))
    .where('id', '=', id).where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Gives up on a leased row. */
export async function fail(db: Kysely<Database>, id: number, owner: string, error: string, status: number | null = null): Promise<boolean> {
  const res = await db.updateTable('frontier')
    .set((eb) => ({
      state: 'failed', lease_owner: null, lease_expires_at: null, attempts: eb('attempts', '+', 1),
      last_error: error, last_status: status, last_fetched_at: new Date(), updated_at: new Date(),
    }))
    .where('id', '=', id).where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Counts of rows per state, for progress and `db status`. */
export async function frontierCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('frontier').select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state').execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
