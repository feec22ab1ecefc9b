/**
 * The fetch stage: the request through a strategy (plain HTTP, or the browser
 * for lists drawn by scripts). A request that gets no complete answer
 * (reset, timeout, cut short) is retried later and counts against the host's
 * circuit breaker.
 */
import type { CrawlEnv, FetchedCtx, RequestCtx } from './crawl-context.js';
import { FetchError, type FetchResponse } from './fetch-strategy.js';
import { next, retry, type Stage } from './stage.js';

export const fetchStage: Stage<RequestCtx, FetchedCtx, CrawlEnv> = {
  name: 'fetch',
  async run(ctx, env) {
    const strategy = (ctx.browser ? env.browser() : null) ?? env.http;
    let res: FetchResponse;
    try {
      res = await strategy.fetch(ctx.request, env.acquire(ctx));
    } catch (err) {
      env.answered(ctx.row);
      const e = err instanceof FetchError ? err : new FetchError('network', (err as Error).message, ctx.request.url);
      env.gate.recordFailure(ctx.host);
      const outcome = e.code === 'timeout' || e.code === 'truncated' ? e.code : 'network';
      return retry(e.message, { log: { outcome, error: e.message } });
    }
    env.answered(ctx.row);
    return next({ ...ctx, res });
  },
};
