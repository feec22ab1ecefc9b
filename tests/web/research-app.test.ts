/**
 * The researcher pages through the app itself (no browser), on both backends:
 * downloads of every list with its filters, the SQL page's guards, coverage,
 * and facets and paging on the flags list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import type { Hono } from 'hono';
import { BACKENDS } from '../helpers/stores.js';
import { parseCsvObjects } from '../helpers/csv.js';
import { BODIES, loadResearchFixture, reportKey, type LoadedFixture } from '../helpers/research-fixture.js';
import { createApp } from '../../src/web/app.js';
import type { Store } from '../../src/store/open-store.js';

describe.each(BACKENDS)('researcher pages on $name', (backend) => {
  let store: Store;
  let app: Hono;
  let fx: LoadedFixture;
  const get = async (path: string) => {
    const res = await app.request(path);
    return { res, text: await res.text() };
  };
  beforeAll(async () => {
    store = await backend.open();
    fx = await loadResearchFixture(store.db);
    app = createApp(store.db, { publicRead: true, raw: store.raw, writable: false });
  });
  afterAll(async () => { await store.close(); });

  it('downloads search results, a body\'s years and a report\'s cells as CSV and JSON', async () => {
    const bodies = parseCsvObjects((await get(`/search?q=${encodeURIComponent('杭州')}&format=csv`)).text);
    expect(bodies.map((b) => b.name)).toEqual(expect.arrayContaining([BODIES.xihu.name, BODIES.hangzhou.name]));
    const report = fx.reports.get(reportKey('hezuo', 2023))!;
    const { res, text } = await get(`/report/${report}?format=json`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="report-${report}.json"`);
    const cells = JSON.parse(text) as { key: string; value: number | null }[];
    expect(cells.find((c) => c.key === 'applications.granted.total')?.value).toBe(6);
    const years = parseCsvObjects((await get(`/body/${fx.bodies.get('hezuo')}?format=csv`)).text);
    expect(years.map((y) => y.year)).toEqual(['2020', '2022', '2023']);
  });

  it('lists flags with facets and downloads exactly the filtered list', async () => {
    const page = cheerio.load((await get('/flags?level=%E5%8E%BF')).text);
    const level = page('.facet[data-facet="level"] li').map((_, li) => page(li).text().trim()).get();
    expect(level[0]).toMatch(/^县 \d+$/);
    const count = page('#flag-count').text().trim();
    const shown = Number((/of (\d+)/.exec(count) ?? /^(\d+)/.exec(count))![1]);
    const csv = parseCsvObjects((await get('/flags?level=%E5%8E%BF&format=csv')).text);
    expect(csv).toHaveLength(shown);
    expect(csv.every((r) => r.level === '县')).toBe(true);
    const bad = await get('/flags?rule=nosuchrule');
    expect(bad.res.status).toBe(400);
    expect(bad.text).toContain('unknown rule');
  });

  it('runs read-only SQL, keeps every column, refuses writes, and downloads the result', async () => {
    const ok = cheerio.load((await get(`/sql?sql=${encodeURIComponent('select 1 as a, 2 as a')}`)).text);
    expect(ok('#sql-result th').map((_, th) => ok(th).text()).get()).toEqual(['a', 'a_2']);
    const del = await get(`/sql?sql=${encodeURIComponent('DELETE FROM flags')}`);
    expect(del.res.status).toBe(400);
    expect(del.text).toContain('read-only transaction');
    const n = Number((await store.db.selectFrom('flags').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(n).toBeGreaterThan(0);
    const json = JSON.parse((await get(`/sql?sql=${encodeURIComponent('select count(*) as n from flags')}&format=json`)).text);
    expect(json).toEqual([{ n }]);
  });

  it('gives coverage per province and year against the registry', async () => {
    const rows = parseCsvObjects((await get('/coverage?format=csv')).text);
    const zj2023 = rows.find((r) => r.province === '33' && r.year === '2023')!;
    // Six 浙江 sites in the registry (西湖区's 教育局 publishes on its government's site).
    expect(zj2023).toMatchObject({ province_name: '浙江省', sites_expected: '6' });
    expect(Number(zj2023.governments_reporting)).toBeLessThanOrEqual(6);
    expect(Number(zj2023.governments_reporting)).toBeGreaterThan(0);
    expect(Number(zj2023.reports_found)).toBeGreaterThanOrEqual(Number(zj2023.governments_reporting));
  });
});
