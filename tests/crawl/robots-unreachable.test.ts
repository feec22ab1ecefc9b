/**
 * robots.txt that cannot be read (5xx, reset) means "not now" (RFC 9309): the
 * crawler fetches no page of the host until it has read the file, then obeys
 * its Crawl-delay; a host whose robots.txt stays down is given up on, named.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteBackend } from '../helpers/stores.js';
import { crawl } from '../../src/crawl/index.js';
import type { Site } from '../../src/crawl/sites.js';
import { startMiniSite, page, type MiniSite } from './mini-site.js';

const REPORTS = ['t1', 't2', 't3'];
const opened: MiniSite[] = [];
afterAll(() => Promise.all(opened.map((s) => s.close())));

async function siteWith(robots: () => { status: number; body: string }) {
  const routes: Record<string, unknown> = {
    '/robots.txt': () => ({ ...robots(), headers: { 'content-type': 'text/plain' } }),
    '/nb/': { body: page('年报', REPORTS.map((t, i) => `<a href="${t}.html">丁县${2021 + i}年政府信息公开工作年度报告</a>`).join('')) },
  };
  REPORTS.forEach((t, i) => { routes[`/nb/${t}.html`] = { body: page(`丁县${2021 + i}年政府信息公开工作年度报告`, '<p>正文</p>') }; });
  const s = await startMiniSite(routes as never);
  opened.push(s);
  const sites: Site[] = [{ id: 'ding', base_url: `${s.base}/`, body: '丁县', lists: [`${s.base}/nb/`], hints: { list_style: 'auto', needs_browser: false } }];
  return { s, sites };
}

describe('unreachable robots.txt', () => {
  it('waits for robots.txt before any page, then honours its Crawl-delay', async () => {
    let asked = 0;
    const { s, sites } = await siteWith(() => (++asked <= 2 ? { status: 503, body: 'busy' } : { status: 200, body: 'User-agent: *\nCrawl-delay: 0.3\n' }));
    const store = await pgliteBackend.open();
    try {
      const r = await crawl(store, { sites, minIntervalMs: 10, browser: false, backoffBaseMs: 50, backoffMaxMs: 200 });
      expect(r).toMatchObject({ failed: 0, reports: 3, finished: true });
      const paths = s.requests.map((q) => `${q.path} ${q.status}`);
      expect(paths.slice(0, 3)).toEqual(['/robots.txt 503', '/robots.txt 503', '/robots.txt 200']);
      const pages = s.requests.filter((q) => q.path !== '/robots.txt');
      expect(pages).toHaveLength(1 + REPORTS.length);
      const t = s.requests.slice(2).map((q) => q.time);
      for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(298);
    } finally {
      await store.close();
    }
  });

  it('gives up on a host whose robots.txt never answers, saying why', async () => {
    const { s, sites } = await siteWith(() => ({ status: 500, body: 'error' }));
    const store = await pgliteBackend.open();
    try {
      const r = await crawl(store, { sites, minIntervalMs: 10, browser: false, backoffBaseMs: 20, backoffMaxMs: 50, maxAttempts: 3 });
      expect(r).toMatchObject({ failed: 1, reports: 0, finished: true });
      expect(s.requests.every((q) => q.path === '/robots.txt')).toBe(true);
      const failed = await store.db.selectFrom('frontier').select(['url', 'last_error']).where('state', '=', 'failed').execute();
      expect(failed).toEqual([{ url: `${s.base}/nb/`, last_error: `robots.txt of ${s.host} unreachable` }]);
    } finally {
      await store.close();
    }
  });
});
