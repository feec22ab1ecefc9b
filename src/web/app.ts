/**
 * The read-only web view as a hono app: routes map requests to queries (in a
 * read-only transaction) and queries to pages. Only GET; every page carries a
 * Content-Security-Policy that allows scripts from this server alone.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { isCanonicalKey } from '../template/index.js';
import { readOnly } from './read-only.js';
import { readOnlyMethods, securityHeaders, validInput } from './request-guard.js';
import * as q from './queries.js';
import { cellHref, page } from './layout.js';
import { safeNext } from './auth/session-middleware.js';
import { reportPage } from './pages/report-page.js';
import { cellPage } from './pages/cell-page.js';
import { bodyPage, homePage, searchPage } from './pages/browse-pages.js';
import { researchRoutes } from './research-routes.js';
import type { RawRunner } from '../store/raw-sql.js';
import { compareRoute } from './compare-route.js';
import { download, formatOf } from './downloads.js';
import { checkReports } from '../check/index.js';
import type { CheckAll } from '../pipeline/check-stage.js';
import type { FailureLimiter } from '../auth/rate-limit.js';
import { sessionMiddleware } from './auth/session-middleware.js';
import { installLogin } from './auth/login-routes.js';
import { installReview, WRITE_PATHS } from './review/review-routes.js';
import { reportReview } from './review/report-review.js';
import { sourceExcerpt } from './review/source-excerpt.js';
import { isText } from './pages/document-page.js';

/** Stored pages are third-party HTML: shown sandboxed (no scripts, a unique origin). */
const RAW_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

interface StaticFile { readonly type: string; readonly load: () => Buffer }

function staticFiles(): Map<string, StaticFile> {
  const require = createRequire(import.meta.url);
  const own = (name: string) => () => fs.readFileSync(new URL(`./static/${name}`, import.meta.url));
  const files = new Map<string, StaticFile>([
    // ECharts is served from node_modules: the view works with no network at all.
    ['echarts.min.js', { type: 'text/javascript; charset=utf-8', load: () => fs.readFileSync(require.resolve('echarts/dist/echarts.min.js')) }],
    ['compare-chart.js', { type: 'text/javascript; charset=utf-8', load: own('compare-chart.js') }],
    ['style.css', { type: 'text/css; charset=utf-8', load: own('style.css') }],
  ]);
  const cache = new Map<string, Buffer>();
  return new Map([...files].map(([name, f]) => [name, { type: f.type, load: () => {
    if (!cache.has(name)) cache.set(name, f.load());
    return cache.get(name)!;
  } }]));
}

const notFound = (c: Context, what: string) =>
  c.html(page('Not found', html`<p>${what}</p><p><a href="/">Home</a></p>`), 404);

const idParam = (c: Context, name = 'id'): number | null => {
  const v = Number(c.req.param(name));
  return Number.isSafeInteger(v) && v > 0 ? v : null;
};

/** Who may read and how requests reach the server; writing always needs an account. */
export interface AppOptions {
  /** Anyone may read without signing in (`serve --public-read`). */
  readonly publicRead: boolean;
  /** Behind a reverse proxy the operator runs: client address from X-Forwarded-For, TLS from X-Forwarded-Proto. */
  readonly trustProxy?: boolean;
  /** Session cookies marked Secure even without a TLS hint (the site is only reached over HTTPS). */
  readonly secureCookies?: boolean;
  /** The checks a reviewer's correction re-runs (default: all of them). */
  readonly check?: CheckAll;
  /**
   * false: the database behind is a read-only copy (the embedded database served
   * with --public-read, so other commands can run): nobody signs in, nothing is written.
   */
  readonly writable?: boolean;
  /** Runs one statement as typed on the SQL page (read-only there); absent: the SQL page says so. */
  readonly raw?: RawRunner;
  /** Sign-in throttling and password check, replaceable in tests. */
  readonly login?: { readonly limiter?: FailureLimiter; readonly verify?: (stored: string, password: string) => Promise<boolean> };
}

/** Builds the app on an open store's database. */
export function createApp(db: Kysely<Database>, opts: AppOptions): Hono {
  const app = new Hono();
  const statics = staticFiles();
  const read = <T>(fn: (tx: Kysely<Database>) => Promise<T>) => readOnly(db, fn);
  const trustProxy = opts.trustProxy ?? false;

  app.use('*', securityHeaders(), readOnlyMethods(opts.writable === false ? undefined : WRITE_PATHS), validInput());

  app.use('*', sessionMiddleware(db, { publicRead: opts.publicRead, signIn: opts.writable !== false }));
  installLogin(app, db, { trustProxy, secureCookies: opts.secureCookies ?? false, writable: opts.writable !== false, ...opts.login });
  installReview(app, db, { trustProxy, check: opts.check ?? checkReports });

  app.get('/static/:name', (c) => {
    const f = statics.get(c.req.param('name'));
    if (!f) return notFound(c, 'No such file.');
    return c.body(new Uint8Array(f.load()), 200, { 'Content-Type': f.type, 'Cache-Control': 'public, max-age=3600' });
  });

  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/', async (c) => c.html(homePage(await read((tx) => q.overview(tx)))));

  app.get('/search', async (c) => {
    const text = (c.req.query('q') ?? '').slice(0, 200);
    const hits = await read((tx) => q.searchBodies(tx, text));
    if (formatOf(c) !== 'html') return download(c, 'bodies', ['id', 'name', 'region_code', 'region_name', 'level', 'kind', 'years'], hits);
    return c.html(searchPage(text, hits));
  });

  app.get('/body/:id', async (c) => {
    const id = idParam(c);
    const found = id === null ? undefined : await read(async (tx) => {
      const body = await q.bodyById(tx, id);
      return body && { body, reports: await q.bodyReports(tx, id) };
    });
    if (found && formatOf(c) !== 'html') return download(c, `body-${id}`, Object.keys(found.reports[0] ?? { report_id: null }), found.reports);
    return found ? c.html(bodyPage(found.body, found.reports)) : notFound(c, 'No such body.');
  });

  app.get('/report/:id', async (c) => {
    const id = idParam(c);
    const view = id === null ? undefined : await read(async (tx) => {
      const head = await q.reportHead(tx, id);
      if (!head) return undefined;
      return {
        head, cells: await q.reportCells(tx, id), flags: await q.reportFlags(tx, id), metrics: await q.reportMetrics(tx, id),
        years: head.body_id ? await q.bodyReports(tx, head.body_id) : [], review: await reportReview(tx, id),
      };
    });
    if (view && formatOf(c) !== 'html') return download(c, `report-${id}`, Object.keys(view.cells[0] ?? { key: null }), view.cells);
    return view ? c.html(reportPage(view)) : notFound(c, 'No such report.');
  });

  app.get('/report/:id/cell/:key', async (c) => {
    const id = idParam(c);
    const key = c.req.param('key');
    if (id === null || !isCanonicalKey(key)) return notFound(c, 'No such cell.');
    const view = await read(async (tx) => {
      const head = await q.reportHead(tx, id);
      if (!head) return undefined;
      const cell = (await q.reportCells(tx, id)).find((x) => x.key === key);
      const flags = (await q.reportFlags(tx, id)).filter((f) => Object.hasOwn(f.cells ?? {}, key));
      const history = head.body_id ? await q.cellHistory(tx, head.body_id, key) : [];
      const doc = await q.documentRow(tx, head.document_id);
      const excerpt = doc && cell && isText(doc) ? sourceExcerpt(doc, cell) : null;
      const review = { review: await reportReview(tx, id), excerpt, next: safeNext(c.req.query('next'), cellHref(id, key)) };
      return { head, key, cell, flags, history, review };
    });
    return view ? c.html(cellPage(view)) : notFound(c, 'No such report.');
  });

  app.get('/document/:id/raw', async (c) => {
    const id = idParam(c);
    const doc = id === null ? undefined : await read((tx) => q.documentRow(tx, id));
    if (!doc) return notFound(c, 'No such document version.');
    return c.body(new Uint8Array(doc.bytes), 200, {
      'Content-Type': doc.content_type ?? 'application/octet-stream',
      'Content-Security-Policy': RAW_CSP,
    });
  });

  researchRoutes(app, read, opts.raw);

  app.get('/compare', async (c) => compareRoute(c, read));

  app.notFound((c) => notFound(c, 'No such page.'));
  app.onError((err, c) => {
    // The database's message stays in the server's log: it can echo input and describes internals.
    process.stderr.write(`nianbao serve: ${c.req.method} ${c.req.path}: ${err.message}\n`);
    return c.html(page('Error', html`<p class="error">The request failed on the server (the error is in its log).</p>`), 500);
  });
  return app;
}
