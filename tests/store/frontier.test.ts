/** The frontier's statements (what the crawler runs), on both databases. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, POSTGRES_URL } from '../helpers/stores.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import {
  claim, complete, completeMany, enqueue, fail, frontierCounts, nextDue, pendingBySite, pendingRows, releaseLeasesOf, renewLeases, reopenSites, retryLater,
  type ClaimOptions,
} from '../../src/store/frontier.js';
import { upsertSites } from '../../src/crawl/sites.js';
import { serveOrder } from '../../src/crawl/partition.js';
import { recheckAt } from '../../src/crawl/recheck.js';

/** `n` report requests spread over `sites` sites (site i%sites). */
const reqs = (n: number, sites = 7) => Array.from({ length: n }, (_, i) => ({ url: `http://c${i % sites}.test/p/${i}.html`, siteId: `c${i % sites}`, kind: 'report' }));
const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
const opts = (owner: string, o: Partial<ClaimOptions> = {}): ClaimOptions => ({ owner, siteIds: ids(7), perSite: 100, limit: 100, leaseMs: 60_000, handoverMs: 0, ...o });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Frontier rows name their site: register c0…c39. */
const withSites = async (s: Store) => {
  await upsertSites(s.db, ids(40).map((id) => ({ id, base_url: `http://${id}.test/`, body: `${id}县`, lists: [`http://${id}.test/p/`], hints: { list_style: 'auto' as const, needs_browser: false } })));
  return s;
};

describe.each(BACKENDS)('frontier on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await withSites(await backend.open()); });
  afterEach(async () => { await store.close(); });

  it('dedupes requests by method, canonical URL and body, keeping the URL as written', async () => {
    expect(await enqueue(store.db, reqs(10))).toBe(10);
    expect(await enqueue(store.db, reqs(12))).toBe(2);
    // One page, three spellings: index.html, a tracking parameter, parameters in another order.
    expect(await enqueue(store.db, [
      { url: 'http://c0.test/nb/index.html?b=2&a=1', kind: 'list', siteId: 'c0' },
      { url: 'http://C0.test/nb/?a=1&b=2&utm_source=wx', kind: 'list', siteId: 'c0' },
    ])).toBe(1);
    const row = await store.db.selectFrom('frontier').select(['url', 'request_key']).where('kind', '=', 'list').executeTakeFirstOrThrow();
    expect(row).toEqual({ url: 'http://c0.test/nb/index.html?b=2&a=1', request_key: 'GET http://c0.test/nb/?a=1&b=2' });
    const post = { url: 'http://c0.test/p/0.html', kind: 'list', method: 'POST' as const, body: 'startrecord=1' };
    expect(await enqueue(store.db, [post])).toBe(1);
    expect(await enqueue(store.db, [post, { ...post, body: 'startrecord=16' }])).toBe(1);
  });

  it('leases rows, honours next_attempt_at and reclaims expired leases', async () => {
    await enqueue(store.db, reqs(3, 3));
    const a = await claim(store.db, opts('A', { siteIds: ['c0', 'c1'] }));
    expect(a.map((r) => r.site_id).sort()).toEqual(['c0', 'c1']);
    const b = await claim(store.db, opts('B', { leaseMs: 1, siteIds: ids(3) }));
    expect(b.map((r) => r.site_id)).toEqual(['c2']);
    // B's lease expires: the row is claimable again, and B can no longer complete it.
    await wait(20);
    const c = await claim(store.db, opts('C', { siteIds: ids(3) }));
    expect(c.map((r) => r.id)).toEqual(b.map((r) => r.id));
    expect(await complete(store.db, b[0]!.id, 'B', 200)).toBe(false);
    expect(await complete(store.db, c[0]!.id, 'C', 200)).toBe(true);
    // A retry in the future is not claimable now; a failure is final.
    expect(await retryLater(store.db, a[0]!.id, 'A', new Date(Date.now() + 3_600_000), 'HTTP 503', 503)).toBe(true);
    expect(await fail(store.db, a[1]!.id, 'A', 'HTTP 404', 404)).toBe(true);
    expect(await claim(store.db, opts('D', { siteIds: ids(3) }))).toHaveLength(0);
    expect(await frontierCounts(store.db)).toEqual({ done: 1, queued: 1, failed: 1 });
    expect(await pendingRows(store.db, ids(3))).toBe(1);
    expect((await nextDue(store.db, ids(3)))!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    const retried = await store.db.selectFrom('frontier').select(['attempts', 'last_error', 'last_status']).where('id', '=', a[0]!.id).executeTakeFirstOrThrow();
    expect(retried).toEqual({ attempts: 1, last_error: 'HTTP 503', last_status: 503 });
  });

  it('claims round-robin across sites, at most perSite each, leaving out excluded sites', async () => {
    await enqueue(store.db, reqs(70));
    const rows = await claim(store.db, opts('A', { perSite: 3, limit: 12, exclude: ['c6'] }));
    const per = new Map<string, number>();
    for (const r of rows) per.set(r.site_id!, (per.get(r.site_id!) ?? 0) + 1);
    // 12 rows: every site's first and second row before any third; none of c6.
    expect([...per.values()]).toEqual([2, 2, 2, 2, 2, 2]);
    expect(per.has('c6')).toBe(false);
    expect((await pendingBySite(store.db, ids(7))).get('c0')).toBe(10);
  });

  it('gives the free slots to the sites with the most rows to do, still round-robin', async () => {
    // c0…c5 have 1…6 rows ready; a site is asked once per interval, so the longest backlogs start first.
    await enqueue(store.db, Array.from({ length: 6 }, (_, s) => Array.from({ length: s + 1 }, (_, k) =>
      ({ url: `http://c${s}.test/p/${k}.html`, siteId: `c${s}`, kind: 'report' }))).flat());
    const order = serveOrder(ids(7), await pendingBySite(store.db, ids(7)));
    expect(order).toEqual(['c5', 'c4', 'c3', 'c2', 'c1', 'c0', 'c6']);
    const first = await claim(store.db, opts('A', { siteIds: order, perSite: 1, limit: 3 }));
    expect(first.map((r) => r.site_id)).toEqual(['c5', 'c4', 'c3']);
    // Every site's first row before any site's second; within a round, sites in the order listed.
    const next = await claim(store.db, opts('B', { siteIds: ['c2', 'c1', 'c0'], perSite: 2, limit: 4 }));
    expect(next.map((r) => r.url)).toEqual(['http://c2.test/p/0.html', 'http://c1.test/p/0.html', 'http://c0.test/p/0.html', 'http://c2.test/p/1.html']);
  });

  it('gives a site to one worker at a time, and hands it over only after the quiet time', async () => {
    await enqueue(store.db, reqs(14));
    const a = await claim(store.db, opts('A', { siteIds: ['c0'], perSite: 1 }));
    expect(a).toHaveLength(1);
    // B may not take c0 while A holds a lease on it.
    expect(await claim(store.db, opts('B', { siteIds: ['c0'] }))).toEqual([]);
    // A completes it: c0 was fetched just now, so B waits out the handover time; A may go on.
    await complete(store.db, a[0]!.id, 'A', 200);
    expect(await claim(store.db, opts('B', { siteIds: ['c0'], handoverMs: 60_000 }))).toEqual([]);
    await wait(10);
    expect(await claim(store.db, opts('B', { siteIds: ['c0'], handoverMs: 1 }))).toHaveLength(1);
  });

  it('retries without using an attempt, renews and releases leases, re-opens sites for a new run', async () => {
    await enqueue(store.db, reqs(2, 2));
    const [r0, r1] = (await claim(store.db, opts('A', { siteIds: ids(2), leaseMs: 50 }))).sort((x, y) => x.site_id!.localeCompare(y.site_id!));
    expect(await retryLater(store.db, r0!.id, 'A', new Date(), null, null, false)).toBe(true);
    await renewLeases(store.db, 'A', 60_000);
    await wait(80);
    // The renewed lease still holds; the uncounted retry left no attempt and no error.
    expect(await claim(store.db, opts('B', { siteIds: ['c1'] }))).toEqual([]);
    const back = await store.db.selectFrom('frontier').select(['attempts', 'last_error', 'state']).where('id', '=', r0!.id).executeTakeFirstOrThrow();
    expect(back).toEqual({ attempts: 0, last_error: null, state: 'queued' });
    expect(await releaseLeasesOf(store.db, ['A'])).toBe(1);
    expect((await claim(store.db, opts('B', { siteIds: ['c1'] }))).map((r) => r.id)).toEqual([r1!.id]);
    await complete(store.db, r1!.id, 'B', 200);
    await reopenSites(store.db, ['c1']);
    expect(await frontierCounts(store.db)).toEqual({ queued: 2 });
  });
  it('rests a gone page until its re-check is due, keeps when it went, and makes it live again when it answers', async () => {
    await enqueue(store.db, reqs(3, 1));
    const [a, b, c] = await claim(store.db, opts('A', { siteIds: ['c0'] }));
    const day = 86_400_000;
    const t = (d: Date | string | null) => new Date(d!).getTime();
    // A 404, a soft 404 and a moved page, found gone five days ago (b) or now (a, c).
    const now = new Date();
    expect(await fail(store.db, a!.id, 'A', 'HTTP 404', 404, recheckAt(now, null))).toBe(true);
    await store.db.updateTable('frontier').set({ gone_since: new Date(t(now) - 5 * day) }).where('id', '=', b!.id).execute();
    expect(await completeMany(store.db, 'A', [
      { id: b!.id, status: 200, state: 'gone', note: 'soft 404', at: now, recheckAt: recheckAt(now, new Date(t(now) - 5 * day)) },
      { id: c!.id, status: 301, state: 'gone', note: 'HTTP 301 to …', at: now, recheckAt: recheckAt(now, null) },
    ])).toBe(2);
    const rows = new Map((await store.db.selectFrom('frontier').select(['id', 'state', 'gone_since', 'next_attempt_at']).execute()).map((r) => [r.id, r]));
    expect([...rows.values()].map((r) => r.state)).toEqual(['gone', 'gone', 'gone']);
    expect(Math.abs(t(rows.get(a!.id)!.gone_since) - t(now))).toBeLessThan(5000); // `fail` stamps its own time
    expect(t(rows.get(a!.id)!.next_attempt_at)).toBe(t(now) + 2 * day);
    expect(t(rows.get(b!.id)!.gone_since)).toBe(t(now) - 5 * day); // kept from the first time
    expect(t(rows.get(b!.id)!.next_attempt_at)).toBe(t(now) + 5 * day); // gone five days: asked again in five
    // A new run the next night leaves them resting; one whose re-check is due is asked again.
    await reopenSites(store.db, ['c0'], new Date(t(now) + day));
    expect(await frontierCounts(store.db)).toEqual({ gone: 3 });
    await reopenSites(store.db, ['c0'], new Date(t(now) + 2 * day));
    expect(await frontierCounts(store.db)).toEqual({ gone: 1, queued: 2 });
    await store.db.updateTable('frontier').set({ next_attempt_at: now }).where('state', '=', 'queued').execute();
    const back = await claim(store.db, opts('A', { siteIds: ['c0'] }));
    expect(back.map((r) => r.id).sort()).toEqual([a!.id, c!.id].sort());
    // The 404 answers again: live, re-checked every run; the moved one is still gone, and keeps when it went.
    await complete(store.db, a!.id, 'A', 200);
    expect(await fail(store.db, c!.id, 'A', 'HTTP 404', 404, recheckAt(new Date(), rows.get(c!.id)!.gone_since))).toBe(true);
    const one = (id: number) => store.db.selectFrom('frontier').select(['state', 'gone_since']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await one(a!.id)).toEqual({ state: 'done', gone_since: null });
    expect(await one(c!.id)).toMatchObject({ state: 'gone' });
    expect(t((await one(c!.id)).gone_since)).toBe(t(now));
    await reopenSites(store.db, ['c0']);
    expect(await frontierCounts(store.db)).toEqual({ gone: 2, queued: 1 });
  });

  it('renews only the leases that run out soon, and leaves the others as claimed', async () => {
    await enqueue(store.db, reqs(4, 4));
    const long = await claim(store.db, opts('A', { siteIds: ['c0', 'c1'], leaseMs: 60_000 }));
    const short = await claim(store.db, opts('A', { siteIds: ['c2', 'c3'], leaseMs: 5_000 }));
    expect([long.length, short.length]).toEqual([2, 2]);
    const expiries = async () => new Map((await store.db.selectFrom('frontier').select(['id', 'lease_expires_at']).execute())
      .map((r) => [r.id, new Date(r.lease_expires_at as unknown as string).getTime()]));
    const before = await expiries();
    // Due within 40 s: the two 5-second leases, renewed to a full minute; the others untouched.
    expect(await renewLeases(store.db, 'A', 60_000, 40_000)).toBe(2);
    const after = await expiries();
    for (const r of long) expect(after.get(r.id)).toBe(before.get(r.id));
    for (const r of short) expect(after.get(r.id)! - before.get(r.id)!).toBeGreaterThan(50_000);
    // Another worker's leases are never renewed.
    expect(await renewLeases(store.db, 'B', 60_000)).toBe(0);
  });
});

describe('frontier claims across connections (real PostgreSQL)', () => {
  it('never hands the same row to two workers claiming at once', async () => {
    const schema = `t_claim_${process.pid}_${Date.now()}`;
    const s1 = await withSites(await openStore({ url: POSTGRES_URL, schema }));
    const s2 = await openStore({ url: POSTGRES_URL, schema, migrate: false });
    try {
      await enqueue(s1.db, reqs(400, 40));
      const take = async (s: Store, owner: string) => {
        const got: number[] = [];
        for (;;) {
          // Several claims in flight per worker, on separate pooled connections.
          const batches = await Promise.all([1, 2, 3].map(() => claim(s.db, opts(owner, { siteIds: ids(40), perSite: 3, limit: 7 }))));
          const rows = batches.flat();
          if (rows.length === 0) return got;
          got.push(...rows.map((r) => r.id));
        }
      };
      const [x, y] = await Promise.all([take(s1, 'w1'), take(s2, 'w2')]);
      const all = [...x, ...y];
      expect(all).toHaveLength(400);
      expect(new Set(all).size).toBe(400);
      expect(x.length).toBeGreaterThan(0);
      expect(y.length).toBeGreaterThan(0);
      // Each site went to one worker only.
      const owners = await s1.db.selectFrom('frontier').select(['site_id', 'lease_owner']).distinct().execute();
      expect(new Set(owners.map((o) => o.site_id)).size).toBe(owners.length);
    } finally {
      await s2.close();
      await s1.db.schema.dropSchema(schema).cascade().execute();
      await s1.close();
    }
  });
});
