/** The judge stage and the retry policy: pure decisions on hand-built answers. */
import { describe, expect, it } from 'vitest';
import { judgeResponse } from '../../src/crawl/classify-stage.js';
import { nextAttempt } from '../../src/crawl/retry-policy.js';

const res = (status: number, headers: Record<string, string> = {}, finalUrl = 'http://a.cn/nb/t1.html') => ({ status, headers: { 'content-type': 'text/html', ...headers }, finalUrl });
const judge = (status: number, text = '<html><title>x</title><p>正文</p></html>', headers: Record<string, string> = {}, finalUrl?: string, requestKind = 'report') =>
  judgeResponse({ requestKind, url: 'http://a.cn/nb/t1.html', res: res(status, headers, finalUrl), text });

describe('judgeResponse', () => {
  it('maps statuses to retry, fail or store', () => {
    expect(judge(304).kind).toBe('not-modified');
    expect(judge(200).kind).toBe('store');
    expect(judge(503, 'busy', { 'retry-after': '7' })).toMatchObject({ kind: 'retry', outcome: 'retry-after', afterMs: 7000, hostFault: false });
    expect(judge(502, 'bad gateway')).toMatchObject({ kind: 'retry', outcome: 'http-error', afterMs: null, hostFault: true });
    expect(judge(404, 'nope')).toMatchObject({ kind: 'fail', reason: 'HTTP 404' });
  });
  it('recognises challenges, block pages and soft 404s', () => {
    expect(judge(521, "<script>document.cookie='__jsl_clearance_s=1';location.reload()</script>")).toEqual({ kind: 'challenge', cookies: [['__jsl_clearance_s', '1']] });
    expect(judge(412, '<script>var $_ts=window.$_ts||{};eval($_ts.cd)</script>')).toEqual({ kind: 'challenge', cookies: null });
    expect(judge(200, '<title>提示</title><p>访问异常</p>')).toMatchObject({ kind: 'retry', outcome: 'blocked' });
    expect(judge(200, '<title>页面不存在</title>')).toMatchObject({ kind: 'skip', outcome: 'soft404' });
    expect(judge(200, '<title>首页</title>', {}, 'http://a.cn/')).toMatchObject({ kind: 'skip', outcome: 'soft404' });
    // An attachment is stored whatever it contains.
    expect(judge(200, '页面不存在', { 'content-type': 'application/pdf' }, undefined, 'attachment').kind).toBe('store');
  });
});

describe('nextAttempt', () => {
  const policy = { maxAttempts: 4, backoffBaseMs: 1000, backoffMaxMs: 5000, maxRetryAfterMs: 60_000 };
  it('backs off exponentially with jitter, capped, and gives up after the last attempt', () => {
    const now = 0;
    expect(nextAttempt({ attempts: 0 }, { afterMs: null, counted: true }, policy, now, () => 0.5)!.getTime()).toBe(1000);
    expect(nextAttempt({ attempts: 1 }, { afterMs: null, counted: true }, policy, now, () => 0.5)!.getTime()).toBe(2000);
    expect(nextAttempt({ attempts: 2 }, { afterMs: null, counted: true }, policy, now, () => 0)!.getTime()).toBe(2000);
    expect(nextAttempt({ attempts: 2 }, { afterMs: null, counted: true }, { ...policy, maxAttempts: 9 }, now, () => 0.5)!.getTime()).toBe(4000);
    expect(nextAttempt({ attempts: 5 }, { afterMs: null, counted: true }, { ...policy, maxAttempts: 9 }, now, () => 0.5)!.getTime()).toBe(5000);
    expect(nextAttempt({ attempts: 3 }, { afterMs: null, counted: true }, policy, now)).toBeNull();
  });
  it('lets Retry-After win, capped', () => {
    expect(nextAttempt({ attempts: 0 }, { afterMs: 30_000, counted: true }, policy, 0)!.getTime()).toBe(30_000);
    expect(nextAttempt({ attempts: 0 }, { afterMs: 600_000, counted: true }, policy, 0)!.getTime()).toBe(60_000);
  });
  it('never gives up on a retry that did not ask the host (open breaker, stopping crawl)', () => {
    expect(nextAttempt({ attempts: 3 }, { afterMs: 500, counted: false }, policy, 0)!.getTime()).toBe(500);
    expect(nextAttempt({ attempts: 3 }, { afterMs: null, counted: false }, policy, 0)!.getTime()).toBe(0);
  });
});

describe('PageWriter.requests (--since)', () => {
  it('drops report links for years before the since year minus one, keeps lists and undated links', async () => {
    const { PageWriter } = await import('../../src/crawl/page-writer.js');
    const stage = new PageWriter(null as never, new Date('2024-02-01'));
    const row = { url: 'http://a.cn/nb/', site_id: 'a', depth: 0, meta: {} } as never;
    const out = stage.requests(row, [
      { url: 'http://a.cn/r2023.html', kind: 'report', title: '某县2023年政府信息公开工作年度报告' },
      { url: 'http://a.cn/r2022.html', kind: 'report', title: '某县2022年政府信息公开工作年度报告' },
      { url: 'http://a.cn/nb/index_1.html', kind: 'list' },
    ]);
    expect(out.map((r) => r.url)).toEqual(['http://a.cn/r2023.html', 'http://a.cn/nb/index_1.html']);
    expect(out[0]).toMatchObject({ kind: 'report', priority: 5, siteId: 'a', parentUrl: 'http://a.cn/nb/', depth: 1 });
  });
});

describe('crawl progress option', () => {
  it('drives a phase/update display with pages done out of known', async () => {
    const { startMiniSite, page } = await import('./mini-site.js');
    const { pgliteBackend } = await import('../helpers/stores.js');
    const { crawl } = await import('../../src/crawl/index.js');
    const site = await startMiniSite({ '/nb/': { body: page('年报', '<a href="t1.html">丁县2023年政府信息公开工作年度报告</a>') }, '/nb/t1.html': { body: page('丁县2023年政府信息公开工作年度报告', '正文') } });
    const store = await pgliteBackend.open();
    const calls: string[] = [];
    try {
      await crawl(store, {
        sites: [{ id: 'ding', base_url: `${site.base}/`, body: '丁县', lists: [`${site.base}/nb/`], hints: { list_style: 'auto', needs_browser: false } }],
        minIntervalMs: 5, browser: false, progressEveryMs: 20,
        progress: { phase: (n, t) => calls.push(`phase ${n} ${t}`), update: (d, t) => calls.push(`update ${d}/${t}`) },
      });
    } finally {
      await store.close();
      await site.close();
    }
    expect(calls[0]).toBe('phase crawl 0');
    expect(calls.at(-1)).toBe('update 2/2');
  });
});
