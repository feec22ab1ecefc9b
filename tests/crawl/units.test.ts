/** The crawler's pure parts: URLs, charsets, titles, challenges, the registry, discovery. */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { canonicalUrl, hostKey } from '../../src/crawl/url.js';
import { decodeBody } from '../../src/crawl/charset.js';
import { isReportTitle, solveCookieChallenge, evalConcat, judgePage, isChallenge } from '../../src/crawl/classify.js';
import { parseSites, SitesFileError } from '../../src/crawl/sites.js';
import { discoverList, discoverAttachments, discoverJson, trsPages, hanwebPages } from '../../src/crawl/discover.js';
import { HostGate } from '../../src/crawl/politeness.js';
import { retryAfterMs } from '../../src/crawl/retry-policy.js';

describe('canonicalUrl', () => {
  it('drops fragments, dot segments, index pages and tracking params, and sorts the rest', () => {
    expect(canonicalUrl('./a/../b/index.html#top', 'http://X.gov.cn:80/xxgk/')).toBe('http://x.gov.cn/xxgk/b/');
    expect(canonicalUrl('list.jsp?page=2&utm_source=wx&col=5', 'https://a.cn/')).toBe('https://a.cn/list.jsp?col=5&page=2');
    expect(canonicalUrl('javascript:void(0)', 'http://a.cn/')).toBeNull();
    expect(canonicalUrl('mailto:x@a.cn', 'http://a.cn/')).toBeNull();
  });
  it('keys politeness by host including the port', () => {
    expect(hostKey('http://1.2.3.4:8080/x')).toBe('1.2.3.4:8080');
    expect(hostKey('http://1.2.3.4/x')).toBe('1.2.3.4');
  });
});

describe('decodeBody', () => {
  const gbkPage = iconv.encode('<html><head><meta charset="gb2312"><title>政府信息公开工作年度报告</title></head><body>申请人</body></html>', 'gbk');
  it('reads GBK declared only in <meta>, even when the header claims iso-8859-1', () => {
    const d = decodeBody(gbkPage, 'text/html; charset=iso-8859-1');
    expect(d.charset).toBe('gb18030');
    expect(d.text).toContain('政府信息公开工作年度报告');
  });
  it('sniffs GBK without any declaration, and honours a UTF-8 BOM', () => {
    const bare = iconv.encode('<p>本行政机关2023年度政府信息公开工作年度报告，收到申请共计十二件，办结十件。</p>', 'gbk');
    expect(decodeBody(bare, 'text/html').text).toContain('政府信息公开');
    expect(decodeBody(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('年报')]), null)).toMatchObject({ text: '年报', source: 'bom' });
  });
});

describe('report titles', () => {
  it('accepts report titles with a year and rejects notices about them', () => {
    expect(isReportTitle('某某县人民政府2023年政府信息公开工作年度报告')).toBe(true);
    expect(isReportTitle('某某镇2022年度政府信息公开工作报告')).toBe(true);
    expect(isReportTitle('关于报送2023年度政府信息公开工作年度报告的通知')).toBe(false);
    expect(isReportTitle('2024年政务公开工作要点')).toBe(false);
    expect(isReportTitle('政府信息公开工作年度报告')).toBe(false);
  });
  it('recognises soft-404 and block pages only when they are short', () => {
    expect(judgePage('<p>对不起，您访问的页面不存在</p>', '提示')).toBe('soft404');
    expect(judgePage('<p>访问异常，请稍后再试</p>', null)).toBe('blocked');
    expect(judgePage(`<p>${'正文'.repeat(2000)}页面不存在</p>`, '2023年报')).toBe('ok');
  });
});

describe('cookie challenges', () => {
  it('evaluates only string concatenations after document.cookie=', () => {
    expect(solveCookieChallenge("<script>document.cookie=('__jsl_clearance_s=')+('17')+String.fromCharCode(97,98)+';path=/';location.reload()</script>"))
      .toEqual([['__jsl_clearance_s', '17ab']]);
    expect(solveCookieChallenge('<script>document.cookie="a="+navigator.userAgent;</script>')).toBeNull();
    expect(solveCookieChallenge('<script>document.cookie=x();</script>')).toBeNull();
    expect(evalConcat("'a' + (\"b\" + 1)")).toBe('ab1');
    expect(isChallenge(412, '<script>var $_ts={};$_ts.cd="x";</script>')).toBe(true);
    expect(isChallenge(200, '<html><body>正文</body></html>')).toBe(false);
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('site registry', () => {
  const good = `sites:
  - id: a
    base_url: http://a.gov.cn/
    body: 甲县人民政府
    level: 县
    lists: [http://a.gov.cn/nb/]
`;
  it('parses valid entries with default hints', () => {
    const [s] = parseSites(good, 'x.yaml');
    expect(s).toMatchObject({ id: 'a', hints: { list_style: 'auto', needs_browser: false } });
  });
  it('names the file and line of a bad field', () => {
    const bad = `${good}  - id: b
    base_url: http://b.gov.cn/
    body: 乙县
    level: 区
    lists: [http://b.gov.cn/nb/]
`;
    expect(() => parseSites(bad, 'conf/sites.yaml')).toThrow(/^conf\/sites\.yaml:10: site "b": level: /);
    expect(() => parseSites(`${good}  - id: a\n    base_url: x\n`, 's.yaml')).toThrow(SitesFileError);
    // An empty list is allowed (the column finder looks from base_url); a list entry that is no URL is not.
    expect(parseSites(`${good}  - id: c\n    base_url: http://c/\n    body: 丙\n    lists: []\n`, 's.yaml')[1]!.lists).toEqual([]);
    expect(() => parseSites(`${good}  - id: c\n    base_url: http://c/\n    body: 丙\n    lists: [nb/index.html]\n`, 's.yaml')).toThrow(/s\.yaml:10: site "c": lists/);
    expect(() => parseSites('sites: [\n', 'broken.yaml')).toThrow(/^broken\.yaml:\d+: YAML syntax error/);
  });
});

describe('discovery', () => {
  it('expands TRS createPageHTML pagination', () => {
    const pages = trsPages('http://a.cn/nb/index_2.html', '<script>createPageHTML(4, 2, "index", "html")</script>').map((p) => p.url);
    expect(pages).toEqual(['http://a.cn/nb/index.html', 'http://a.cn/nb/index_1.html', 'http://a.cn/nb/index_3.html']);
  });
  it('reads Hanweb records and plans the dataproxy POST groups', () => {
    const rec = (i: number) => `<record><![CDATA[<li><a href="/art/2024/1/5/art_1229_${i}.html" title="某局2023年政府信息公开工作年度报告">x</a></li>]]></record>`;
    const html = `<div id="1"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=1229&unitid=5&webname=x&permissiontype=0"></a>]]></nextgroup>
      <recordset>${[1, 2, 3].map(rec).join('')}</recordset></datastore></script>
      <script>var totalRecord = 10; perpage:1;</script></div>`;
    const d = discoverList('http://a.cn/col/col1229/index.html', html, 'text/html');
    expect(d.links.filter((l) => l.kind === 'report')).toHaveLength(3);
    const posts = hanwebPages('http://a.cn/col/col1229/index.html', html);
    expect(posts.map((p) => new URL(p.url).search)).toEqual(['?startrecord=4&endrecord=6&perpage=1', '?startrecord=7&endrecord=9&perpage=1', '?startrecord=10&endrecord=10&perpage=1']);
    expect(posts[0]).toMatchObject({ method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    expect(new URLSearchParams(posts[0]!.body).get('columnid')).toBe('1229');
  });
  it('reads JSON list APIs and fans out their pages from page 1', () => {
    const json = { total: 25, pageSize: 10, articles: [{ title: '某镇2023年政府信息公开工作年度报告', url: '/content/post_1.html' }, { title: '通知', url: '/content/post_2.html' }] };
    const links = discoverJson('http://a.cn/gkmlpt/api/all/5?page=1&sid=7', json);
    expect(links.filter((l) => l.kind === 'report').map((l) => l.url)).toEqual(['http://a.cn/content/post_1.html']);
    expect(links.filter((l) => l.kind === 'list').map((l) => new URL(l.url).searchParams.get('page'))).toEqual(['2', '3']);
    expect(discoverJson('http://a.cn/gkmlpt/api/all/5?page=2&sid=7', json).filter((l) => l.kind === 'list')).toEqual([]);
  });
  it('finds attachments: links, iframes and pdf.js viewers', () => {
    const a = discoverAttachments('http://a.cn/nb/t1.html', `<a href="../up/r.pdf">附件</a><a href="x.html">x</a>
      <iframe src="/pdfjs/web/viewer.html?file=%2Fup%2Fs.docx"></iframe><embed src="t.wps">`);
    expect(a.links.map((l) => l.url)).toEqual(['http://a.cn/up/r.pdf', 'http://a.cn/up/s.docx', 'http://a.cn/nb/t.wps']);
  });
  it('flags a list page whose content is written by scripts', () => {
    expect(discoverList('http://a.cn/gkmlpt/index', '<div id="app"></div><script>fetch("/api").then(r=>r.json()).then(d=>app.innerHTML=d)</script>', 'text/html').scriptDriven).toBe(true);
  });
});

describe('HostGate', () => {
  it('spaces requests to one host and lets other hosts through meanwhile', async () => {
    const gate = new HostGate({ globalConcurrency: 8, defaultPolicy: { intervalMs: 50, concurrency: 1 } });
    const starts: Record<string, number[]> = { a: [], b: [] };
    const t0 = Date.now();
    await Promise.all(['a', 'a', 'a', 'b', 'b', 'b'].map(async (h) => {
      const release = await gate.acquire(h);
      starts[h]!.push(Date.now() - t0);
      release();
    }));
    for (const h of ['a', 'b']) {
      const s = starts[h]!.sort((x, y) => x - y);
      // Timers may fire a millisecond early by Date.now()'s reckoning.
      expect(s[1]! - s[0]!).toBeGreaterThanOrEqual(48);
      expect(s[2]! - s[1]!).toBeGreaterThanOrEqual(48);
    }
    expect(Math.abs(starts.a![0]! - starts.b![0]!)).toBeLessThan(45); // b did not wait for a's interval
  });
  it('opens the breaker after repeated failures', () => {
    const gate = new HostGate({ globalConcurrency: 1, defaultPolicy: { intervalMs: 0, concurrency: 1 }, breakerThreshold: 3, breakerCooldownMs: 1000 });
    for (let i = 0; i < 3; i++) gate.recordFailure('h');
    expect(gate.isOpen('h')).toBe(true);
    expect(gate.isOpen('other')).toBe(false);
  });
});
