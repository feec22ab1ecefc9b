/**
 * Crawl runs and the shared frontier. A run starts by re-opening every row of
 * its sites (lists and reports are re-checked each run, conditionally) and
 * seeding the list pages. A run that did not finish (kill -9, --max-pages,
 * Ctrl-C) is resumed by the next `nianbao crawl`, which re-fetches nothing
 * completed; concurrent crawlers join the same run and split the rows.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { requestKey, type CrawlRequestInput, type FrontierRow } from '../store/frontier.js';
import type { Site } from './sites.js';
import { canonicalUrl, fetchUrl } from './url.js';
import { processAlive } from '../store/dir-lock.js';

export const newOwner = (): string => `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export interface RunStart {
  readonly runId: number;
  readonly resumed: boolean;
}

/**
 * Leases (and worker registrations) of dead processes on this machine are
 * released at once rather than after they expire, so a restart after kill -9
 * resumes without waiting.
 */
export async function releaseDeadLocalLeases(db: Kysely<Database>): Promise<number> {
  const prefix = `${os.hostname()}:`;
  const isDead = (o: string) => {
    const pid = Number(o.slice(prefix.length).split(':')[0]);
    return Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
  };
  const workers = await db.selectFrom('crawl_workers').select('owner').where('owner', 'like', `${prefix}%`).execute();
  const deadWorkers = workers.map((w) => w.owner).filter(isDead);
  if (deadWorkers.length) await db.deleteFrom('crawl_workers').where('owner', 'in', deadWorkers).execute();
  const owners = await db.selectFrom('frontier').select('lease_owner').distinct()
    .where('state', '=', 'leased').where('lease_owner', 'like', `${prefix}%`).execute();
  const dead = owners.map((o) => o.lease_owner!).filter(isDead);
  if (dead.length === 0) return 0;
  const res = await db.updateTable('frontier')
    .set({ state: 'queued', lease_owner: null, lease_expires_at: null, updated_at: new Date() })
    .where('state', '=', 'leased').where('lease_owner', 'in', dead).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Joins the unfinished crawl run, or starts a new one (re-opening the sites' rows and seeding their lists). */
export async function startRun(db: Kysely<Database>, sites: readonly Site[], opts: { fresh?: boolean } = {}): Promise<RunStart> {
  return db.transaction().execute(async (tx) => {
    // Serialises run starts across processes sharing the database.
    await sql`select pg_advisory_xact_lock(hashtext('nianbao crawl ' || current_schema()))`.execute(tx);
    const running = await tx.selectFrom('runs').select('id').where('command', '=', 'crawl')
      .where('status', '=', 'running').orderBy('id', 'desc').executeTakeFirst();
    if (running && !opts.fresh) {
      await enqueueRequests(tx, seeds(sites)); // sites added since the run started
      return { runId: running.id, resumed: true };
    }
    if (running) await tx.updateTable('runs').set({ status: 'abandoned', finished_at: new Date() }).where('id', '=', running.id).execute();
    const ids = sites.map((s) => s.id);
    const run = await tx.insertInto('runs')
      .values({ command: 'crawl', summary: JSON.stringify({ sites: ids.length }) })
      .returning('id').executeTakeFirstOrThrow();
    if (ids.length) {
      await tx.updateTable('frontier')
        .set({ state: 'queued', attempts: 0, next_attempt_at: new Date(), lease_owner: null, lease_expires_at: null, updated_at: new Date() })
        .where('site_id', 'in', ids).where('state', 'in', ['done', 'failed', 'skipped', 'leased']).execute();
    }
    await enqueueRequests(tx, seeds(sites));
    return { runId: run.id, resumed: false };
  });
}

function seeds(sites: readonly Site[]) {
  return sites.flatMap((s) => s.lists.map((l) => ({
    url: fetchUrl(l) ?? l, siteId: s.id, kind: 'list', priority: 10, meta: { seed: true },
  })));
}

/**
 * Adds requests not yet known (by canonical key), keeping the URL as written
 * for fetching; returns how many were new. Like the store's `enqueue`, but the
 * dedupe key is the canonical form (`dir/` = `dir/index.html`, sorted params).
 */
export async function enqueueRequests(db: Kysely<Database>, reqs: readonly CrawlRequestInput[]): Promise<number> {
  if (reqs.length === 0) return 0;
  const byKey = new Map<string, CrawlRequestInput>();
  for (const r of reqs) {
    const key = requestKey({ url: canonicalUrl(r.url) ?? r.url, method: r.method, body: r.body });
    if (!byKey.has(key)) byKey.set(key, r);
  }
  // Sorted keys: batches written concurrently take the key index's locks in one order.
  const rows = [...byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, r]) => ({
    request_key: key,
    url: r.url, method: r.method ?? 'GET', body: r.body ?? null, site_id: r.siteId ?? null, kind: r.kind,
    depth: r.depth ?? 0, parent_url: r.parentUrl ?? null, meta: JSON.stringify(r.meta ?? {}),
    priority: r.priority ?? 0, next_attempt_at: new Date(),
  }));
  let added = 0;
  // A statement takes at most 65,535 parameters (11 a row).
  for (let i = 0; i < rows.length; i += 5000) {
    const res = await db.insertInto('frontier').values(rows.slice(i, i + 5000))
      .onConflict((oc) => oc.column('request_key').doNothing()).executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

/** Marks the run done when nothing of it is left anywhere (another worker may still hold rows). */
export async function finishRun(db: Kysely<Database>, runId: number, siteIds: readonly string[], summary: object): Promise<boolean> {
  if (await pendingRows(db, siteIds) > 0) return false;
  const res = await db.updateTable('runs')
    .set({ status: 'done', finished_at: new Date(), summary: JSON.stringify(summary) })
    .where('id', '=', runId).where('status', '=', 'running').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function pendingRows(db: Kysely<Database>, siteIds: readonly string[]): Promise<number> {
  if (siteIds.length === 0) return 0;
  const r = await db.selectFrom('frontier').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site_id', 'in', siteIds).where('state', 'in', ['queued', 'leased']).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** When the next queued row of these sites becomes due (retry backoff), or null if none is queued. */
export async function nextDue(db: Kysely<Database>, siteIds: readonly string[]): Promise<Date | null> {
  if (siteIds.length === 0) return null;
  const r = await db.selectFrom('frontier').select((eb) => eb.fn.min('next_attempt_at').as('t'))
    .where('site_id', 'in', siteIds).where('state', '=', 'queued').executeTakeFirst();
  return r?.t ? new Date(r.t as unknown as string) : null;
}

/** How long a silent worker still counts as alive. */
export const WORKER_TTL_MS = 10_000;

export async function registerWorker(db: Kysely<Database>, owner: string, runId: number): Promise<void> {
  await db.insertInto('crawl_workers').values({ owner, run_id: runId, heartbeat_at: new Date() })
    .onConflict((oc) => oc.column('owner').doUpdateSet({ heartbeat_at: new Date(), run_id: runId })).execute();
}

export async function heartbeatWorker(db: Kysely<Database>, owner: string): Promise<void> {
  await db.updateTable('crawl_workers').set({ heartbeat_at: new Date() }).where('owner', '=', owner).execute();
}

export async function unregisterWorker(db: Kysely<Database>, owner: string): Promise<void> {
  await db.deleteFrom('crawl_workers').where('owner', '=', owner).execute();
}

/** Live workers, sorted: a worker's index in this list picks its share of the sites. */
export async function liveWorkers(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('crawl_workers').select('owner')
    .where('heartbeat_at', '>', new Date(Date.now() - WORKER_TTL_MS)).orderBy('owner').execute();
  return rows.map((r) => r.owner);
}

/** A worker's share when several share the database: sites (sorted by id) whose position % count = index. */
export interface Partition { readonly index: number; readonly count: number }

export function shareOf<T>(sorted: readonly T[], p: Partition | undefined): T[] {
  return p && p.count > 1 ? sorted.filter((_s, i) => i % p.count === p.index) : [...sorted];
}

/**
 * Claims ready rows fairly: at most `perSite` per site, none for sites whose
 * local backlog is full, round-robin (every site's first row before any
 * site's second), so one big site cannot fill the batch while its leases tick
 * away behind its politeness interval, and no site starves behind the limit.
 *
 * A site is crawled by one worker at a time, so per-host politeness holds across
 * processes: never a site another worker holds a live lease on, and a site
 * changing hands waits until its last request is `handoverMs` old. This holds
 * whatever a worker believes about its partition (that view is refreshed only
 * now and then), and claims are serialised by an advisory lock: two concurrent
 * claim statements would each miss the other's uncommitted leases.
 */
export async function claimFair(db: Kysely<Database>, opts: {
  owner: string; siteIds: readonly string[]; exclude: readonly string[]; perSite: number; limit: number; leaseMs: number;
  /** How long a site's last request must be past before another worker may take the site over. */
  handoverMs: number;
}): Promise<FrontierRow[]> {
  const sites = opts.siteIds.filter((s) => !opts.exclude.includes(s));
  if (sites.length === 0 || opts.limit <= 0) return [];
  const ready = sql`((state = 'queued' and next_attempt_at <= now()) or (state = 'leased' and lease_expires_at < now()))`;
  const exclusive = sql`
      and site_id not in (select site_id from frontier where state = 'leased' and lease_owner <> ${opts.owner}
                           and lease_expires_at > now() and site_id is not null)
      and (site_id in (select site_id from frontier where state = 'leased' and lease_owner = ${opts.owner} and site_id is not null)
           or site_id not in (select site_id from frontier where last_fetched_at > now() - ${`${opts.handoverMs} milliseconds`}::interval
                               and site_id is not null))`;
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('nianbao claim ' || current_schema()))`.execute(tx);
    const res = await sql<FrontierRow>`
      with cand as (
        select id from (
          select id, row_number() over (partition by site_id order by priority desc, next_attempt_at, id) as rn
            from frontier where ${ready} and site_id in (${sql.join(sites)}) ${exclusive}
        ) x where rn <= ${opts.perSite} order by rn limit ${opts.limit})
      update frontier f
         set state = 'leased', lease_owner = ${opts.owner},
             lease_expires_at = now() + ${`${opts.leaseMs} milliseconds`}::interval, updated_at = now()
       where f.id in (select id from frontier where id in (select id from cand) and ${ready} for update skip locked)
      returning f.*`.execute(tx);
    return res.rows;
  });
}

/**
 * Extends the leases of rows this worker still holds. Rows are locked in id
 * order, as batched completions lock them, so the two cannot deadlock.
 */
export async function renewLeases(db: Kysely<Database>, owner: string, leaseMs: number): Promise<void> {
  await sql`update frontier set lease_expires_at = now() + ${`${leaseMs} milliseconds`}::interval
             where id in (select id from frontier where state = 'leased' and lease_owner = ${owner} order by id for update)`.execute(db);
}

/** Puts a leased row back until `at` without counting an attempt (the host's breaker is open). */
export async function postpone(db: Kysely<Database>, id: number, owner: string, at: Date, note: string): Promise<void> {
  await db.updateTable('frontier').set({ state: 'queued', lease_owner: null, lease_expires_at: null, next_attempt_at: at, last_error: note, updated_at: new Date() })
    .where('id', '=', id).where('lease_owner', '=', owner).execute();
}

/** Hands a leased row back untouched (stopping early): no attempt is counted. */
export async function releaseRow(db: Kysely<Database>, id: number, owner: string): Promise<void> {
  await db.updateTable('frontier').set({ state: 'queued', lease_owner: null, lease_expires_at: null, updated_at: new Date() })
    .where('id', '=', id).where('lease_owner', '=', owner).execute();
}
