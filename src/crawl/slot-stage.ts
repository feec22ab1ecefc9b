/**
 * The politeness-slot stage: a host whose circuit breaker is open is not asked
 * (the row waits, without using an attempt), and a crawl whose writes fall
 * behind fetches no more until they catch up. The per-request slot (interval
 * and concurrency per host) is taken by the fetch strategy for each request it
 * makes, redirect hops and a browser's sub-requests included.
 */
import type { CrawlEnv, RowCtx } from './crawl-context.js';
import { next, retry, type Stage } from './stage.js';

export const slotStage: Stage<RowCtx, RowCtx, CrawlEnv> = {
  name: 'politeness slot',
  async run(ctx, env) {
    if (env.gate.isOpen(ctx.host)) {
      return retry(`circuit open for ${ctx.host}`, { afterMs: env.gate.openUntil(ctx.host) - Date.now(), counted: false });
    }
    env.stats.started++;
    await env.writer.room();
    return next(ctx);
  },
};
