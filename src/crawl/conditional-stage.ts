/**
 * The conditional-GET stage: the request as it will be sent, with the browser
 * headers every request carries, the headers the linking page asked for, and
 * the stored version's validators (If-None-Match / If-Modified-Since) so an
 * unchanged page answers 304.
 */
import type { CrawlEnv, CrawlSettings, RequestCtx, RowCtx, RowMeta } from './crawl-context.js';
import { next, type Stage } from './stage.js';
import { firstStrategy } from './list-style.js';
import { requestKey } from '../store/frontier.js';
import { isPermanentRedirect } from './fetch-strategy.js';

export function baseHeaders(s: Pick<CrawlSettings, 'userAgent'>): Record<string, string> {
  return { 'user-agent': s.userAgent, 'accept-language': 'zh-CN,zh;q=0.9', accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
}

export const conditionalStage: Stage<RowCtx, RequestCtx, CrawlEnv> = {
  name: 'conditional GET',
  run(ctx, env) {
    const { row, latest } = ctx;
    const headers: Record<string, string> = { ...baseHeaders(env.settings), ...(ctx.site?.fetch?.headers ?? {}), ...((row.meta as RowMeta).headers ?? {}) };
    if (latest?.etag) headers['if-none-match'] = latest.etag;
    if (latest?.last_modified) headers['if-modified-since'] = latest.last_modified;
    const get = row.method !== 'POST';
    // A page fetched before that now redirects elsewhere is not followed when it has moved since
    // (a permanent redirect, 301 or 308, to another address than the one it was served from: a
    // revamp's new address, which becomes a request of its own, see the classify stage) or when
    // the crawl has a request for the target anyway: that request fetches it, with its own
    // validators, and the host is asked once — whichever of the list and the old address is
    // answered first. A redirect the page already answered when last fetched (a list that links
    // an old address for good) and a temporary one to a page the crawl does not know are
    // followed; a first fetch follows as ever, with no lookup.
    const leaveRedirect = get && latest
      ? async (target: string, status: number) => {
        const key = requestKey({ url: target });
        if (key === row.request_key) return false;
        return (isPermanentRedirect(status) && key !== requestKey({ url: latest.final_url })) || env.hasRequest(target);
      }
      : undefined;
    const request = { url: row.url, method: get ? 'GET' as const : 'POST' as const, body: row.body, headers, timeoutMs: ctx.site?.fetch?.timeout_ms ?? env.settings.timeoutMs,
      ...(leaveRedirect ? { leaveRedirect } : {}) };
    const strategy = firstStrategy(row, ctx.site);
    return next({ ...ctx, request, browser: env.settings.browser && strategy === 'browser', mayRender: env.settings.browser && strategy !== 'data', round: 0 });
  },
};
