/**
 * Routes of the researcher surface, registered on the app: documents opened at
 * a value, PDF pages, stable citations, the read-only SQL page, coverage, and
 * the flags list with facets, paging and downloads.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { RawRunner } from '../store/raw-sql.js';
import { isCanonicalKey } from '../template/index.js';
import { sourceText } from '../extract/source-text.js';
import { readDocument } from '../extract/documents/index.js';
import { documentFormat } from '../extract/documents/index.js';
import { namedResult } from '../research/sql-result.js';
import { parseFilter } from '../research/filters.js';
import { flagFacet, flagRows, unknownRule } from '../research/flag-query.js';
import { SEVERITIES } from '../model/flag.js';
import { provinceOf } from '../model/division.js';
import * as q from './queries.js';
import { qs } from './layout.js';
import { download, downloadLinks, formatOf } from './downloads.js';
import { documentPage, isText, type Highlight } from './pages/document-page.js';
import { citePage, citePath, coveragePage, sqlPage, type CiteView } from './pages/research-pages.js';
import { coverage, COVERAGE_COLUMNS } from '../research/coverage.js';
import { flagsPage, PAGE_SIZE } from './pages/flags-page.js';
import { pdfPagePng } from './pdf-page.js';

type Read = <T>(fn: (tx: Kysely<Database>) => Promise<T>) => Promise<T>;

const idParam = (c: Context, name = 'id'): number | null => {
  const v = Number(c.req.param(name));
  return Number.isSafeInteger(v) && v > 0 ? v : null;
};

/** Rows the SQL page shows; the downloads carry every row. */
const SQL_PAGE_ROWS = 1000;

export function researchRoutes(app: Hono, read: Read, raw: RawRunner | undefined): void {
  app.get('/document/:id', async (c) => {
    const id = idParam(c);
    const found = id === null ? undefined : await read(async (tx) => {
      const doc = await q.documentRow(tx, id);
      if (!doc) return undefined;
      const reportId = Number(c.req.query('report')), key = c.req.query('key') ?? '';
      const cell = Number.isSafeInteger(reportId) && isCanonicalKey(key) ? await q.cellOfDocument(tx, id, reportId, key) : undefined;
      return { doc, reports: await q.documentReports(tx, id), cell, reportId, key };
    });
    if (!found) return c.html('No such document version.', 404);
    const { doc } = found;
    const format = documentFormat(doc.bytes, { contentType: doc.content_type ?? undefined });
    const text = !format && isText(doc) ? sourceText(doc.bytes, doc.content_type) : null;
    const readerText = format && found.cell ? await readerTextOf(doc.bytes, doc.url) : null;
    const content = { text, readerText, isPdf: format === 'pdf', isHtml: text !== null && /<(html|table|body|p)[\s>]/i.test(text.slice(0, 20000)) };
    const c0 = found.cell;
    const highlight: Highlight | undefined = c0 ? {
      reportId: found.reportId, key: found.key, value: c0.value,
      place: { start: c0.span_start, end: c0.span_end, line: c0.line_index, page: c0.page, box: c0.box, textLine: c0.text_line, raw: c0.raw },
    } : undefined;
    return c.html(documentPage(doc, found.reports, content, highlight));
  });

  app.get('/document/:id/page/:png', async (c) => {
    const id = idParam(c);
    const n = Number(/^(\d+)\.png$/.exec(c.req.param('png'))?.[1]);
    const doc = id === null || !(n > 0) ? undefined : await read((tx) => q.documentRow(tx, id));
    if (!doc || documentFormat(doc.bytes, {}) !== 'pdf') return c.text('No such page.', 404);
    const png = await pdfPagePng(doc.bytes, n);
    return png ? c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=3600' }) : c.text('No such page.', 404);
  });

  app.get('/cite/:code/:body/:year/:key', async (c) => {
    const code = c.req.param('code'), body = c.req.param('body'), key = c.req.param('key');
    const year = Number(c.req.param('year'));
    if (!isCanonicalKey(key) || !Number.isInteger(year)) return c.text('No such cell.', 404);
    const found = await read((tx) => q.citation(tx, code === '-' ? null : code, body, year, key));
    if (!found) return c.html(`No report of ${body} for ${year}.`, 404);
    const view: CiteView = { ...found, url: new URL(citePath(found.regionCode, found.body, year, key), c.req.url).toString() };
    return c.html(citePage(view));
  });

  app.get('/sql', async (c) => {
    const text = (c.req.query('sql') ?? '').trim();
    if (!text) return c.html(sqlPage({ sql: '' }));
    if (!raw) return c.html(sqlPage({ sql: text, error: 'This server was started without SQL access.' }), 503);
    let result;
    try {
      // The same guards as `nianbao sql`: one statement, read-only, a time limit; never --write here.
      result = namedResult(await raw(text, { write: false, timeoutMs: 15_000 }));
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0]!;
      return c.html(sqlPage({ sql: text, error: `The query failed: ${msg}` }), 400);
    }
    if (formatOf(c) !== 'html') return download(c, 'query', result.columns, result.rows);
    const links = { ...downloadLinks('/sql', { sql: text }), share: `/sql${qs({ sql: text })}` };
    const shown = { columns: result.columns, rows: result.rows.slice(0, SQL_PAGE_ROWS), cut: result.rows.length > SQL_PAGE_ROWS };
    return c.html(sqlPage({ sql: text, result: shown, links }));
  });

  app.get('/coverage', async (c) => {
    const rows = await read((tx) => coverage(tx));
    if (formatOf(c) !== 'html') return download(c, 'coverage', COVERAGE_COLUMNS.map((x) => x.name), rows);
    return c.html(coveragePage(rows, downloadLinks('/coverage', {})));
  });

  app.get('/flags', async (c) => {
    const p = (k: string) => c.req.query(k) || undefined;
    const input = { rule: p('rule'), region: p('region'), year: p('year'), severity: p('severity'), level: p('level'), kind: p('kind'), body: p('body') };
    const filter = parseFilter(input);
    const ruleError = input.rule ? unknownRule(input.rule) : null;
    const sevError = input.severity && !(SEVERITIES as readonly string[]).includes(input.severity) ? `severity must be error, warning or info` : null;
    const error = !filter.ok ? filter.error : ruleError ?? sevError ?? undefined;
    const fq = { ...(filter.ok ? filter.value : {}), rule: input.rule, severity: input.severity, body: input.body };
    const pageNo = Math.max(1, Math.floor(Number(c.req.query('page')) || 1));
    if (formatOf(c) !== 'html') {
      if (error) return c.text(`Bad request: ${error}.`, 400);
      const all = await read((tx) => flagRows(tx, fq, { limit: 1_000_000 }));
      return download(c, 'flags', ['id', 'body', 'region_code', 'level', 'kind', 'year', 'rule', 'severity', 'message', 'cells', 'report_id', 'url'], all.rows);
    }
    const data = await read(async (tx) => ({
      rules: await q.flagRules(tx), years: await q.reportYears(tx),
      ...(error ? { rows: [], total: 0 } : await flagRows(tx, fq, { limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE })),
      facets: error ? null : {
        province: (await flagFacet(tx, fq, 'province')).map((f) => ({ ...f, label: f.value ? `${provinceOf(f.value)?.name ?? ''} ${f.value}` : '(no region)' })),
        level: await flagFacet(tx, fq, 'level'), kind: await flagFacet(tx, fq, 'kind'), year: await flagFacet(tx, fq, 'year'),
      },
    }));
    return c.html(flagsPage({ input, error, page: pageNo, links: downloadLinks('/flags', input), ...data }), error ? 400 : 200);
  });
}

/** Documents read through a reader (PDF, DOCX, DOC): the reader's text, as the extractor saw it. */
async function readerTextOf(bytes: Uint8Array, url: string): Promise<string | null> {
  const r = await readDocument(bytes, { url }, { ocr: false, timeoutMs: 15_000 });
  return r.ok ? r.text : null;
}
