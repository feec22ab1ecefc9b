/**
 * The crawler (contract 5): `crawl(store, opts)` crawls the registry's sites
 * into the store and returns what it did.
 */
import { loadLearned } from '../store/fetch-policies.js';
import type { Store } from '../store/open-store.js';
import { loadSites, upsertSites, storedSites, type Site } from './sites.js';
import { Crawler } from './crawler.js';
import { newOwner, releaseDeadLocalLeases, startRun } from './crawl-run.js';
import type { CrawlOptions, CrawlSummary } from './types.js';
import { settleFound } from './columns/column-seeds.js';

export type { CrawlOptions, CrawlSummary, CrawlProgress, FetchEvent, SiteCounters, Outcome } from './types.js';
export { loadSites, parseSites, upsertSites, storedSites, SitesFileError, type Site, type SiteHints } from './sites.js';
export { canonicalUrl, hostKey } from './url.js';
export { decodeBody } from './charset.js';
export { isReportTitle } from './classify.js';

/** Which sites a crawl covers: given entries, else the registry file, else the database; filtered by id. */
export async function resolveSites(store: Store, opts: CrawlOptions): Promise<Site[]> {
  let sites: readonly Site[];
  if (opts.sites) sites = opts.sites;
  else if (opts.sitesFile) sites = loadSites(opts.sitesFile);
  else sites = await storedSites(store.db);
  if (opts.sites || opts.sitesFile) await upsertSites(store.db, sites);
  if (opts.siteIds?.length) {
    const unknown = opts.siteIds.filter((id) => !sites.some((s) => s.id === id));
    if (unknown.length) throw new Error(`unknown site id(s): ${unknown.join(', ')}`);
    sites = sites.filter((s) => opts.siteIds!.includes(s.id));
  }
  return [...sites];
}

export async function crawl(store: Store, opts: CrawlOptions = {}): Promise<CrawlSummary> {
  const sites = await resolveSites(store, opts);
  await releaseDeadLocalLeases(store.db);
  const run = await startRun(store.db, sites, { fresh: opts.fresh });
  const crawler = new Crawler(store, sites, run.runId, opts.owner ?? newOwner(), { learned: await loadLearned(store.db), ...opts });
  const { summary } = await crawler.run();
  // Columns are settled only when the whole run is done: a column not seen in a partial run may just not be reached yet.
  if (summary.finished) await settleFound(store.db, run.runId, sites);
  return { runId: run.runId, resumed: run.resumed, sites: sites.length, ...summary };
}
