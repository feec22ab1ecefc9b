/**
 * The store stage: a page's raw bytes as a new document version (or the stored
 * version confirmed by a 304), its links into the frontier and its row
 * completed, in one transaction (see page-writer.ts).
 */
import type { CrawlEnv, DiscoveredCtx, StoredCtx } from './crawl-context.js';
import { next, type Stage } from './stage.js';

export const storeStage: Stage<DiscoveredCtx, StoredCtx, CrawlEnv> = {
  name: 'store version',
  async run(ctx, env) {
    if (ctx.page === 'not-modified') {
      await env.writer.notModified(ctx.row, ctx.latest, { ...(ctx.storedLinks ? { links: ctx.links } : {}), ...(ctx.after ? { after: ctx.after } : {}) });
      return next({ ...ctx, saved: 'not-modified' });
    }
    const saved = await env.writer.save(ctx.row, ctx.res, ctx.charset, ctx.links, ctx.after);
    return next({ ...ctx, saved });
  },
};
