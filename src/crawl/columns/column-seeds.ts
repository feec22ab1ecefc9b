/**
 * Where a crawl starts looking for columns, and what it concludes at the end:
 * each portal's home page (and any extra roots) as a navigation page, the
 * columns found before as lists (so a column is crawled even when the way to it
 * is down tonight), and, after a finished run, the columns not seen again
 * settled as missing or moved.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { CrawlRequestInput } from '../../store/frontier.js';
import { listColumns, settleColumns } from '../../store/columns.js';
import { discovers, type Site } from '../sites.js';
import { fetchUrl } from '../url.js';
import { rootStep } from './column-finder.js';
import { navPriority, overridden } from './finder-state.js';

/** The home page and `discover.roots` of every site the finder works on. */
export function navSeeds(sites: readonly Site[]): CrawlRequestInput[] {
  return sites.filter(discovers).flatMap((s) => [s.base_url, ...(s.discover?.roots ?? [])].map((root) => {
    const url = fetchUrl(root) ?? root;
    return { url, siteId: s.id, kind: 'nav', priority: navPriority(100), meta: { seed: true, nav: { trail: [rootStep(url)] } } };
  }));
}

/** Columns found on earlier crawls (and not moved away) as list seeds that confirm them. */
export async function columnSeeds(db: Kysely<Database>, sites: readonly Site[]): Promise<CrawlRequestInput[]> {
  const finding = sites.filter(discovers);
  if (finding.length === 0) return [];
  const byId = new Map(finding.map((s) => [s.id, s]));
  const cols = await listColumns(db, { siteIds: finding.map((s) => s.id) });
  return cols.filter((c) => c.status !== 'moved' && !overridden(byId.get(c.site_id)!, c.url))
    .map((c) => ({ url: c.url, siteId: c.site_id, kind: 'list', priority: 10, meta: { seed: true, column: c.canonical_url } }));
}

/** After a finished crawl run: columns of the finder's sites not seen since the run began are missing, or moved. */
export async function settleFound(db: Kysely<Database>, runId: number, sites: readonly Site[]): Promise<{ missing: number; moved: number }> {
  const run = await db.selectFrom('runs').select('started_at').where('id', '=', runId).executeTakeFirst();
  if (!run) return { missing: 0, moved: 0 };
  return settleColumns(db, sites.filter(discovers).map((s) => s.id), run.started_at);
}
