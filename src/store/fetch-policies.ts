/**
 * What hosts taught the crawler about reaching them (src/crawl/fetch-policy.ts): one
 * row per host, each lesson merged in with its reason, read back at the next crawl.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Learned, TlsVersion } from '../crawl/fetch-policy.js';

export async function loadLearned(db: Kysely<Database>): Promise<Learned[]> {
  const rows = await db.selectFrom('host_fetch_policy').selectAll().execute();
  return rows.map((r) => ({
    host: r.host, siteId: r.site_id, scheme: r.scheme === 'http' || r.scheme === 'https' ? r.scheme : null,
    tlsMinVersion: (r.tls_min_version as TlsVersion | null) ?? null, tlsVerify: r.tls_verify, reason: r.reason,
  }));
}

/** Merges a lesson into the host's row: what it says replaces, what it leaves out stays; reasons accumulate. */
export async function saveLearned(db: Kysely<Database>, l: Learned): Promise<void> {
  await db.insertInto('host_fetch_policy').values({
    host: l.host, site_id: l.siteId, scheme: l.scheme, tls_min_version: l.tlsMinVersion, tls_verify: l.tlsVerify, reason: l.reason,
  }).onConflict((oc) => oc.column('host').doUpdateSet({
    site_id: sql`coalesce(excluded.site_id, host_fetch_policy.site_id)`,
    scheme: sql`coalesce(excluded.scheme, host_fetch_policy.scheme)`,
    tls_min_version: sql`coalesce(excluded.tls_min_version, host_fetch_policy.tls_min_version)`,
    tls_verify: sql`coalesce(excluded.tls_verify, host_fetch_policy.tls_verify)`,
    reason: sql`case when position(excluded.reason in host_fetch_policy.reason) > 0 then host_fetch_policy.reason
                     else host_fetch_policy.reason || '; ' || excluded.reason end`,
    learned_at: sql`now()`,
  })).execute();
}
