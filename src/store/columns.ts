/**
 * The 年报 columns of each site: recorded as the finder meets them (with their
 * evidence), confirmed each time a crawl sees them where they are, and settled
 * at the end of a finished crawl: a column not seen is `missing`, and one whose
 * body has a column found elsewhere meanwhile is `moved` (to that one).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, SiteColumnsTable } from './schema.js';
import { jsonParam } from './json-param.js';

export type SiteColumn = Selectable<SiteColumnsTable>;

export interface ColumnRecord {
  readonly siteId: string;
  readonly url: string;
  /** Dedupe key within the site (canonical URL). */
  readonly canonicalUrl: string;
  readonly source: 'finder' | 'manual';
  readonly bodyName: string;
  readonly bodySource: string;
  readonly bodyKind: string;
  readonly regionCode: string | null;
  readonly level: string | null;
  readonly parentUrl: string | null;
  readonly central: boolean;
  readonly score: number;
  readonly reportItems: number;
  readonly evidence: readonly unknown[];
}

/** Records columns seen at `at`: new ones are inserted, known ones confirmed (and their evidence refreshed). */
export async function recordColumns(db: Kysely<Database>, cols: readonly ColumnRecord[], at: Date): Promise<void> {
  if (cols.length === 0) return;
  // One row per key: a batch may meet the same column twice (two trails to it).
  const byKey = new Map(cols.map((c) => [`${c.siteId} ${c.canonicalUrl}`, c]));
  const rows = [...byKey.values()].sort((a, b) => (`${a.siteId} ${a.canonicalUrl}` < `${b.siteId} ${b.canonicalUrl}` ? -1 : 1)).map((c) => ({
    site_id: c.siteId, url: c.url, canonical_url: c.canonicalUrl, source: c.source, body_name: c.bodyName, body_source: c.bodySource,
    body_kind: c.bodyKind, region_code: c.regionCode, level: c.level, parent_url: c.parentUrl, central: c.central, score: c.score,
    report_items: c.reportItems, evidence: jsonParam(c.evidence), status: 'active' as const, last_verified_at: at,
  }));
  await db.insertInto('site_columns').values(rows).onConflict((oc) => oc.columns(['site_id', 'canonical_url']).doUpdateSet((eb) => ({
    url: eb.ref('excluded.url'), body_name: eb.ref('excluded.body_name'), body_source: eb.ref('excluded.body_source'),
    body_kind: eb.ref('excluded.body_kind'), region_code: eb.ref('excluded.region_code'), level: eb.ref('excluded.level'),
    parent_url: eb.ref('excluded.parent_url'), central: eb.ref('excluded.central'), score: eb.ref('excluded.score'),
    report_items: eb.ref('excluded.report_items'), evidence: eb.ref('excluded.evidence'), status: 'active',
    last_verified_at: eb.ref('excluded.last_verified_at'), missing_since: null, moved_to: null,
  }))).execute();
}

/** Confirms known columns (by canonical URL) seen again at `at`. */
export async function confirmColumns(db: Kysely<Database>, siteId: string, canonicalUrls: readonly string[], at: Date): Promise<void> {
  if (canonicalUrls.length === 0) return;
  await db.updateTable('site_columns').set({ last_verified_at: at, status: 'active', missing_since: null, moved_to: null })
    .where('site_id', '=', siteId).where('canonical_url', 'in', [...canonicalUrls]).execute();
}

/**
 * After a finished crawl that started at `since`: columns of these sites not
 * seen since then are missing; a missing column whose body got a column found
 * since then has moved there. Returns how many were marked each way.
 */
export async function settleColumns(db: Kysely<Database>, siteIds: readonly string[], since: Date): Promise<{ missing: number; moved: number }> {
  if (siteIds.length === 0) return { missing: 0, moved: 0 };
  const missing = await db.updateTable('site_columns').set((eb) => ({ status: 'missing', missing_since: eb.fn.coalesce('missing_since', sql<Date>`now()`) }))
    .where('site_id', 'in', [...siteIds]).where('status', '=', 'active').where('source', '=', 'finder').where('last_verified_at', '<', since).executeTakeFirst();
  // Moved: the same body's column found since, named by the same link (a revamp changes addresses, rarely words);
  // then, for what is left, the body's only new column.
  const found = sql`cur.site_id = old.site_id and cur.status = 'active' and cur.found_at >= ${since} and cur.id <> old.id
       and cur.body_name = old.body_name and (cur.parent_url is null) = (old.parent_url is null)`;
  const byWords = await sql`
    update site_columns old set status = 'moved', moved_to = (select cur.id from site_columns cur where ${found}
       and cur.evidence->-1->>'text' = old.evidence->-1->>'text' order by cur.id limit 1)
     where old.site_id in (${sql.join([...siteIds])}) and old.status = 'missing'
       and exists (select 1 from site_columns cur where ${found} and cur.evidence->-1->>'text' = old.evidence->-1->>'text')`.execute(db);
  const byBody = await sql`
    update site_columns old set status = 'moved', moved_to = (select cur.id from site_columns cur where ${found} order by cur.id limit 1)
     where old.site_id in (${sql.join([...siteIds])}) and old.status = 'missing'
       and (select count(*) from site_columns cur where ${found}) = 1`.execute(db);
  const moved = { numAffectedRows: (byWords.numAffectedRows ?? 0n) + (byBody.numAffectedRows ?? 0n) };
  return { missing: Number(missing.numUpdatedRows), moved: Number(moved.numAffectedRows ?? 0n) };
}

/** Columns of these sites (all sites when empty), by site and URL. */
export async function listColumns(db: Kysely<Database>, opts: { siteIds?: readonly string[]; status?: SiteColumn['status'] } = {}): Promise<SiteColumn[]> {
  let q = db.selectFrom('site_columns').selectAll().orderBy('site_id').orderBy('url');
  if (opts.siteIds?.length) q = q.where('site_id', 'in', [...opts.siteIds]);
  if (opts.status) q = q.where('status', '=', opts.status);
  return q.execute();
}
