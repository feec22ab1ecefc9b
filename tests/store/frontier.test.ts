import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, POSTGRES_URL } from '../helpers/stores.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { claim, complete, enqueue, fail, frontierCounts, retryLater } from '../../src/store/frontier.js';

const urls = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `http://c${i % 7}.test/p/${i}.html`, kind: 'detail' }));

describe.each(BACKENDS)('frontier on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  it('dedupes requests by method, URL and body', async () => {
    expect(await enqueue(store.db, urls(10))).toBe(10);
    expect(await enqueue(store.db, urls(12))).toBe(2);
    expect(await enqueue(store.db, [{ url: 'http://c0.test/p/0.html', kind: 'api', method: 'POST', body: 'startrecord=1' }])).toBe(1);
    expect(await enqueue(store.db, [{ url: 'http://c0.test/p/0.html', kind: 'api', method: 'POST', body: 'startrecord=1' }])).toBe(0);
  });

  it('leases rows, honours next_attempt_at and reclaims expired leases', async () => {
    await enqueue(store.db, urls(3));
    const a = await claim(store.db, { owner: 'A', limit: 2, leaseMs: 60_000 });
    expect(a).toHaveLength(2);
    const b = await claim(store.db, { owner: 'B', limit: 5, leaseMs: 1 });
    expect(b).toHaveLength(1);
    expect(new Set([...a, ...b].map((r) => r.id)).size).toBe(3);
    // B's lease expires: the row is claimable again, and B can no longer complete it.
    await new Promise((r) => setTimeout(r, 20));
    const c = await claim(store.db, { owner: 'C', limit: 5, leaseMs: 60_000 });
    expect(c.map((r) => r.id)).toEqual(b.map((r) => r.id));
    expect(await complete(store.db, b[0]!.id, 'B', 200)).toBe(false);
    expect(await complete(store.db, c[0]!.id, 'C', 200)).toBe(true);
    // A retry in the future is not claimable now; a failure is final.
    expect(await retryLater(store.db, a[0]!.id, 'A', new Date(Date.now() + 3_600_000), 'HTTP 503', 503)).toBe(true);
    expect(await fail(store.db, a[1]!.id, 'A', 'HTTP 404', 404)).toBe(true);
    expect(await claim(store.db, { owner: 'D', limit: 5, leaseMs: 60_000 })).toHaveLength(0);
    expect(await frontierCounts(store.db)).toEqual({ done: 1, queued: 1, failed: 1 });
  });
});

describe('frontier claims across connections (real PostgreSQL)', () => {
  it('never hands the same row to two workers claiming at once', async () => {
    const schema = `t_claim_${process.pid}_${Date.now()}`;
    const s1 = await openStore({ url: POSTGRES_URL, schema });
    const s2 = await openStore({ url: POSTGRES_URL, schema, migrate: false });
    try {
      await enqueue(s1.db, urls(400));
      const take = async (s: Store, owner: string) => {
        const got: number[] = [];
        for (;;) {
          // Several claims in flight per worker, on separate pooled connections.
          const batches = await Promise.all([1, 2, 3].map(() => claim(s.db, { owner, limit: 7, leaseMs: 60_000 })));
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
    } finally {
      await s2.close();
      await s1.db.schema.dropSchema(schema).cascade().execute();
      await s1.close();
    }
  });
});
