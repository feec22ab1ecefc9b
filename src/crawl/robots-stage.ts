/**
 * The robots stage: may this URL be fetched, and how slowly? robots.txt is read
 * once per host (through the same polite slots as every request) and cached;
 * an unreadable one means "not now" (see robots.ts).
 */
import type { CrawlEnv, RowCtx } from './crawl-context.js';
import type { LoggedExchange } from './fetch-log.js';
import { next, retry, skip, type Stage } from './stage.js';
import { parseRobots, isUnreachable, ALLOW_ALL, UNREACHABLE, type Robots } from './robots.js';
import { baseHeaders } from './conditional-stage.js';
import { isChallenge, solveCookieChallenge } from './classify.js';
import { hostKey } from './url.js';
import { decodeHTML } from 'entities';
import type { FetchStrategy } from './fetch-strategy.js';

export const robotsStage: Stage<RowCtx, RowCtx, CrawlEnv> = {
  name: 'robots',
  async run(ctx, env) {
    const robots = await env.robots.get(ctx.row.url);
    // Wait and ask for robots.txt again; a host whose robots.txt stays down is given up on like a down page.
    if (isUnreachable(robots)) return retry(`robots.txt of ${ctx.host} unreachable`);
    if (!robots.isAllowed(ctx.row.url)) return skip('disallowed by robots.txt', null, { outcome: 'robots-disallowed' });
    if (robots.crawlDelayMs) env.applyCrawlDelay(ctx.row.url, ctx.site, robots.crawlDelayMs);
    return next(ctx);
  },
};

/**
 * Reads `origin`/robots.txt: 4xx allows everything, 5xx or no answer is UNREACHABLE.
 * A JS challenge in front of it (加速乐 521, 瑞数 412, 468) is a challenge, not an
 * outage: its cookie is computed and the file asked for again; a challenge only a
 * browser passes goes to the browser (whose cookies then serve plain HTTP too).
 */
export async function loadRobots(origin: string, env: CrawlEnv): Promise<Robots> {
  const url = `${origin}/robots.txt`;
  const open: LoggedExchange[] = [];
  const close = (outcome: 'robots' | 'challenge' = 'robots') => { for (const x of open.splice(0)) env.log.close(x, outcome); };
  const get = async (strategy: FetchStrategy) => {
    const res = await strategy.fetch({ url, method: 'GET', headers: baseHeaders(env.settings), timeoutMs: env.settings.timeoutMs }, env.acquire({ row: null, open }));
    const text = new TextDecoder().decode(res.bytes);
    const challenged = isChallenge(res.status, text);
    close(challenged ? 'challenge' : 'robots');
    return { res, text, challenged };
  };
  try {
    let r = await get(env.http);
    const cookies = r.challenged ? solveCookieChallenge(r.text) : null;
    if (cookies) {
      for (const [k, v] of cookies) env.cookies.set(hostKey(url), k, v);
      r = await get(env.http);
    }
    const browser = r.challenged ? env.browser() : null;
    if (browser) r = await get(browser).then((b) => ({ ...b, text: renderedText(b.text) }));
    if (r.challenged || r.res.status >= 500) return UNREACHABLE;
    if (r.res.status >= 400) return ALLOW_ALL;
    const robots = parseRobots(url, r.text);
    if (robots.crawlDelayMs) env.applyCrawlDelay(url, undefined, robots.crawlDelayMs);
    return robots;
  } catch {
    close();
    return UNREACHABLE;
  }
}

/** A browser shows a text file as `<pre>` inside an HTML page: the file's text again. */
function renderedText(html: string): string {
  const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/i.exec(html)?.[1];
  if (pre === undefined) return html;
  return decodeHTML(pre.replace(/<[^>]+>/g, ''));
}
