/**
 * How county portals lead to their reports, one structure at a time: each case is a small
 * site served on loopback, crawled from its home page only (the column finder) or from a
 * given list, and must yield exactly its reports — through meta refreshes, script
 * redirects, frames, `<base href>`, redirected lists, download endpoints, Chinese-numeral
 * and truncated list titles — with the non-reports beside them left alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open-store.js';
import { postgresBackend } from '../helpers/stores.js';
import { crawl } from '../../src/crawl/index.js';
import type { Site } from '../../src/crawl/sites.js';
import { startMiniSite, page, type MiniSite, type MiniReply, type Route } from './mini-site.js';

const li = (href: string, title: string) => `<li><a href="${href}" title="${title}">${title}</a><span>2024-01-15</span></li>`;
const report = (title: string, extra = '') => ({ body: page(title, `<p>一、总体情况</p><p>${title}全文。</p>${extra}`) });
const TITLE = (y: number, body = '某某县人民政府') => `${body}${y}年政府信息公开工作年度报告`;
const opts = { minIntervalMs: 5, backoffBaseMs: 20, timeoutMs: 3000, browser: false as const, leaseMs: 10_000 };

let site: MiniSite | null = null;
let store: Store | null = null;
afterEach(async () => { await store?.close(); await site?.close(); store = null; site = null; });

/** Crawls a site built from `routes`, from its home page unless `lists` are given; returns the stored documents by kind. */
async function crawlSite(routes: Record<string, Route | MiniReply>, lists: string[] = []) {
  site = await startMiniSite({ '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nAllow: /\n' }, ...routes });
  store = await postgresBackend.open();
  const sites: Site[] = [{ id: 'nav', base_url: `${site.base}/`, body: '某某县人民政府', region_code: '110101', region_name: '某某县', level: '县',
    lists: lists.map((l) => `${site!.base}${l}`), hints: { list_style: 'auto', needs_browser: false } }];
  const summary = await crawl(store, { ...opts, sites });
  const docs = await store.db.selectFrom('documents').select(['url', 'kind', 'title', 'parent_id', 'id']).orderBy('url').execute();
  const paths = (kind: string) => docs.filter((d) => d.kind === kind).map((d) => new URL(d.url).pathname + new URL(d.url).search).sort();
  return { summary, docs, reports: paths('report'), attachments: paths('attachment'), requested: site.requests.map((r) => r.path) };
}

const home = (link: string, text = '政府信息公开年报') => ({ '/': { body: page('某某县人民政府', `<ul><li><a href="${link}">${text}</a></li><li><a href="/xwzx/">新闻中心</a></li></ul>`) } });

describe('from the home page to the list', () => {
  it('follows a column behind a meta refresh', async () => {
    const r = await crawlSite({
      ...home('/xxgk/nb/'),
      '/xxgk/nb/': { body: '<html><head><meta http-equiv="refresh" content="0; url=/col/col4021/index.html"></head><body></body></html>' },
      '/col/col4021/index.html': { body: page('政府信息公开年报', `<ul>${li('art_1.html', TITLE(2023))}${li('art_2.html', TITLE(2022))}</ul>`) },
      '/col/col4021/art_1.html': report(TITLE(2023)), '/col/col4021/art_2.html': report(TITLE(2022)),
    });
    expect(r.reports).toEqual(['/col/col4021/art_1.html', '/col/col4021/art_2.html']);
  });

  it.each([
    ["window.location.href = '/col/col77/index.html';"],
    ['location.replace("/col/col77/index.html")'],
    ["top.location='/col/col77/index.html'"],
  ])('follows a column behind a script redirect: %s', async (script) => {
    const r = await crawlSite({
      ...home('/zfxxgknb/'),
      '/zfxxgknb/': { body: `<html><head><script>${script}</script></head><body>正在跳转…</body></html>` },
      '/col/col77/index.html': { body: page('政府信息公开年报', `<ul>${li('/art/2024/1/15/art_77_1.html', TITLE(2023))}</ul>`) },
      '/art/2024/1/15/art_77_1.html': report(TITLE(2023)),
    });
    expect(r.reports).toEqual(['/art/2024/1/15/art_77_1.html']);
  });

  it('reads a list shown in an iframe, its links resolved against the frame', async () => {
    const r = await crawlSite({
      ...home('/xxgk/gknb/'),
      '/xxgk/gknb/': { body: page('政府信息公开年报', '<div class="main"><iframe src="/module/list/nb.html" width="100%"></iframe></div>') },
      '/module/list/nb.html': { body: page('列表', `<ul>${li('./202401/t20240110_5.html', TITLE(2023))}</ul>`) },
      '/module/list/202401/t20240110_5.html': report(TITLE(2023)),
    });
    expect(r.reports).toEqual(['/module/list/202401/t20240110_5.html']);
  });

  it('reads a list in a frameset', async () => {
    const r = await crawlSite({
      ...home('/xxgk/ndbg/'),
      '/xxgk/ndbg/': { body: '<html><head><title>政府信息公开年报</title></head><frameset rows="80,*"><frame src="/top.html"><frame src="/xxgk/ndbg/main.html"></frameset></html>' },
      '/top.html': { body: page('某某县人民政府', '<p>欢迎</p>') },
      '/xxgk/ndbg/main.html': { body: page('政府信息公开年报', `<ul>${li('t20240112_8.html', TITLE(2023))}</ul>`) },
      '/xxgk/ndbg/t20240112_8.html': report(TITLE(2023)),
    });
    expect(r.reports).toEqual(['/xxgk/ndbg/t20240112_8.html']);
  });
});

describe('a column named by its URL fragment', () => {
  it('builds gkmlpt\'s API request from the fragment and the page\'s _CONFIG, column by column', async () => {
    const api = (req: import('node:http').IncomingMessage, items: Array<[string, string]>): MiniReply => {
      const q = new URL(req.url!, 'http://x').searchParams;
      if (q.get('sid') !== '7550' || q.get('page') !== '1') return { status: 400, body: 'bad sid' };
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ articles: items.map(([url, title]) => ({ url, title })), total: items.length, page_size: 20 }) };
    };
    const r = await crawlSite({
      '/': { body: page('某某县人民政府', '<a href="/gkmlpt/index#2845">政府信息公开年报</a> <a href="/gkmlpt/index#2846">政策文件</a>') },
      '/gkmlpt/index': { body: page('政府信息公开', '<div id="app"></div><script>window._CONFIG = { SID: \'7550\', SITE: \'某某县\' };</script>') },
      '/gkmlpt/api/all/2845': (req) => api(req, [['/gkmlpt/content/1/1001/post_1001.html', TITLE(2023)], ['/gkmlpt/content/1/1002/post_1002.html', TITLE(2022)]]),
      '/gkmlpt/api/all/2846': (req) => api(req, [['/gkmlpt/content/1/1003/post_1003.html', '某某县关于印发2023年政务公开工作要点的通知']]),
      '/gkmlpt/content/1/1001/post_1001.html': report(TITLE(2023)), '/gkmlpt/content/1/1002/post_1002.html': report(TITLE(2022)),
    });
    expect(r.reports).toEqual(['/gkmlpt/content/1/1001/post_1001.html', '/gkmlpt/content/1/1002/post_1002.html']);
    const columns = await store!.db.selectFrom('site_columns').select('url').execute();
    expect(columns.map((c) => new URL(c.url).hash)).toEqual(['#2845']);
  });
});

describe('links resolved where the browser would resolve them', () => {
  it('against <base href>', async () => {
    const r = await crawlSite({
      '/xxgk/nb/index.html': { body: `<!doctype html><html><head><meta charset="utf-8"><base href="/static/nb/"><title>政府信息公开年报</title></head>
        <body><ul>${li('t20240115_1.html', TITLE(2023))}${li('sub/t20230115_2.html', TITLE(2022))}</ul></body></html>` },
      '/static/nb/t20240115_1.html': report(TITLE(2023)), '/static/nb/sub/t20230115_2.html': report(TITLE(2022)),
    }, ['/xxgk/nb/index.html']);
    expect(r.reports).toEqual(['/static/nb/sub/t20230115_2.html', '/static/nb/t20240115_1.html']);
  });

  it('against the URL a redirect ended at, not the one asked for', async () => {
    const r = await crawlSite({
      '/old/nb/': { status: 301, headers: { location: '/new/gknb/index.html' }, body: '' },
      '/new/gknb/index.html': { body: page('政府信息公开年报', `<ul>${li('./202401/t20240115_3.html', TITLE(2023))}</ul>`) },
      '/new/gknb/202401/t20240115_3.html': report(TITLE(2023)),
    }, ['/old/nb/']);
    expect(r.reports).toEqual(['/new/gknb/202401/t20240115_3.html']);
  });
});

describe('attachments without a file extension in the path', () => {
  it('knows a download endpoint by its filename= parameter', async () => {
    const r = await crawlSite({
      '/nb/': { body: page('政府信息公开年报', `<ul>${li('/nb/t1.html', TITLE(2023))}</ul>`) },
      '/nb/t1.html': report(TITLE(2023), '<p>附件：<a href="/module/download/downfile.jsp?classid=0&filename=2401151234.pdf">2023年年报</a></p>'),
      '/module/download/downfile.jsp': { headers: { 'content-type': 'application/octet-stream' }, body: '%PDF-1.4 fake' },
    }, ['/nb/']);
    expect(r.attachments).toEqual(['/module/download/downfile.jsp?classid=0&filename=2401151234.pdf']);
  });

  it('knows one by its link text and a download path, and keeps the file\'s Content-Disposition name', async () => {
    const r = await crawlSite({
      '/nb/': { body: page('政府信息公开年报', `<ul>${li('/nb/t2.html', TITLE(2023))}</ul>`) },
      '/nb/t2.html': report(TITLE(2023), '<p><a href="/attach/download?id=77">附件：某某县2023年政府信息公开年报.pdf</a> <a href="/attach/download?id=78">点击下载</a> <a href="/interview/?id=9">在线访谈</a></p>'),
      '/attach/download': (req) => ({
        headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="nb${req.url?.slice(-2)}.pdf"` },
        body: '%PDF-1.4 fake',
      }),
      '/interview/': { body: page('在线访谈', '<p>访谈</p>') },
    }, ['/nb/']);
    expect(r.attachments).toEqual(['/attach/download?id=77', '/attach/download?id=78']);
    const titles = r.docs.filter((d) => d.kind === 'attachment').map((d) => d.title);
    expect(titles).toEqual(['附件：某某县2023年政府信息公开年报.pdf', 'nb78.pdf']);
    expect(r.requested).not.toContain('/interview/?id=9');
  });
});

describe('list titles as portals write them', () => {
  it('takes a title with a Chinese-numeral year for a report', async () => {
    const r = await crawlSite({
      '/nb/': { body: page('政府信息公开年报', `<ul>${li('/nb/a.html', '某某县人民政府二〇二三年度政府信息公开工作年度报告')}${li('/nb/b.html', '某某县人民政府二〇二三年政务公开工作要点')}</ul>`) },
      '/nb/a.html': report('某某县人民政府二〇二三年度政府信息公开工作年度报告'),
      '/nb/b.html': report('某某县人民政府二〇二三年政务公开工作要点'),
    }, ['/nb/']);
    expect(r.reports).toEqual(['/nb/a.html']);
    expect(r.requested).not.toContain('/nb/b.html');
  });

  it('resolves a truncated title from the report page, and keeps what turns out not to be a report out', async () => {
    const r = await crawlSite({
      '/nb/': { body: page('政府信息公开年报', `<ul>${li('/nb/a.html', '某某县人民政府2023年度政府信息公开工作年...')}${li('/nb/b.html', '某某县财政局2023年政府信息公开工作…')}${li('/nb/c.html', '关于做好2023年度政府信息公开工作年度报告...')}</ul>`) },
      '/nb/a.html': report('某某县人民政府2023年度政府信息公开工作年度报告'),
      '/nb/b.html': report('某某县财政局2023年政府信息公开工作年度报告'),
      '/nb/c.html': report('关于做好2023年度政府信息公开工作年度报告编制发布工作的通知'),
    }, ['/nb/']);
    expect(r.reports).toEqual(['/nb/a.html', '/nb/b.html']);
    expect(r.docs.filter((d) => d.kind === 'report').map((d) => d.title).sort()).toEqual(['某某县人民政府2023年度政府信息公开工作年度报告', '某某县财政局2023年政府信息公开工作年度报告']);
  });
});
