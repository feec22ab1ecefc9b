/**
 * The crawl queue in the database: every statement the crawler runs on the
 * `frontier` table. Workers (processes or machines) claim rows under a lease;
 * a lease that expires (its worker died) makes the row claimable again, so a
 * kill -9 loses nothing. A request's identity is its method, canonical URL
 * (src/crawl/url.ts: `dir/` = `dir/index.html`, sorted params) and, for POSTs,
 * a digest of its body.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, FrontierTable } from './schema.js';
import { canonicalUrl } from '../crawl/url.js';
import { jsonParam } from './json-param.js';

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
  return `${method} ${canonicalUrl(r.url) ?? r.url}${body}`;
}

const interval = (ms: number) => sql`${`${ms} milliseconds`}::interval`;

/**
 * Adds requests not yet known (by `requestKey`), keeping the URL as written for
 * fetching; returns how many were new.
 */
export async function enqueue(db: Kysely<Database>, reqs: readonly CrawlRequestInput[]): Promise<number> {
  if (reqs.length === 0) return 0;
  const byKey = new Map<string, CrawlRequestInput>();
  for (const r of reqs) {
    const key = requestKey(r);
    if (!byKey.has(key)) byKey.set(key, r);
  }
  // Sorted keys: batches written concurrently take the key index's locks in one order.
  const rows = [...byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, r]) => ({
    request_key: key,
    url: r.url, method: r.method ?? 'GET', body: r.body ?? null, site_id: r.siteId ?? null, kind: r.kind,
    depth: r.depth ?? 0, parent_url: r.parentUrl ?? null, meta: jsonParam(r.meta ?? {}),
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

/** Whether the frontier holds a GET request for this URL, in any state (one index probe). */
export async function hasRequest(db: Kysely<Database>, url: string): Promise<boolean> {
  const row = await db.selectFrom('frontier').select('id').where('request_key', '=', requestKey({ url })).limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface ClaimOptions {
  readonly owner: string;
  /** Only rows of these sites, in the order their free slots are given (see `claim`). */
  readonly siteIds: readonly string[];
  /** Sites to leave out this time (their local backlog is full). */
  readonly exclude?: readonly string[];
  /** Rows per site at most. */
  readonly perSite: number;
  readonly limit: number;
  readonly leaseMs: number;
  /** How long a site's last request must be past before another worker may take the site over. */
  readonly handoverMs: number;
}

/**
 * Leases ready rows fairly: at most `perSite` per site, round-robin (every site's first row
 * before any site's second), so one big site cannot fill the batch while its leases tick
 * away behind its politeness interval, and no site starves behind the limit. Among sites,
 * the free slots go in the order `siteIds` lists them: the crawler lists the sites with the
 * most rows to do first (`serveOrder`), since a site can be asked only once per interval and
 * big sites started late set the crawl's end (at 3,000 portals, taken in arbitrary order,
 * the last fifth of the requests took half the crawl).
 *
 * The statement reads each listed site's few next rows by index, not the frontier: ranking
 * every ready row of every site took 530–650 ms at 190,000 rows (3,000 portals, halfway;
 * 55–85 ms this way), and the crawler claims several times a second. Leases that ran out
 * (their worker died or stalled) go back to the queue first, and are claimed as any queued row.
 *
 * A site is crawled by one worker at a time, so per-host politeness holds across
 * processes: never a site another worker holds a live lease on, and a site changing hands
 * waits until its last request is `handoverMs` old. Claims are serialised by an advisory
 * lock: two concurrent claim statements would each miss the other's uncommitted leases.
 */
export async function claim(db: Kysely<Database>, opts: ClaimOptions): Promise<FrontierRow[]> {
  const skip = new Set(opts.exclude ?? []);
  const sites = opts.siteIds.filter((s) => !skip.has(s));
  if (sites.length === 0 || opts.limit <= 0) return [];
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('nianbao claim ' || current_schema()))`.execute(tx);
    await sql`update frontier set state = 'queued', lease_owner = null, lease_expires_at = null, updated_at = now()
               where state = 'leased' and lease_expires_at < now()`.execute(tx);
    const res = await sql<FrontierRow>`
      with listed as (select site_id, ord from unnest(${sites}::text[]) with ordinality as l(site_id, ord)),
      -- Not a site another worker holds, nor one fetched within the handover time unless this worker holds it.
      open as (
        select site_id, ord from listed l
         where not exists (select 1 from frontier t where t.site_id = l.site_id and t.state = 'leased' and t.lease_owner <> ${opts.owner})
           and l.site_id not in (
             select r.site_id from frontier r
              where r.last_fetched_at > now() - ${interval(opts.handoverMs)} and r.site_id is not null
                and not exists (select 1 from frontier m where m.site_id = r.site_id and m.state = 'leased' and m.lease_owner = ${opts.owner}))),
      cand as (
        select n.id, row_number() over (order by n.rn, o.ord, n.id) as pos
          from open o cross join lateral (
            select f.id, row_number() over (order by f.priority desc, f.next_attempt_at, f.id) as rn
              from frontier f
             where f.site_id = o.site_id and f.state = 'queued' and f.next_attempt_at <= now()
             order by f.priority desc, f.next_attempt_at, f.id limit ${opts.perSite}) n
         order by n.rn, o.ord, n.id limit ${opts.limit}),
      leased as (
        update frontier f
           set state = 'leased', lease_owner = ${opts.owner}, lease_expires_at = now() + ${interval(opts.leaseMs)}, updated_at = now()
         where f.id in (select id from frontier where id in (select id from cand) and state = 'queued' for update skip locked)
        returning f.*)
      select leased.* from leased join cand using (id) order by cand.pos`.execute(tx);
    return res.rows;
  });
}

/**
 * Extends the leases of rows this worker still holds that expire within `dueWithinMs`
 * (default: all of them); returns how many. A crawl holds thousands of rows leased ahead
 * (a second of work for each of 3,000 sites), nearly all fetched long before their lease
 * runs out: renewing only those near expiry spares rewriting every one of them on each
 * heartbeat. Rows are locked in id order, as batched completions lock them, so the two
 * cannot deadlock.
 */
export async function renewLeases(db: Kysely<Database>, owner: string, leaseMs: number, dueWithinMs = leaseMs): Promise<number> {
  const res = await sql`update frontier set lease_expires_at = now() + ${interval(leaseMs)}
             where id in (select id from frontier where state = 'leased' and lease_owner = ${owner}
                             and lease_expires_at < now() + ${interval(dueWithinMs)} order by id for update)`.execute(db);
  return Number(res.numAffectedRows ?? 0n);
}

export interface Completion {
  readonly id: number;
  readonly status: number | null;
  readonly state?: 'done' | 'skipped' | 'gone';
  readonly note?: string | null;
  /** When the row was fetched (the batch may be written a little later). */
  readonly at: Date;
  /** A gone row: when to ask again. */
  readonly recheckAt?: Date;
}

/** Marks leased rows done (or skipped) in one statement; rows whose lease was lost are left alone. Returns how many were marked. */
export async function completeMany(db: Kysely<Database>, owner: string, rows: readonly Completion[]): Promise<number> {
  if (rows.length === 0) return 0;
  // Sorted ids: concurrent batches lock rows in one order.
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const values = sql.join(sorted.map((r) => sql`(${r.id}::bigint, ${r.state ?? 'done'}::text, ${r.status}::integer, ${r.note ?? null}::text, ${r.at}::timestamptz, ${r.recheckAt ?? null}::timestamptz)`));
  // A gone row keeps the time it was first found gone; a row that answered is live again.
  const res = await sql`
    update frontier f
       set state = v.state, lease_owner = null, lease_expires_at = null, last_status = v.status, last_error = v.note,
           last_fetched_at = v.at, updated_at = now(),
           gone_since = case when v.state = 'gone' then coalesce(f.gone_since, v.at) end,
           next_attempt_at = coalesce(v.recheck, f.next_attempt_at)
      from (values ${values}) as v(id, state, status, note, at, recheck)
     where f.id = v.id and f.lease_owner = ${owner}`.execute(db);
  return Number(res.numAffectedRows ?? 0n);
}

/** `completeMany` for one row. */
export async function complete(
  db: Kysely<Database>, id: number, owner: string, status: number | null, state: 'done' | 'skipped' = 'done', note: string | null = null,
): Promise<boolean> {
  return (await completeMany(db, owner, [{ id, status, state, note, at: new Date() }])) === 1;
}

/**
 * Puts a leased row back for another attempt at `at` (the retry policy decides
 * when). A counted attempt reached the host: it counts as the site's last fetch
 * for handing the site to another worker (see `claim`). An uncounted one (an
 * open breaker, a stopping crawl) did not.
 */
export async function retryLater(
  db: Kysely<Database>, id: number, owner: string, at: Date, error: string | null, status: number | null = null, counted = true,
): Promise<boolean> {
  const res = await db.updateTable('frontier')
    .set((eb) => ({
      state: 'queued', lease_owner: null, lease_expires_at: null, next_attempt_at: at, updated_at: new Date(),
      ...(error !== null ? { last_error: error } : {}),
      ...(counted ? { attempts: eb('attempts', '+', 1), last_status: status, last_fetched_at: new Date() } : {}),
    }))
    .where('id', '=', id).where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Gives up on a leased row; with `recheckAt` the page is gone and rests until then (see `reopenSites`). */
export async function fail(db: Kysely<Database>, id: number, owner: string, error: string, status: number | null = null, recheckAt?: Date): Promise<boolean> {
  const now = new Date();
  const res = await db.updateTable('frontier')
    .set((eb) => ({
      state: recheckAt ? 'gone' : 'failed', lease_owner: null, lease_expires_at: null, attempts: eb('attempts', '+', 1),
      last_error: error, last_status: status, last_fetched_at: now, updated_at: now,
      ...(recheckAt ? { gone_since: eb.fn.coalesce('gone_since', eb.val(now)), next_attempt_at: recheckAt } : {}),
    }))
    .where('id', '=', id).where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Leases held by these (dead) owners become claimable at once; returns how many. */
export async function releaseLeasesOf(db: Kysely<Database>, owners: readonly string[]): Promise<number> {
  if (owners.length === 0) return 0;
  const res = await db.updateTable('frontier')
    .set({ state: 'queued', lease_owner: null, lease_expires_at: null, updated_at: new Date() })
    .where('state', '=', 'leased').where('lease_owner', 'in', owners).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Owners holding leases whose name starts with `prefix` (this machine's workers). */
export async function leaseOwners(db: Kysely<Database>, prefix: string): Promise<string[]> {
  const rows = await db.selectFrom('frontier').select('lease_owner').distinct()
    .where('state', '=', 'leased').where('lease_owner', 'like', `${prefix}%`).execute();
  return rows.map((r) => r.lease_owner!);
}

/**
 * Re-opens the rows of these sites for a new run (each is re-checked, conditionally); a gone
 * row only once its re-check is due by `goneDueBy` (default: now).
 */
export async function reopenSites(db: Kysely<Database>, siteIds: readonly string[], goneDueBy = new Date()): Promise<void> {
  if (siteIds.length === 0) return;
  await db.updateTable('frontier')
    .set({ state: 'queued', attempts: 0, next_attempt_at: new Date(), lease_owner: null, lease_expires_at: null, updated_at: new Date() })
    .where('site_id', 'in', siteIds)
    .where((eb) => eb.or([eb('state', 'in', ['done', 'failed', 'skipped', 'leased']), eb.and([eb('state', '=', 'gone'), eb('next_attempt_at', '<=', goneDueBy)])]))
    .execute();
}

/** Rows of these sites still to do (queued or leased by anyone). */
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

/** Rows still to do per site, for progress. */
export async function pendingBySite(db: Kysely<Database>, siteIds: readonly string[]): Promise<Map<string, number>> {
  if (siteIds.length === 0) return new Map();
  const rows = await db.selectFrom('frontier').select(['site_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', 'in', ['queued', 'leased']).where('site_id', 'in', siteIds).groupBy('site_id').execute();
  return new Map(rows.map((r) => [r.site_id ?? '?', Number(r.n)]));
}

/** Counts of rows per state, for `db status`. */
export async function frontierCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('frontier').select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state').execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
