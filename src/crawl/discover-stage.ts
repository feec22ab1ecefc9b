/**
 * The discover stage: the links of a page (a list's reports, pages and
 * sub-columns; a report's attachments). A list drawn by scripts that shows no
 * link goes round again in the browser.
 */
import type { FrontierRow } from '../store/frontier.js';
import type { ClassifiedCtx, CrawlEnv, DiscoveredCtx, RowMeta } from './crawl-context.js';
import type { FetchResponse } from './fetch-strategy.js';
import { discoverAttachments, discoverList, mayHaveAttachments, type PageLinks } from './discover.js';
import { next, retry, skip, type Stage } from './stage.js';
import { isReportTitle } from './classify.js';
import { mayHaveTableImages } from '../extract/page-images.js';

const NONE: PageLinks = { links: [], title: null, scriptDriven: false };

/**
 * Links of a page: a list's reports, pages and sub-columns; a report's attachments.
 * Relative links resolve against `at`, where the page was served (after redirects).
 */
export function discoverPage(row: Pick<FrontierRow, 'url' | 'kind' | 'meta'>, text: string, contentType: string | null, at = row.url): PageLinks {
  if (row.kind === 'list') return discoverList(at, text, contentType, (row.meta as RowMeta).depth ?? 0);
  // Parsing a report is most of the crawler's CPU; its title is only wanted when the list gave none.
  if (row.kind !== 'report' || !text) return NONE;
  const tableImages = mayHaveTableImages(text);
  if ((row.meta as RowMeta).title === undefined || mayHaveAttachments(text) || tableImages) return discoverAttachments(at, text, tableImages);
  return NONE;
}

/** A rendered list's own API answers (e.g. gkmlpt JSON) add their reports and further API pages. */
function withDataLinks(row: FrontierRow, links: PageLinks, res: FetchResponse): PageLinks {
  if (row.kind !== 'list' || !res.dataResponses?.length) return links;
  const extra = res.dataResponses.flatMap((d) => discoverList(d.url, d.text, d.contentType).links);
  return { ...links, links: [...links.links, ...extra] };
}

export const discoverStage: Stage<ClassifiedCtx, DiscoveredCtx, CrawlEnv> = {
  name: 'discover links',
  run(ctx) {
    const { row, res } = ctx;
    if (ctx.page === 'not-modified') return next({ ...ctx, links: NONE });
    const links = withDataLinks(row, discoverPage(row, ctx.text, res.headers['content-type'] ?? null, res.finalUrl), res);
    // A list title cut short (…工作年...) is confirmed by the page's own title, or the page is no report.
    const cut = (row.meta as RowMeta).cutTitle;
    if (row.kind === 'report' && cut !== undefined && !isReportTitle(links.title)) {
      return skip(`not a report: listed as "${cut}", titled "${links.title ?? ''}"`, res.status, { outcome: 'not-report' });
    }
    if (row.kind === 'list' && links.scriptDriven && links.links.length === 0 && !ctx.browser && ctx.mayRender) {
      return retry('script-driven list', { again: { why: 'script-driven list', browser: true }, log: { outcome: 'ok', error: 'script-driven list: rendering with the browser' } });
    }
    return next({ ...ctx, links });
  },
};
