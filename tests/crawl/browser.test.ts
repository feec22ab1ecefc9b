/**
 * Script-only list pages are rendered with Chromium (/usr/bin/chromium, never
 * downloaded). Missing Chromium fails this test: it is required, not optional.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend } from '../helpers/stores.js';
import { crawl } from '../../src/crawl/index.js';
import { CHROMIUM_PATH } from '../../src/crawl/fetch-browser.js';
import type { Site } from '../../src/crawl/sites.js';
import { startMiniSite, page, type MiniSite } from './mini-site.js';

const shell = (api: string) => `<!doctype html><html><head><meta charset="utf-8"><title>信息公开年报</title></head><body>
<ul id="list"></ul><script>
fetch('${api}').then(function (r) { return r.json(); }).then(function (d) {
  document.getElementById('list').innerHTML = d.rows.map(function (x) { return '<li><a href="' + x.href + '">' + x.name + '</a></li>'; }).join('');
});
</script></body></html>`;

const rows = (prefix: string) => ({ rows: [2021, 2022, 2023].map((y) => ({ href: `/${prefix}/nb${y}.html`, name: `某某乡${y}年政府信息公开工作年度报告` })) });

describe('script-driven lists with Chromium', () => {
  let site: MiniSite;
  beforeAll(async () => {
    expect(fs.existsSync(CHROMIUM_PATH), `Chromium is required at ${CHROMIUM_PATH} (apt-get install chromium)`).toBe(true);
    const routes: Record<string, { body: string; headers?: Record<string, string> }> = {
      '/robots.txt': { body: 'User-agent: *\nAllow: /\n', headers: { 'content-type': 'text/plain' } },
      // Paged API: the page's script loads only page 1; page 2 must come from the JSON's total.
      '/hinted/': { body: shell('/hinted/data?page=1') },
      '/hinted/data?page=1': { body: JSON.stringify({ total: 3, pageSize: 2, rows: rows('hinted').rows.slice(0, 2) }), headers: { 'content-type': 'application/json' } },
      '/hinted/data?page=2': { body: JSON.stringify({ total: 3, pageSize: 2, rows: rows('hinted').rows.slice(2) }), headers: { 'content-type': 'application/json' } },
      '/detected/': { body: shell('/detected/data') },
      '/detected/data': { body: JSON.stringify(rows('detected')), headers: { 'content-type': 'application/json' } },
    };
    for (const p of ['hinted', 'detected']) for (const y of [2021, 2022, 2023]) routes[`/${p}/nb${y}.html`] = { body: page(`某某乡${y}年政府信息公开工作年度报告`, '<p>正文</p>') };
    site = await startMiniSite(routes);
  });
  afterAll(() => site?.close());

  it('renders the list, follows its JSON API pages, finds its reports and keeps every browser request polite', async () => {
    const sites: Site[] = [
      { id: 'hinted', base_url: `${site.base}/`, body: '甲乡', lists: [`${site.base}/hinted/`], hints: { list_style: 'browser', needs_browser: true } },
      { id: 'detected', base_url: `${site.base}/`, body: '乙乡', lists: [`${site.base}/detected/`], hints: { list_style: 'auto', needs_browser: false } },
    ];
    const store = await pgliteBackend.open();
    try {
      const s = await crawl(store, { sites, minIntervalMs: 60, timeoutMs: 15_000, backoffBaseMs: 50 });
      const reports = (await store.db.selectFrom('documents').select('url').where('kind', '=', 'report').execute()).map((r) => r.url).sort();
      expect(reports).toEqual(['detected', 'hinted'].flatMap((p) => [2021, 2022, 2023].map((y) => `${site.base}/${p}/nb${y}.html`)));
      expect(s.failed).toBe(0);
      const t = site.requests.map((r) => r.time);
      for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(58);
      // The rendered list was stored, the JSON fetched by the page's own script.
      expect(site.requests.filter((r) => /\/data(\?|$)/.test(r.path)).map((r) => r.path).sort()).toEqual(['/detected/data', '/hinted/data?page=1', '/hinted/data?page=2']);
    } finally {
      await store.close();
    }
  }, 60_000);
});
