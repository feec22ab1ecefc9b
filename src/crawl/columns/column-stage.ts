/**
 * The column finder as crawl stages. `navBudgetStage` (first) lets a portal's
 * navigation pages through while its page budget lasts. `columnStage` (after
 * link discovery) reads a navigation page — fetched, or the stored version a
 * 304 confirmed — decides with the pure finder whether it is a 年报 column and
 * where to go next, and hands the store stage the next pages, the column's own
 * list links, and the column record to write in the page's transaction. A list
 * seeded from a stored column confirms it.
 */
import type { Discovered } from '../discover.js';
import { discoverList, type PageLinks } from '../discover.js';
import type { CrawlEnv, DiscoveredCtx, RowCtx, RowMeta } from '../crawl-context.js';
import type { TxWrite } from '../page-writer.js';
import { next, retry, skip, type Stage } from '../stage.js';
import type { Site } from '../sites.js';
import { canonicalUrl } from '../url.js';
import { confirmColumns, recordColumns, type ColumnRecord } from '../../store/columns.js';
import { readNavPage } from './nav-page.js';
import { decide, type FoundColumn, type NavStep } from './column-finder.js';
import { classify } from './column-body.js';
import { navPriority, overridden } from './finder-state.js';

/** A navigation row's meta: the way from the home page to it. A list seeded from a stored column names the column. */
export interface FinderMeta extends RowMeta {
  nav?: { trail: NavStep[] };
  column?: string;
}

export const navBudgetStage: Stage<RowCtx, RowCtx, CrawlEnv> = {
  name: 'navigation budget',
  run(ctx, env) {
    if (ctx.row.kind !== 'nav' || !ctx.row.site_id || env.finder.spend(ctx.row.site_id)) return next(ctx);
    return skip('column finder: navigation page budget of the site spent', null);
  },
};

/** The column as the store keeps it. */
export function columnRecord(site: Site, c: FoundColumn): ColumnRecord {
  const body = classify(c.body.name, site);
  return {
    siteId: site.id, url: c.url, canonicalUrl: canonicalUrl(c.url) ?? c.url, source: 'finder', bodyName: c.body.name, bodySource: c.body.source,
    bodyKind: body.kind, regionCode: body.regionCode, level: body.level, parentUrl: c.parentUrl, central: c.central, score: c.score,
    reportItems: c.reportItems, evidence: c.trail.map((s) => ({ url: s.url, text: s.text, role: s.role, score: s.score, rule: s.rule, via: s.via })),
  };
}

export const columnStage: Stage<DiscoveredCtx, DiscoveredCtx, CrawlEnv> = {
  name: 'find columns',
  async run(ctx, env) {
    const { row, site } = ctx;
    const meta = row.meta as FinderMeta;
    if (!site) return next(ctx);
    if (row.kind === 'list' && meta.column) {
      const at = new Date();
      const confirm: TxWrite = (tx) => confirmColumns(tx, site.id, [meta.column!], at);
      return next({ ...ctx, after: [...(ctx.after ?? []), confirm] });
    }
    if (row.kind !== 'nav' || !meta.nav?.trail?.length) return next(ctx);
    const stored = ctx.page === 'not-modified';
    const { text, contentType } = stored
      ? (ctx.latest ? await env.writer.storedText(ctx.latest.id) : { text: '', contentType: null })
      : { text: ctx.text, contentType: ctx.res.headers['content-type'] ?? null };
    // Links resolve against where the page was served (a redirect may have moved it).
    const url = stored ? row.url : ctx.res.finalUrl;
    const trail = meta.nav.trail;
    const page = readNavPage(url, text);
    const d = decide(url, page, trail, { siteBody: site.body, rootUrl: site.base_url });
    if (process.env.NB_DEBUG && url.includes(process.env.NB_DEBUG)) console.error('DEBUG', row.url, '->', url, stored, trail.map((t) => `${t.role}:${t.text}`).join('>'), 'column', d.column?.url, 'next', d.next.map((n) => n.url).join(' '));
    const onward: Discovered[] = env.finder.admit(site, trail.at(-1)!, trail.length, d.next).map((n) => ({
      url: n.url, kind: 'nav', title: n.step.text || undefined, priority: navPriority(n.step.score), meta: { nav: { trail: [...trail, n.step] } },
    }));
    const after: TxWrite[] = [...(ctx.after ?? [])];
    let list: PageLinks = { links: [], title: null, scriptDriven: false };
    if (d.column && !overridden(site, d.column.url)) {
      const record = columnRecord(site, d.column);
      const at = new Date();
      after.push((tx) => recordColumns(tx, [record], at));
      if (!env.finder.navigationOnly) {
        list = discoverList(url, text, contentType, 0);
        // A column drawn by scripts: render it, as the list crawler does.
        if (!stored && list.scriptDriven && list.links.length === 0 && !ctx.browser && ctx.mayRender && env.settings.browser) {
          return retry('script-driven column', { again: { why: 'script-driven column', browser: true }, log: { outcome: 'ok', error: 'script-driven column: rendering with the browser' } });
        }
      }
    }
    // Navigation first: a sub-column both the finder and the list discovery name is the finder's (it records it).
    const links: PageLinks = { links: [...onward, ...ctx.links.links, ...list.links], title: ctx.links.title ?? page.title, scriptDriven: false };
    return next({ ...ctx, links, after, storedLinks: stored || ctx.storedLinks });
  },
};
