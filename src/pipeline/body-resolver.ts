/**
 * Which body a report belongs to. The page names its body (extraction's
 * organization); the site registry knows the region and level of the
 * government that runs the site. The classifier (src/model/body-kind.ts)
 * decides kind and level from both; a department or township publishing on
 * its county's site shares the county's region code unless its name says more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Body } from '../model/body.js';
import { classifyBody } from '../model/body-kind.js';
import { levelOfCode } from '../model/division.js';
import type { ExtractionOk } from '../model/report.js';

export interface SiteInfo {
  readonly id: string;
  readonly body_name: string;
  readonly region_code: string | null;
  readonly region_name: string | null;
  readonly level: string | null;
}

/** Words a page uses for itself that do not name a body (我镇, 本机关). */
const SELF_REFERENCE = /^(我|本)(县|市|区|镇|乡|街道|局|委|办|机关|单位|分局)$/;

export function resolveBody(site: SiteInfo | null, x: Pick<ExtractionOk, 'organization'>): Body | null {
  const named = x.organization?.replace(/\s+/g, '') || null;
  const name = named && !SELF_REFERENCE.test(named) ? named : site?.body_name ?? null;
  if (!name) return null;
  return classifyBody(name, site && { bodyName: site.body_name, regionCode: site.region_code, regionName: site.region_name, level: site.level });
}

/**
 * Brings stored bodies in line with the classifier (after an upgrade changed
 * it): kind and level recomputed from the name and the body's site. The region
 * code, part of a body's identity, is kept. Returns how many bodies changed.
 */
export async function reclassifyBodies(db: Kysely<Database>): Promise<number> {
  const rows = await db.selectFrom('bodies as b').leftJoin('sites as s', 's.id', 'b.site_id')
    .select(['b.id', 'b.name', 'b.kind', 'b.level', 'b.region_code', 's.id as site_id', 's.body_name', 's.region_code as site_region',
      's.region_name as site_region_name', 's.level as site_level'])
    .execute();
  let changed = 0;
  for (const r of rows) {
    const site = r.site_id ? { bodyName: r.body_name, regionCode: r.site_region, regionName: r.site_region_name, level: r.site_level } : null;
    const b = classifyBody(r.name, site);
    // A body stored under another region code than the classifier would give now keeps its code, and that code's level.
    const level = b.regionCode === r.region_code || b.kind === 'township' ? b.level : levelOfCode(r.region_code) ?? b.level;
    if (b.kind === r.kind && level === r.level) continue;
    await db.updateTable('bodies').set({ kind: b.kind, level }).where('id', '=', r.id).execute();
    changed++;
  }
  return changed;
}
