/**
 * The browser strategy: one shared headless Chromium (never downloaded:
 * /usr/bin/chromium), a bounded number of pages. Every request the page makes
 * is routed through the polite gate; images, fonts and styles are not fetched.
 * The result is the rendered DOM (UTF-8), so scripts' lists become links.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import type { CookieJar } from './cookies.js';
import { FetchError, type Acquire, type FetchRequest, type FetchResponse, type FetchStrategy } from './fetch-strategy.js';

export const CHROMIUM_PATH = process.env.NIANBAO_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export class BrowserStrategy implements FetchStrategy {
  readonly name = 'browser' as const;
  private browser: Promise<Browser> | null = null;
  private open = 0;
  private readonly waiting: Array<() => void> = [];

  /**
   * `jar`: the crawl's cookies. A page opens with its host's cookies (a challenge solved
   * before is not solved again), and the cookies it ends with go back to the jar, so the
   * plain HTTP fetches of the host (lists, reports, attachments) pass the challenge too.
   */
  constructor(private readonly maxPages = 2, private readonly userAgent?: string, private readonly jar?: CookieJar) {}

  private launch(): Promise<Browser> {
    if (!this.browser) {
      if (!fs.existsSync(CHROMIUM_PATH)) {
        throw new FetchError('network', `Chromium not found at ${CHROMIUM_PATH} (needed for script-driven lists; set NIANBAO_CHROMIUM)`, 'browser');
      }
      this.browser = import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true }));
    }
    return this.browser;
  }

  private async slot(): Promise<() => void> {
    if (this.open >= this.maxPages) await new Promise<void>((r) => this.waiting.push(r));
    else this.open++;
    return () => { const next = this.waiting.shift(); if (next) next(); else this.open--; };
  }

  async fetch(req: FetchRequest, acquire: Acquire): Promise<FetchResponse> {
    const browser = await this.launch();
    const free = await this.slot();
    const context = await browser.newContext({ ...(this.userAgent ? { userAgent: this.userAgent } : {}), locale: 'zh-CN' });
    let exchanges = 0;
    // A data request that failed leaves the list half drawn: the render as a whole has failed.
    let failed: FetchError | null = null;
    const dataResponses: Array<{ url: string; contentType: string; text: string }> = [];
    try {
      const page = await context.newPage();
      await page.route('**/*', async (route) => {
        const r = route.request();
        if (['image', 'font', 'stylesheet', 'media'].includes(r.resourceType()) || !/^https?:/.test(r.url())) {
          await route.abort();
          return;
        }
        // The request is made here, inside the host's slot, and the slot is held
        // until the answer is in: the politeness gap then holds at the server.
        const exchange = await acquire(r.url());
        const role = r.isNavigationRequest() && r.frame() === page.mainFrame() ? undefined : 'sub';
        exchanges++;
        try {
          const response = await route.fetch({ timeout: req.timeoutMs });
          const body = await response.body();
          exchange.done({ status: response.status(), bytes: body.byteLength }, role);
          const ct = response.headers()['content-type'] ?? '';
          if (r.resourceType() !== 'document' && /json|xml/i.test(ct)) dataResponses.push({ url: r.url(), contentType: ct, text: body.toString('utf8') });
          await route.fulfill({ response, body });
        } catch (err) {
          const msg = (err as Error).message.split('\n')[0] ?? '';
          exchange.done({ status: null, bytes: null, error: msg }, role);
          // Only the page's own data counts: a dead third-party script (statistics, share buttons) does not.
          const own = ['document', 'xhr', 'fetch'].includes(r.resourceType()) && new URL(r.url()).host === new URL(req.url).host;
          if (own) failed ??= new FetchError(/timeout/i.test(msg) ? 'timeout' : 'network', `browser: ${r.url()}: ${msg}`, req.url);
          await route.abort().catch(() => {});
        }
      });
      const host = new URL(req.url).host;
      const known = this.jar?.pairs(host) ?? [];
      if (known.length) await context.addCookies(known.map(([name, value]) => ({ name, value, url: new URL(req.url).origin })));
      // Each request has `timeoutMs`; the page as a whole also waits out the host's
      // politeness gaps between them, and 500 ms of quiet for networkidle.
      const res = await page.goto(req.url, { timeout: req.timeoutMs * 4, waitUntil: 'networkidle' });
      if (failed) throw failed;
      const html = await page.content();
      for (const c of await context.cookies(req.url)) this.jar?.set(host, c.name, c.value);
      const headers = res ? await res.allHeaders() : {};
      return {
        status: res?.status() ?? 200, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
        setCookies: [], bytes: new TextEncoder().encode(html), finalUrl: page.url(), exchanges, dataResponses,
      };
    } catch (err) {
      if (err instanceof FetchError) throw err;
      const msg = (err as Error).message.split('\n')[0] ?? '';
      throw new FetchError(/timeout/i.test(msg) ? 'timeout' : 'network', `browser: ${msg}`, req.url);
    } finally {
      await context.close().catch(() => {});
      free();
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b.catch(() => null))?.close().catch(() => {});
  }
}
