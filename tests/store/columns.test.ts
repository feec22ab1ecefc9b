/** Found columns in the store: recorded with evidence, confirmed, and settled as missing or moved after a crawl. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { confirmColumns, listColumns, recordColumns, settleColumns, type ColumnRecord } from '../../src/store/columns.js';
import { upsertSites } from '../../src/crawl/sites.js';
import { SiteSchema } from '../../src/crawl/sites.js';

const col = (url: string, body: string, over: Partial<ColumnRecord> = {}): ColumnRecord => ({
  siteId: 'gov-1', url, canonicalUrl: url, source: 'finder', bodyName: body, bodySource: 'link', bodyKind: 'department', regionCode: '621124',
  level: '县', parentUrl: null, central: false, score: 100, reportItems: 2,
  evidence: [{ url: 'http://127.0.0.1/', text: '', role: 'root' }, { url, text: '年报', role: 'column' }], ...over,
});

describe.each(BACKENDS)('site columns on $name', (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
    await upsertSites(store.db, [SiteSchema.parse({ id: 'gov-1', base_url: 'http://127.0.0.1/', body: '临洮县人民政府' })]);
  });
  afterEach(async () => { await store.close(); });

  it('records a column once with its evidence, and refreshes it when seen again', async () => {
    const t0 = new Date(Date.now() - 60_000);
    await recordColumns(store.db, [col('http://127.0.0.1/bm/jyj/nb/', '临洮县教育局'), col('http://127.0.0.1/bm/jyj/nb/', '临洮县教育局')], t0);
    const t1 = new Date();
    await recordColumns(store.db, [col('http://127.0.0.1/bm/jyj/nb/', '临洮县教育局', { reportItems: 3 })], t1);
    const rows = await listColumns(store.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ body_name: '临洮县教育局', report_items: 3, status: 'active', source: 'finder' });
    expect(rows[0]!.evidence).toHaveLength(2);
    expect(rows[0]!.last_verified_at.getTime()).toBe(t1.getTime());
    expect(rows[0]!.found_at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('settles columns not seen in a finished crawl as missing, and as moved when their body was found elsewhere', async () => {
    const before = new Date(Date.now() - 3_600_000);
    await recordColumns(store.db, [col('http://127.0.0.1/bm/jyj/nb/', '临洮县教育局'), col('http://127.0.0.1/bm/czj/nb/', '临洮县财政局'),
      col('http://127.0.0.1/bm/mzj/nb/', '临洮县民政局')], before);
    const since = new Date(Date.now() - 1000);
    // This crawl saw 民政局 where it was, 教育局 at a new address, and not 财政局.
    await confirmColumns(store.db, 'gov-1', ['http://127.0.0.1/bm/mzj/nb/'], new Date());
    await recordColumns(store.db, [col('http://127.0.0.1/bm/jyj/ndbg/', '临洮县教育局')], new Date());
    expect(await settleColumns(store.db, ['gov-1'], since)).toEqual({ missing: 2, moved: 1 });
    const rows = await listColumns(store.db);
    const by = (u: string) => rows.find((r) => r.url === u)!;
    expect(by('http://127.0.0.1/bm/jyj/nb/')).toMatchObject({ status: 'moved', moved_to: by('http://127.0.0.1/bm/jyj/ndbg/').id });
    expect(by('http://127.0.0.1/bm/czj/nb/').status).toBe('missing');
    expect(by('http://127.0.0.1/bm/czj/nb/').missing_since).toBeInstanceOf(Date);
    expect(by('http://127.0.0.1/bm/mzj/nb/').status).toBe('active');
    // Seen again later: active once more.
    await confirmColumns(store.db, 'gov-1', ['http://127.0.0.1/bm/czj/nb/'], new Date());
    expect((await listColumns(store.db, { status: 'missing' })).map((r) => r.url)).toEqual([]);
  });
});
