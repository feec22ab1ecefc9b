/**
 * The portals profile: every column its truth names is where it says, lists
 * exactly its reports and items, moves on day 1 as stated, and the farm is
 * deterministic per seed and cheap to start at thousands of portals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { startPortalFarm, type PortalFarm } from '../../src/farm/index.js';
import { buildPortal } from '../../src/farm/portals/portal-model.js';
import { pickCounties } from '../../src/farm/regions.js';
import { rng } from '../../src/synth/random.js';
import { parseSites } from '../../src/crawl/sites.js';

async function get(url: string, init: RequestInit = {}) {
  const r = await fetch(url, { redirect: 'manual', ...init });
  const bytes = Buffer.from(await r.arrayBuffer());
  const charset = /charset=gbk/i.test(bytes.subarray(0, 300).toString('latin1')) ? 'gbk' : 'utf8';
  return { status: r.status, location: r.headers.get('location'), etag: r.headers.get('etag'), text: iconv.decode(bytes, charset), bytes };
}

/** The items a list shows on its first page (all pages of a JSON API), whatever its style (links, Hanweb records, an API behind it). */
async function listItems(url: string): Promise<Array<{ title: string; url: string }>> {
  const page = await get(url);
  const api = /data-api="([^"]+)"/.exec(page.text)?.[1];
  if (api) {
    const out: Array<{ title: string; url: string }> = [];
    for (let p = 1; ; p++) {
      const u = new URL(api.replace(/&amp;/g, '&'), url);
      u.searchParams.set('page', String(p));
      const j = JSON.parse((await get(u.toString())).text) as { data: { total: number; pageSize: number; list: { title: string; url: string }[] } };
      out.push(...j.data.list.map((x) => ({ title: x.title, url: new URL(x.url, url).toString() })));
      if (p * j.data.pageSize >= j.data.total) return out;
    }
  }
  // Hanweb keeps its records in a script block: read them as the page's script would.
  const records = [...page.text.matchAll(/<record><!\[CDATA\[([\s\S]*?)\]\]><\/record>/g)].map((m) => m[1]);
  const html = `${page.text}\n${records.join('\n')}`;
  const $ = cheerio.load(html);
  return $('li a').map((_i, a) => ({ title: $(a).attr('title') ?? $(a).text(), url: new URL($(a).attr('href')!, url).toString() })).get();
}

describe('portals farm', () => {
  let farm: PortalFarm;
  beforeAll(async () => { farm = await startPortalFarm({ seed: 21, sites: 8, faults: false, sizing: { bodies: [8, 14], years: [1, 2] } }); });
  afterAll(async () => { await farm?.close(); });

  it('gives every portal hosts of its own on loopback, and a registry entry without lists', () => {
    const hosts = farm.sites.flatMap((s) => farm.hostsOf(s.id));
    expect(new Set(hosts).size).toBe(hosts.length);
    for (const h of hosts) expect(h).toMatch(/^http:\/\/127\.0\.\d+\.\d+:\d+\/$/);
    const sites = parseSites(farm.sitesYaml(), 'portals.yaml');
    expect(sites.map((s) => s.lists)).toEqual(farm.sites.map(() => []));
    expect(new Set(farm.portals.map((p) => p.family)).size).toBeGreaterThanOrEqual(3);
  });

  it('serves every column its truth names, listing its own reports and no other column\'s', async () => {
    const cols = farm.columns(0);
    const reports = new Set(farm.expected(0).map((r) => r.url));
    expect(cols.filter((c) => !c.sub).length).toBeGreaterThan(farm.sites.length * 4);
    for (const c of cols.filter((x) => !x.central || x.sub)) {
      const listed = (await listItems(c.listUrl)).map((i) => i.url).filter((u) => reports.has(u));
      expect(listed.length > 0, c.listUrl).toBe(c.reports > 0);
      for (const u of listed) expect(c.reportUrls, `${c.listUrl} lists ${u}`).toContain(u);
      // The first page shows the newest; a short column shows them all.
      if (c.reportUrls.length <= 5) expect(new Set(listed)).toEqual(new Set(c.reportUrls));
    }
  });

  it('serves every report and file it lists, and the items that are not reports', async () => {
    const reports = farm.expected(0);
    for (const r of reports.filter((_x, i) => i % 3 === 0)) {
      const page = await get(r.url);
      expect(page.status, r.url).toBe(200);
      expect(page.text).toContain(r.title.replace(/&/g, '&amp;'));
      if (r.attachment) expect((await get(r.attachment.url)).status, r.attachment.url).toBe(200);
    }
    const others = farm.others(0);
    expect(new Set(others.map((o) => o.kind))).toEqual(new Set(['freeform', 'notice']));
    for (const o of others.filter((_x, i) => i % 4 === 0)) expect((await get(o.url)).status, o.url).toBe(200);
  });

  it('answers a conditional request for an unchanged report with 304, without the page changing between requests', async () => {
    const r = farm.expected(0)[0]!;
    const a = await get(r.url);
    const b = await get(r.url, { headers: { 'if-none-match': a.etag! } });
    expect(b.status).toBe(304);
    expect((await get(r.url)).bytes.equals(a.bytes)).toBe(true);
  });

  it('moves columns on day 1: the new address lists them, the old one is gone, redirected, or sent home', async () => {
    farm.setDay(1);
    try {
      const moved = farm.columns(1).filter((c) => c.movedFrom);
      expect(moved.length).toBeGreaterThan(0);
      for (const c of moved) {
        expect((await get(c.listUrl)).status, c.listUrl).toBe(200);
        const old = await get(c.movedFrom!);
        expect([301, 404], c.movedFrom!).toContain(old.status);
        if (old.status === 301) expect([new URL(c.entryUrl).pathname, '/']).toContain(old.location);
      }
      // Every report of day 1 is served where the truth says.
      for (const r of farm.expected(1).filter((_x, i) => i % 5 === 0)) expect((await get(r.url)).status, r.url).toBe(200);
    } finally {
      farm.setDay(0);
    }
  });

  it('builds the same portals from the same seed, and thousands of them in well under a second', () => {
    const counties = pickCounties(rng(21, 'counties'), 3000);
    const t0 = performance.now();
    const portals = counties.map((c, i) => buildPortal(21, i, c));
    const ms = performance.now() - t0;
    expect(JSON.stringify(portals.slice(0, 8))).toBe(JSON.stringify(farm.portals.map((p) => buildPortal(21, p.index, p.county))));
    expect(portals.reduce((n, p) => n + p.bodies.length, 0)).toBeGreaterThan(3000 * 30);
    // One portal per county, as in the country: every county-level division once, then suffixed names.
    // (Names repeat across the country — 鼓楼区 in four cities — codes do not.)
    expect(new Set(counties.slice(0, 2975).map((c) => c.code)).size).toBe(2975);
    expect(new Set(counties.map((c) => `${c.code} ${c.name}`)).size).toBe(3000);
    expect(new Set(counties.slice(0, 123).map((c) => c.code.slice(0, 2)))).toEqual(new Set(['33', '62']));
    // Structure only (no pages, no table values): generous bound for a loaded machine.
    expect(ms).toBeLessThan(5000);
  });
});
