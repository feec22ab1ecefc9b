/** End-to-end crawls of a small node:http county site, on both store backends. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { BACKENDS } from '../helpers/stores.js';
import { crawl } from '../../src/crawl/index.js';
import type { Site } from '../../src/crawl/sites.js';
import { startMiniSite, page, type MiniSite, type MiniReply } from './mini-site.js';
import { documentVersions } from '../../src/store/documents.js';

const NB = '/xxgk/zfxxgknb/';
const li = (href: string, title: string) => `<li><a href="${href}" title="${title}">${title}</a><span>2024-01-15</span></li>`;

function routes(edited = false): Record<string, MiniReply | ((req: import('node:http').IncomingMessage) => MiniReply)> {
  let flaky503 = 0;
  let truncated = 0;
  return {
    '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /private/\n' },
    [NB]: { body: page('政府信息公开年报', `<ul>
      ${li('./202401/t20240115_1.html', '某某县人民政府2023年政府信息公开工作年度报告')}
      ${li('./202401/t20240110_9.html', '关于报送2023年度政府信息公开工作年度报告的通知')}
      ${li('/private/t1.html', '某某县财政局2023年政府信息公开工作年度报告')}
      ${li('./202401/t20240112_5.html', '某某县教育局2023年政府信息公开工作年度报告')}
      </ul><script>createPageHTML(3, 0, "index", "html");</script>`) },
    [`${NB}index_1.html`]: { body: page('政府信息公开年报', `<ul>
      ${li('./202301/t20230120_2.html', '某某县人民政府2022年政府信息公开工作年度报告')}
      ${li('./202301/t20230121_3.html', '某某县卫健委2022年政府信息公开工作年度报告')}
      ${li('./202301/t20230122_4.html', '某某县水利局2022年政府信息公开工作年度报告')}
      </ul><script>createPageHTML(3, 1, "index", "html");</script>`) },
    [`${NB}index_2.html`]: { body: page('政府信息公开年报', `<ul>
      ${li('./202201/t20220120_6.html', '某某县人民政府2021年政府信息公开工作年度报告')}
      ${li('./202201/t20220120_7.html', '某某县民政局2021年政府信息公开工作年度报告')}
      ${li('./202201/t20220120_8.html', '某某县司法局2021年政府信息公开工作年度报告')}
      </ul><script>createPageHTML(3, 2, "index", "html");</script>`) },
    [`${NB}202401/t20240115_1.html`]: { body: page('某某县人民政府2023年政府信息公开工作年度报告', '<p>一、总体情况</p><a href="/uploads/2023nb.pdf">附件：2023年年报.pdf</a>') },
    '/uploads/2023nb.pdf': { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4 fake' },
    [`${NB}202401/t20240112_5.html`]: () => (truncated++ === 0
      ? { body: page('某某县教育局2023年政府信息公开工作年度报告', '<p>一、总体情况 '.padEnd(400, '。') + '</p>'), destroyAfter: 60 }
      : { body: page('某某县教育局2023年政府信息公开工作年度报告', '<p>一、总体情况 '.padEnd(400, '。') + '</p>') }),
    [`${NB}202301/t20230120_2.html`]: { body: page('某某县人民政府2022年政府信息公开工作年度报告', edited ? '<p>收到申请 12 件（更正）</p>' : '<p>收到申请 10 件</p>') },
    [`${NB}202301/t20230121_3.html`]: {
      headers: { 'content-type': 'text/html' },
      body: iconv.encode('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>某某县卫健委2022年政府信息公开工作年度报告</title></head><body><p>本年度新收政府信息公开申请</p></body></html>', 'gbk'),
    },
    [`${NB}202301/t20230122_4.html`]: (req) => (/__jsl_clearance_s=abc123/.test(req.headers.cookie ?? '')
      ? { body: page('某某县水利局2022年政府信息公开工作年度报告', '<p>正文</p>') }
      : { status: 521, body: "<script>document.cookie=('__jsl_clearance_s=')+('abc')+'123'+';max-age=3600;path=/';location.href=location.pathname</script>" }),
    [`${NB}202201/t20220120_6.html`]: () => (flaky503++ === 0
      ? { status: 503, headers: { 'retry-after': '1' }, body: 'busy' }
      : { body: page('某某县人民政府2021年政府信息公开工作年度报告', '<p>正文</p>') }),
    [`${NB}202201/t20220120_7.html`]: { body: page('页面不存在', '<p>对不起，您访问的页面不存在</p>') },
    [`${NB}202201/t20220120_8.html`]: { body: page('某某县司法局2021年政府信息公开工作年度报告', '<p>正文</p>') },
  };
}

const REPORTS = ['202401/t20240115_1.html', '202401/t20240112_5.html', '202301/t20230120_2.html', '202301/t20230121_3.html',
  '202301/t20230122_4.html', '202201/t20220120_6.html', '202201/t20220120_8.html'];

const opts = { minIntervalMs: 40, backoffBaseMs: 30, timeoutMs: 3000, browser: false as const, leaseMs: 10_000 };

for (const backend of BACKENDS) {
  describe(`crawl a TRS-style county site (${backend.name})`, () => {
    let site: MiniSite;
    let sites: Site[];
    beforeAll(async () => {
      site = await startMiniSite(routes());
      sites = [{ id: 'mini', base_url: `${site.base}/`, body: '某某县人民政府', region_code: '110101', region_name: '某某县', level: '县',
        lists: [`${site.base}${NB}index.html`], hints: { list_style: 'trs', needs_browser: false } }];
    });
    afterAll(() => site.close());

    it('finds every report, survives the faults, stores nothing else as a report, and stays polite', async () => {
      const store = await backend.open();
      try {
        const s = await crawl(store, { ...opts, sites });
        const docs = await store.db.selectFrom('documents').selectAll().orderBy('url').execute();
        const reports = docs.filter((d) => d.kind === 'report').map((d) => d.url).sort();
        expect(reports).toEqual(REPORTS.map((r) => `${site.base}${NB}${r}`).sort());
        const att = docs.find((d) => d.kind === 'attachment')!;
        expect(att.url).toBe(`${site.base}/uploads/2023nb.pdf`);
        expect(docs.find((d) => d.id === att.parent_id)?.url).toBe(`${site.base}${NB}202401/t20240115_1.html`);
        expect(docs.filter((d) => d.kind === 'list')).toHaveLength(3);
        const gbk = docs.find((d) => d.url.endsWith('t20230121_3.html'))!;
        expect(gbk.charset).toBe('gb18030');
        expect(gbk.title).toBe('某某县卫健委2022年政府信息公开工作年度报告');
        // Notices and robots-disallowed pages were never requested.
        expect(site.requests.some((r) => r.path.includes('t20240110_9') || r.path.startsWith('/private/'))).toBe(false);
        const outcomes = (await store.db.selectFrom('fetch_log').select(['outcome', 'url']).execute()).map((r) => r.outcome);
        for (const o of ['soft404', 'challenge-solved', 'retry-after', 'truncated', 'robots-disallowed', 'ok']) expect(outcomes).toContain(o);
        expect(s).toMatchObject({ sites: 1, newDocuments: 11, failed: 0, soft404: 1, robotsDisallowed: 1, finished: true, errorsBySite: {} });
        // Politeness: one request at a time, starts at least the interval apart, Retry-After respected.
        const times = site.requests.map((r) => r.time);
        for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(opts.minIntervalMs - 2);
        const i503 = site.requests.findIndex((r) => r.status === 503);
        const retry = site.requests.findIndex((r, i) => i > i503 && r.path === site.requests[i503]!.path);
        expect(site.requests[retry]!.time - site.requests[i503]!.time).toBeGreaterThanOrEqual(990);

        // Second run: only conditional requests; an edited report gets version 2 with first_seen_at kept.
        site.routes = routes(true);
        const before = site.requests.length;
        const s2 = await crawl(store, { ...opts, sites });
        const again = site.requests.slice(before).filter((r) => r.path !== '/robots.txt');
        expect(again.every((r) => r.method !== 'GET' || r.headers['if-none-match'] !== undefined || r.status !== 200 || r.path.endsWith('t20230122_4.html') || r.path.endsWith('t20220120_7.html'))).toBe(true);
        expect(s2.newVersions).toBe(1);
        expect(s2.newDocuments).toBe(0);
        expect(s2.notModified).toBeGreaterThanOrEqual(9);
        const versions = await documentVersions(store.db, `${site.base}${NB}202301/t20230120_2.html`);
        expect(versions.map((v) => v.version)).toEqual([1, 2]);
        expect(versions[1]!.first_seen_at.getTime()).toBe(versions[0]!.first_seen_at.getTime());
      } finally {
        await store.close();
      }
    });
  });
}
