import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import type { Hono } from 'hono';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { createApp } from '../../src/web/app.js';
import { readOnly } from '../../src/web/read-only.js';
import { BODIES, loadResearchFixture, reportKey, type LoadedFixture } from '../helpers/research-fixture.js';
import { HOSTILE_FLAG, HOSTILE_NAME, HOSTILE_RAW, loadHostileReport, type HostileIds } from '../helpers/hostile-report.js';

async function counts(store: Store) {
  return (await sql<any>`select (select count(*) from reports)::int as reports, (select count(*) from bodies)::int as bodies,
    (select count(*) from report_cells)::int as cells, (select count(*) from flags)::int as flags`.execute(store.db)).rows[0];
}

describe.each(BACKENDS)('web app on $name', (backend) => {
  let store: Store;
  let app: Hono;
  let fx: LoadedFixture;
  let hostile: HostileIds;
  const get = async (path: string) => {
    const res = await app.request(path);
    return { res, text: await res.text() };
  };

  beforeAll(async () => {
    store = await backend.open();
    fx = await loadResearchFixture(store.db);
    hostile = await loadHostileReport(store.db);
    app = createApp(store.db, { publicRead: true });
  });
  afterAll(async () => { await store.close(); });

  it('shows every stated cell of a report with its stored value, blanks as printed and flagged cells marked', async () => {
    const id = fx.reports.get(reportKey('lucheng', 2023))!;
    const { res, text } = await get(`/report/${id}`);
    expect(res.status).toBe(200);
    const $ = cheerio.load(text);
    const stored = await store.db.selectFrom('report_cells').select(['key', 'value', 'raw']).where('report_id', '=', id).execute();
    for (const c of stored) {
      const td = $(`td[data-key="${c.key}"]`);
      expect(td.length, c.key).toBe(1);
      expect(td.text(), c.key).toBe(c.value === null ? c.raw : String(c.value));
      expect(td.find('a').attr('href')).toBe(`/report/${id}/cell/${encodeURIComponent(c.key)}`);
    }
    expect($('td.v').length).toBe(200); // 2021 layout
    expect($('td.v.absent').length).toBe(5);
    expect($('td[data-key="applications.granted.total"]').hasClass('blank')).toBe(true);
    expect($('td[data-key="applications.granted.total"]').hasClass('flagged')).toBe(true);
    expect($('[data-metric="grant_rate"]').text()).toBe('—');
    expect($('#history tr').length).toBe(2); // header + 2023
  });

  it('links a cell to its raw text, provenance, source version and history across years', async () => {
    const id = fx.reports.get(reportKey('xihu', 2023))!;
    const { text } = await get(`/report/${id}/cell/applications.new_received.total`);
    const $ = cheerio.load(text);
    expect($('#cell-value').text()).toBe('120');
    expect($('#cell-raw').text()).toBe('120');
    expect($('#cell-provenance').text()).toMatch(/^table B, line \d+$/);
    const docId = fx.documents.get(reportKey('xihu', 2023));
    const href = $('#cell-source').attr('href')!;
    expect(href).toBe(`/document/${docId}?report=${id}&key=applications.new_received.total#highlight`);
    // The document page opens at the value: the raw text it was read from, the stored line marked.
    const doc = cheerio.load((await get(href.replace(/#.*/, ''))).text);
    expect(doc('#hl-raw').text()).toBe('120');
    expect(doc('#highlight .hl-line').text()).toContain('120');
    expect($('#cell-cite').attr('href')).toBe(`/cite/330106/${encodeURIComponent(BODIES.xihu.name)}/2023/applications.new_received.total`);
    const cite = cheerio.load((await get($('#cell-cite').attr('href')!)).text);
    expect(cite('#cite-raw').text()).toBe('120');
    expect(cite('#cite-text').text()).toContain('抓取于');
    const history = $('#cell-history tr').slice(1).map((_, tr) => $(tr).find('td').slice(0, 3).map((__, td) => $(td).text()).get().join('|')).get();
    expect(history).toEqual(['2020|2019|80', '2022|2021|100', '2023|2021|120']);
  });

  it('serves a stored version decoded (GBK too) and its raw bytes sandboxed', async () => {
    const docId = fx.documents.get(reportKey('haishu', 2023))!;
    const { text } = await get(`/document/${docId}`);
    expect(text).toContain(`${BODIES.haishu.name}2023年政府信息公开工作年度报告`);
    expect(text).toContain('Decoded text (as the extractor read it)');
    const raw = await app.request(`/document/${docId}/raw`);
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect(iconv.decode(Buffer.from(bytes), 'gbk')).toContain(BODIES.haishu.name);
    expect(raw.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(raw.headers.get('content-type')).toBe('text/html; charset=gbk');
  });

  it('searches by name, region name and code prefix', async () => {
    const names = async (q: string) => cheerio.load((await get(`/search?q=${encodeURIComponent(q)}`)).text)('#results a').map((_, a) => cheerio.load(a).text()).get();
    expect(await names('西湖')).toEqual([BODIES.xihu.name, BODIES.xihuEdu.name]);
    expect(await names('6230')).toEqual([BODIES.gannan.name, BODIES.hezuo.name, BODIES.lintan.name]);
    expect(await names('623000')).toEqual([BODIES.gannan.name, BODIES.hezuo.name, BODIES.lintan.name]);
    expect(await names('%')).toEqual([]); // a LIKE wildcard is just a character
  });

  it('filters flags and links each to the report at its cell', async () => {
    const { text } = await get('/flags?rule=identity.b&region=620000&year=2023');
    const $ = cheerio.load(text);
    const rows = $('#flag-list tr[data-flag]');
    expect(rows.length).toBe(1);
    expect(rows.find('a.follow').attr('href')).toBe(`/report/${fx.reports.get(reportKey('hezuo', 2023))}#cell-applications.total.total`);
    expect(cheerio.load((await get('/flags?severity=warning')).text)('#flag-list tr[data-flag]').length).toBe(4);
    expect((await get('/flags?year=20x3')).text).toContain('expects a report year like 2023');
  });

  it('ranks bodies on the comparison page and embeds the chart data as inert JSON', async () => {
    const { res, text } = await get(`/compare?region=330000&year=2023&metric=grant_rate&level=${encodeURIComponent('县')}`);
    expect(res.status).toBe(200);
    const $ = cheerio.load(text);
    const data = JSON.parse($('#chart-data').text());
    // Every body with a value is a dot of its prefecture (杭州 3301, 宁波 3302, 温州 3303 …); 鹿城 has no value, no dot.
    const dots = data.points.map((p: any) => [data.groups[p[0]].code, p[4], p[2]]);
    expect(dots).toEqual(expect.arrayContaining([
      ['3301', BODIES.yuhang.name, 1], ['3301', HOSTILE_NAME, 1], ['3301', BODIES.xihu.name, 1], ['3302', BODIES.haishu.name, 1],
      ['3301', BODIES.chunan.name, 1], ['3301', BODIES.xihuEdu.name, 0],
    ]));
    expect(dots).toHaveLength(6);
    // 杭州's box spans its ranked bodies, sorted 0.25, 0.6, 27/35, 0.8: median (0.6 + 27/35) / 2.
    const hz = data.groups.find((g: any) => g.code === '3301');
    expect(hz.name).toBe('杭州市');
    expect(hz.box[0]).toBe(0.25);
    expect(hz.box[4]).toBe(0.8);
    expect(hz.median).toBeCloseTo((0.6 + 27 / 35) / 2, 12);
    expect(data.quartiles.p50).toBeCloseTo(0.6, 12);
    expect($('script[src]').map((_, s) => $(s).attr('src')).get()).toEqual(['/static/echarts.min.js', '/static/compare-chart.js']);
    const bad = await get('/compare?year=2023&metric=speed');
    expect(bad.res.status).toBe(400);
    expect(bad.text).toContain('unknown metric &quot;speed&quot;');
  });

  it('shows hostile names, flags and raw text as text', async () => {
    const report = await get(`/report/${hostile.reportId}`);
    const $ = cheerio.load(report.text);
    expect($('h1').text()).toBe(`${HOSTILE_NAME}2023年政府信息公开工作年度报告`);
    expect($('dl.facts a[href^="/body/"]').text()).toBe(HOSTILE_NAME);
    expect($('li.flag').text()).toContain(HOSTILE_FLAG);
    expect($('td[data-key="applications.partially_granted.total"]').attr('title')).toContain(HOSTILE_RAW);
    // The only elements are ours: no script, img or b element came from the data.
    expect($('script').length).toBe(0);
    expect($('img').length).toBe(0);
    expect($('b').length).toBe(0);
    // The source URL is shown, and only http(s) links are made of it.
    expect($('dl.facts a[target="_blank"]').attr('href')).toBe(`http://tonglu.gov.test/nb/2023.html?"><script>alert('url')</script>`);
    const compare = await get('/compare?region=330122&year=2023&min=0');
    const c$ = cheerio.load(compare.text);
    expect(c$('script').length).toBe(3); // the JSON block and our two files
    expect(JSON.parse(c$('#chart-data').text()).points[0][4]).toBe(HOSTILE_NAME);
    expect(compare.text).not.toContain('</script><script>alert');
    for (const path of ['/', `/body/${hostile.bodyId}`, `/search?q=${encodeURIComponent('桐庐')}`, '/flags', `/document/${hostile.documentId}`,
      `/report/${hostile.reportId}/cell/applications.partially_granted.total`]) {
      const p$ = cheerio.load((await get(path)).text);
      expect(p$('img').length, path).toBe(0);
      expect(p$('script:not([src])').length, path).toBe(0);
    }
  });

  it('answers SQL-injection searches with nothing and changes nothing', async () => {
    const before = await counts(store);
    for (const q of [`' OR 1=1 --`, `'; DROP TABLE reports; --`, `西湖' UNION SELECT 1,2,3 --`, `\\'; delete from flags; --`]) {
      const { res, text } = await get(`/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const $ = cheerio.load(text);
      expect($('#result-count').text()).toBe('0 bodies found.');
      expect($('h1').text()).toBe(`检索: ${q}`);
    }
    expect((await get(`/flags?rule=${encodeURIComponent(`x' or '1'='1`)}`)).text).toContain('0 flags.');
    expect((await get(`/report/1;DROP TABLE reports`)).res.status).toBe(404);
    expect(await counts(store)).toEqual(before);
  });

  it('is read-only: other methods are refused and its transactions cannot write', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await app.request('/search?q=x', { method });
      expect(res.status).toBe(405);
    }
    await expect(readOnly(store.db, (tx) => tx.deleteFrom('flags').execute()))
      .rejects.toThrow(/read-only transaction/);
    const page = await app.request('/');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers unknown pages, ids and keys with 404', async () => {
    for (const path of ['/report/99999', '/report/abc', '/report/1/cell/no.such.key', '/document/0', '/body/-1', '/static/../../package.json', '/nope']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});
