/**
 * A report page whose tables are pasted as pictures, crawled and loaded: the crawler
 * fetches the page's content images (not its logo, and no images of a page whose tables
 * are text) and stores them under the page; the pipeline reads the page with its images
 * through OCR and loads one report with the page's year and body. An image replaced
 * later makes the page be read again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BACKENDS } from '../helpers/stores.js';
import { startMiniSite, type MiniSite } from '../crawl/mini-site.js';
import { launch, tableShots } from '../../fixtures/documents/render.js';
import { crawl, parseSites } from '../../src/crawl/index.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { closeDocumentWorkers } from '../../src/extract/documents/index.js';
import { checkReports } from '../../src/check/index.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { saveDocument } from '../../src/store/documents.js';
import { generateReport, renderReport, type SynthReport } from '../../src/synth/index.js';
import type { Store } from '../../src/store/open-store.js';

const STYLE = '<style>body{font-family:"WenQuanYi Micro Hei";font-size:14px} table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px}</style>';
const htmlOf = (rep: SynthReport) => renderReport(rep, 'html-grid').replace('<head>', `<head>${STYLE}`);
const titleOf = (rep: SynthReport) => /<title>([^<]*)<\/title>/.exec(htmlOf(rep))![1]!;
const HEADINGS = ['一、主动公开政府信息情况', '二、收到和处理政府信息公开申请情况', '三、政府信息公开行政复议、行政诉讼情况'];

describe.each(BACKENDS)('report pages whose tables are pictures, crawled ($name)', (backend) => {
  let site: MiniSite;
  let base: string;
  let store: Store;
  let browser: Browser;
  const pictured = generateReport(1);
  const texted = generateReport(5);
  const later = generateReport(3);
  let laterC: Buffer;
  const requested = () => site.requests.map((r) => r.path);
  beforeAll(async () => {
    browser = await launch();
    const shots = await tableShots(browser, htmlOf(pictured));
    laterC = (await tableShots(browser, htmlOf(later)))[2]!;
    const pages: Record<string, [string, string | Uint8Array]> = {
      '/robots.txt': ['text/plain', 'User-agent: *\nAllow: /\n'],
      '/nb/index.html': ['text/html; charset=utf-8', `<html><body><ul>
        <li><a href="/nb/t1.html">${titleOf(pictured)}</a></li><li><a href="/nb/t2.html">${titleOf(texted)}</a></li></ul></body></html>`],
      '/nb/t1.html': ['text/html; charset=utf-8', `<html><head><title>${titleOf(pictured)}</title></head><body>
        <div class="header"><img src="/img/logo.png"></div><h1>${titleOf(pictured)}</h1>
        ${shots.map((_, i) => `<p>${HEADINGS[i]}</p><p><img src="/upload/2024/%E6%8D%95%E8%8E%B7${i + 1}.PNG"></p>`).join('\n')}
        <div class="footer"><img src="/img/jiucuo.png"></div></body></html>`],
      '/nb/t2.html': ['text/html; charset=utf-8', htmlOf(texted).replace('<body>', '<body><div class="header"><img src="/img/logo.png"></div>')],
      '/img/logo.png': ['image/png', shots[0]!],
      '/img/jiucuo.png': ['image/png', shots[0]!],
      ...Object.fromEntries(shots.map((s, i) => [`/upload/2024/%E6%8D%95%E8%8E%B7${i + 1}.PNG`, ['image/png', s] as [string, Uint8Array]])),
    };
    site = await startMiniSite(Object.fromEntries(Object.entries(pages).map(([path, [type, body]]) => [path, { headers: { 'content-type': type }, body }])));
    base = site.base;
    store = await backend.open();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await store?.close();
    await closeDocumentWorkers();
    await site?.close();
  });

  const stages = { extract: { extract, extractorVersion: EXTRACTOR_VERSION }, check: checkReports };
  const cellsOf = async (reportId: number) => Object.fromEntries((await store.db.selectFrom('report_cells').select(['key', 'value']).where('report_id', '=', reportId).execute())
    .map((c) => [c.key, c.value === null ? null : Number(c.value)]));
  const wrongIn = (cells: Record<string, number | null>, truth: Record<string, number | null>) => Object.entries(cells).filter(([k, v]) => v !== truth[k]).map(([k, v]) => `${k}=${v} (printed ${truth[k]})`);

  it('fetches the content images of the pictured page only, stores them under it, and loads its report read from them', async () => {
    const sites = parseSites(`- id: pic\n  base_url: ${base}/\n  body: 测试县人民政府\n  region_code: "620121"\n  region_name: 永登县\n  level: 县\n  lists: [${base}/nb/index.html]\n`);
    site.requests.length = 0;
    const run = await runPipeline(store, { ...stages, crawl: (s) => crawl(s, { sites, minIntervalMs: 10, browser: false }) });
    expect(run.crawl?.images).toBe(3);
    expect(requested().filter((u) => u.startsWith('/img/'))).toEqual([]);
    expect(requested().filter((u) => u.startsWith('/upload/')).sort()).toEqual([1, 2, 3].map((i) => `/upload/2024/%E6%8D%95%E8%8E%B7${i}.PNG`));
    const docs = await store.db.selectFrom('documents').select(['id', 'url', 'kind', 'parent_id']).orderBy('id').execute();
    const page = docs.find((d) => d.url.endsWith('/nb/t1.html'))!;
    expect(docs.filter((d) => d.kind === 'image').map((d) => d.parent_id)).toEqual([page.id, page.id, page.id]);

    expect(run.newReports).toBe(2);
    const reports = await store.db.selectFrom('report_latest').select(['report_id', 'url', 'year', 'body']).orderBy('url').execute();
    const [one, two] = reports;
    expect([one!.url, one!.year, two!.url, two!.year]).toEqual([page.url, pictured.year, `${base}/nb/t2.html`, texted.year]);
    const cells = await cellsOf(one!.report_id);
    expect(wrongIn(cells, pictured.cells)).toEqual([]);
    expect(Object.keys(cells).length / Object.keys(pictured.cells).length).toBeGreaterThan(0.85);
    // Provenance: page n is the n-th image of the page.
    const pagesOf = await store.db.selectFrom('report_cells').select(['key', 'page']).where('report_id', '=', one!.report_id).execute();
    const pageOf = (prefix: RegExp) => [...new Set(pagesOf.filter((c) => prefix.test(c.key)).map((c) => c.page))];
    expect([pageOf(/^active\./), pageOf(/^applications\./), pageOf(/^(review|litigation)/)]).toEqual([[1], [2], [3]]);
    expect(wrongIn(await cellsOf(two!.report_id), texted.cells)).toEqual([]);
  }, 240_000);

  it('reads the page again when one of its images is replaced, and states the new values', async () => {
    const page = await store.db.selectFrom('documents').select(['id', 'url']).where('url', 'like', '%/nb/t1.html').executeTakeFirstOrThrow();
    const tableC = await store.db.selectFrom('documents').select('url').where('url', 'like', '%8D%95%E8%8E%B73.PNG').executeTakeFirstOrThrow();
    await saveDocument(store.db, { url: tableC.url, httpStatus: 200, contentType: 'image/png', bytes: new Uint8Array(laterC), parentId: page.id, kind: 'image', fetchedAt: new Date(Date.now() + 1000) });
    const run = await runPipeline(store, stages);
    expect(run.changedReports).toBe(1);
    const now = await store.db.selectFrom('report_latest').select('report_id').where('url', '=', page.url).executeTakeFirstOrThrow();
    const cells = await cellsOf(now.report_id);
    const c = Object.fromEntries(Object.entries(cells).filter(([k]) => /^(review|litigation)/.test(k)));
    const truth = { ...pictured.cells, ...Object.fromEntries(Object.entries(later.cells).filter(([k]) => /^(review|litigation)/.test(k))) };
    expect(wrongIn(cells, truth)).toEqual([]);
    expect(Object.keys(c).length).toBeGreaterThan(10);
    // Read once: a run after that finds nothing to read.
    expect((await runPipeline(store, stages)).extract.documents).toBe(0);
  }, 240_000);
});
