/**
 * Hanweb (大汉) columns: the first records embedded as CDATA, the rest from
 * `dataproxy.jsp` by POST (with X-Requested-With and a Referer), groups that
 * repeat one look-ahead record. Also: a dead host trips the circuit breaker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { pgliteBackend } from '../helpers/stores.js';
import { crawl } from '../../src/crawl/index.js';
import type { Site } from '../../src/crawl/sites.js';
import { startMiniSite, page, type MiniSite } from './mini-site.js';

const TOTAL = 11;
const rec = (i: number) => `<record><![CDATA[<li><a href="/art/2024/3/${i}/art_1229_${i}.html" title="某县第${i}局2023年政府信息公开工作年度报告" target="_blank">某县第${i}局…</a><span>2024-03-${i}</span></li>]]></record>`;
const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_v, k) => a + k);

describe('Hanweb dataproxy columns', () => {
  let site: MiniSite;
  beforeAll(async () => {
    const routes: Record<string, unknown> = {
      '/robots.txt': { body: 'User-agent: *\nAllow: /\n', headers: { 'content-type': 'text/plain' } },
      '/col/col1229/index.html': { body: page('年报', `<div id="4242"><script type="text/xml"><datastore>
        <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=1229&unitid=4242&webname=某县&permissiontype=0"></a>]]></nextgroup>
        <recordset>${range(1, 3).map(rec).join('')}</recordset></datastore></script>
        <script>$(function(){ $('#4242').jpage({ dataStore: dataStore, totalRecord: ${TOTAL}, perPage: 1, groupSize: 3, proxyUrl: '/module/web/jpage/dataproxy.jsp' }); });</script></div>`) },
      '/module/web/jpage/dataproxy.jsp': (req: IncomingMessage, body: string) => {
        const q = new URL(req.url!, 'http://x').searchParams;
        const form = new URLSearchParams(body);
        if (req.method !== 'POST' || req.headers['x-requested-with'] !== 'XMLHttpRequest' || form.get('columnid') !== '1229') return { status: 403, body: 'forbidden' };
        // One look-ahead record repeats across group boundaries.
        const ids = range(Number(q.get('startrecord')) - 1, Math.min(Number(q.get('endrecord')), TOTAL));
        return { headers: { 'content-type': 'text/xml; charset=utf-8' }, body: `<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>${TOTAL}</totalrecord><recordset>${ids.map(rec).join('')}</recordset></datastore>` };
      },
    };
    for (const i of range(1, TOTAL)) routes[`/art/2024/3/${i}/art_1229_${i}.html`] = { body: page(`某县第${i}局2023年政府信息公开工作年度报告`, '<p>正文</p>') };
    site = await startMiniSite(routes as never);
  });
  afterAll(() => site.close());

  it('finds every record across the POSTed groups', async () => {
    const sites: Site[] = [{ id: 'hw', base_url: `${site.base}/`, body: '某县人民政府', lists: [`${site.base}/col/col1229/index.html`], hints: { list_style: 'hanweb', needs_browser: false } }];
    const store = await pgliteBackend.open();
    try {
      const s = await crawl(store, { sites, minIntervalMs: 5, browser: false, backoffBaseMs: 10 });
      const failed = await store.db.selectFrom('frontier').select(['url', 'last_error', 'body']).where('state', '=', 'failed').execute();
      expect(failed).toEqual([]);
      expect(s.failed).toBe(0);
      const reports = await store.db.selectFrom('documents').select('url').where('kind', '=', 'report').execute();
      expect(reports.map((r) => r.url).sort()).toEqual(range(1, TOTAL).map((i) => `${site.base}/art/2024/3/${i}/art_1229_${i}.html`).sort());
      const posts = site.requests.filter((r) => r.method === 'POST');
      expect(posts.map((p) => p.path)).toHaveLength(3);
      for (const p of posts) expect(p.headers.referer).toBe(`${site.base}/col/col1229/index.html`);
      // Each POSTed group is stored as its own list document.
      const lists = await store.db.selectFrom('documents').select('url').where('kind', '=', 'list').execute();
      expect(lists).toHaveLength(4);
    } finally {
      await store.close();
    }
  });

  it('retries a page that times out, honouring robots Crawl-delay', async () => {
    let slow = 0;
    const s2 = await startMiniSite({
      '/robots.txt': { body: 'User-agent: *\nCrawl-delay: 0.15\n', headers: { 'content-type': 'text/plain' } },
      '/nb/': { body: page('年报', '<a href="t1.html">丙县2023年政府信息公开工作年度报告</a><a href="t2.html">丙县2022年政府信息公开工作年度报告</a>') },
      '/nb/t1.html': () => ({ body: page('丙县2023年政府信息公开工作年度报告', '<p>正文</p>'), delayMs: slow++ === 0 ? 1500 : 0 }),
      '/nb/t2.html': { body: page('丙县2022年政府信息公开工作年度报告', '<p>正文</p>') },
    });
    const sites: Site[] = [{ id: 'bing', base_url: `${s2.base}/`, body: '丙县', lists: [`${s2.base}/nb/`], hints: { list_style: 'auto', needs_browser: false } }];
    const store = await pgliteBackend.open();
    try {
      const s = await crawl(store, { sites, minIntervalMs: 10, timeoutMs: 500, browser: false, backoffBaseMs: 10 });
      expect(s).toMatchObject({ failed: 0, reports: 2, retries: 1 });
      const log = await store.db.selectFrom('fetch_log').select(['url', 'outcome']).where('outcome', '=', 'timeout').execute();
      expect(log.map((l) => l.url)).toEqual([`${s2.base}/nb/t1.html`]);
      const t = s2.requests.map((r) => r.time);
      for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(148);
    } finally {
      await store.close();
      await s2.close();
    }
  });

  it('opens the circuit breaker for a dead host instead of hammering it', async () => {
    const dead = await startMiniSite({ '/robots.txt': { status: 404, body: '' } });
    const base = dead.base;
    // Pages answer 502; robots.txt is missing (404), so the host may be crawled at all.
    dead.routes = new Proxy({}, { get: (_t, path) => (path === '/robots.txt' ? { status: 404, body: '' } : { status: 502, body: 'bad gateway' }) }) as never;
    const sites: Site[] = [{ id: 'dead', base_url: `${base}/`, body: '某乡', lists: [`${base}/a/`, `${base}/b/`, `${base}/c/`], hints: { list_style: 'auto', needs_browser: false } }];
    const store = await pgliteBackend.open();
    try {
      const s = await crawl(store, { sites, minIntervalMs: 1, browser: false, backoffBaseMs: 5, backoffMaxMs: 20, maxAttempts: 3, breakerThreshold: 3, breakerCooldownMs: 400 });
      expect(s.failed).toBe(3);
      expect(s.errorsBySite).toEqual({ dead: 3 });
      const times = dead.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.time);
      // 9 attempts in all; after 3 straight failures the host rests for the cooldown.
      expect(times).toHaveLength(9);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(Math.max(...gaps)).toBeGreaterThanOrEqual(390);
    } finally {
      await store.close();
      await dead.close();
    }
  });
});
