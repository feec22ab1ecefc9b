/** Planner statistics refreshed by the stages that fill tables (src/store/statistics.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { analyze, AnalyzeSchedule } from '../../src/store/statistics.js';
import { enqueue } from '../../src/store/frontier.js';
import { upsertSites } from '../../src/crawl/sites.js';

describe('AnalyzeSchedule', () => {
  it('is due at 1,000 rows, then each time the count has doubled', () => {
    const s = new AnalyzeSchedule();
    const marks = [0, 10, 999, 1000, 1001, 1999, 2000, 3000, 3999, 4000, 100_000, 128_000, 128_001, 256_000].filter((n) => s.due(n));
    expect(marks).toEqual([1000, 2000, 4000, 100_000, 128_000, 256_000]);
  });
});

describe.each(BACKENDS)('analyze on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  it("gives the planner a filled table's real size", async () => {
    await upsertSites(store.db, [{ id: 'c1', base_url: 'http://c1.test/', body: '甲县', lists: ['http://c1.test/p/'], hints: { list_style: 'auto' as const, needs_browser: false } }]);
    await enqueue(store.db, Array.from({ length: 1500 }, (_, i) => ({ url: `http://c1.test/p/${i}.html`, siteId: 'c1', kind: 'report' })));
    const tuples = async () => Number((await sql<{ n: number }>`select reltuples as n from pg_class
      where relname = 'frontier' and relnamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(store.db)).rows[0]!.n);
    expect(await tuples()).toBeLessThan(1500); // never analyzed (-1), or an older estimate
    await analyze(store.db, ['frontier', 'documents']);
    expect(await tuples()).toBe(1500);
  });
});
