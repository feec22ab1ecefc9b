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

/** Reads `origin`/robots.txt: 4xx allows everything, 5xx or no answer is UNREACHABLE. */
export async function loadRobots(origin: string, env: CrawlEnv): Promise<Robots> {
  const url = `${origin}/robots.txt`;
  const open: LoggedExchange[] = [];
  const close = () => { for (const x of open.splice(0)) env.log.close(x, 'robots'); };
  try {
    const res = await env.http.fetch({ url, method: 'GET', headers: baseHeaders(env.settings), timeoutMs: env.settings.timeoutMs },
      env.acquire({ row: null, open }));
    close();
    if (res.status >= 500) return UNREACHABLE;
    if (res.status >= 400) return ALLOW_ALL;
    const robots = parseRobots(url, new TextDecoder().decode(res.bytes));
    if (robots.crawlDelayMs) env.applyCrawlDelay(url, undefined, robots.crawlDelayMs);
    return robots;
  } catch {
    close();
    return UNREACHABLE;
  }
}
