/**
 * A report published only as an attachment: the page links a DOCX and holds
 * no table. The crawler stores the attachment as a document version linked to
 * its page; the pipeline extracts the attachment and loads its report.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend } from '../helpers/stores.js';
import { synthDoc, toDocx, type SynthDoc } from '../../fixtures/documents/synthetic.js';
import { crawl, parseSites } from '../../src/crawl/index.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { runPipeline } from '../../src/pipeline/run.js';
import type { Store } from '../../src/store/open-store.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** A year no synthetic document uses, so the two reports stay distinct in report_latest. */
const UNDATED_TITLE = '测试县林业局2015年政府信息公开工作年度报告';

describe('reports published as attachments', () => {
  let server: http.Server;
  let base: string;
  let doc: SynthDoc;
  let store: Store;
  beforeAll(async () => {
    doc = synthDoc(42);
    const docx = await toDocx(doc);
    // A second report whose file states no year at all: only its page's title does.
    const undated = await toDocx({ ...doc, title: '政府信息公开工作年度报告' });
    const pages: Record<string, [string, string | Uint8Array]> = {
      '/robots.txt': ['text/plain', 'User-agent: *\nAllow: /\n'],
      '/nb/index.html': ['text/html; charset=utf-8', `<html><body><ul>
        <li><a href="/nb/t1.html">${doc.title}</a></li>
        <li><a href="/nb/t2.html">关于开展安全生产检查的通知</a></li>
        <li><a href="/nb/t3.html">${UNDATED_TITLE}</a></li></ul></body></html>`],
      '/nb/t3.html': ['text/html; charset=utf-8', `<html><head><title>${UNDATED_TITLE}</title></head><body>
        <h1>${UNDATED_TITLE}</h1><p>附件：<a href="/nb/P020230115.docx">报告.docx</a></p></body></html>`],
      '/nb/P020230115.docx': [DOCX, undated],
      '/nb/t1.html': ['text/html; charset=utf-8', `<html><head><title>${doc.title}</title></head><body>
        <h1>${doc.title}</h1><p>发布日期：2024-01-20</p><p>详见附件：</p>
        <p><a href="/nb/P020240120.docx">年度报告.docx</a></p></body></html>`],
      '/nb/t2.html': ['text/html; charset=utf-8', '<html><body><h1>关于开展安全生产检查的通知</h1></body></html>'],
      '/nb/P020240120.docx': [DOCX, docx],
    };
    server = http.createServer((req, res) => {
      const page = pages[req.url ?? ''];
      if (!page) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200, { 'content-type': page[0] }).end(page[1]);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await pgliteBackend.open();
  });
  afterAll(async () => {
    await store?.close();
    await new Promise((r) => server?.close(r));
  });

  it('stores the attachment under its page and loads the attachment\'s report with every value', async () => {
    const sites = parseSites(`- id: att\n  base_url: ${base}/\n  body: 测试县人民政府\n  region_code: "620121"\n  region_name: 永登县\n  level: 县\n  lists: [${base}/nb/index.html]\n`);
    const run = await runPipeline(store, {
      crawl: (s) => crawl(s, { sites, minIntervalMs: 10, browser: false }),
      extract: { extract, extractorVersion: EXTRACTOR_VERSION },
      check: checkReports,
    });
    const docs = await store.db.selectFrom('documents').select(['id', 'url', 'kind', 'parent_id']).orderBy('id').execute();
    const page = docs.find((d) => d.url.endsWith('/nb/t1.html'))!;
    const attachment = docs.find((d) => d.url.endsWith('/P020240120.docx'))!;
    expect(page.kind).toBe('report');
    expect([attachment.kind, attachment.parent_id]).toEqual(['attachment', page.id]);
    expect(docs.some((d) => d.url.endsWith('/nb/t2.html') && d.kind === 'report')).toBe(false);

    expect(run.newReports).toBe(2);
    const reports = await store.db.selectFrom('report_latest').select(['report_id', 'url', 'year', 'body']).orderBy('url').execute();
    expect(reports.map((r) => [r.url, r.year])).toEqual([
      [`${base}/nb/P020230115.docx`, 2015],
      [attachment.url, Number(doc.title.match(/(\d{4})年/)![1])],
    ]);
    // The undated file's year comes from its page, and the report says so.
    const undated = await store.db.selectFrom('reports').select('warnings').where('id', '=', reports[0]!.report_id).executeTakeFirstOrThrow();
    expect(undated.warnings).toContain('year taken from the linking page');
    expect(reports[0]!.body).toBe('测试县林业局');
    const cells = await store.db.selectFrom('report_cells').select(['key', 'value']).where('report_id', '=', reports[1]!.report_id).execute();
    expect(Object.fromEntries(cells.map((c) => [c.key, c.value]))).toEqual(doc.values);
  }, 120_000);
});
