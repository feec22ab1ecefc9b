/** Reporting bodies (sites are stored from the registry: src/crawl/sites.ts `upsertSites`). */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Body } from '../model/body.js';

/** Returns the id of the body with this name in this region, creating it if new. */
export async function upsertBody(db: Kysely<Database>, body: Body & { siteId?: string | null }): Promise<number> {
  const find = () => db.selectFrom('bodies').select('id')
    .where('name', '=', body.name)
    .where(sql<string>`coalesce(region_code, '')`, '=', body.regionCode ?? '')
    .executeTakeFirst();
  const existing = await find();
  if (existing) {
    // A body classified anew (the classifier improved) takes the new kind and level; its identity stays.
    await db.updateTable('bodies').set({ kind: body.kind, level: body.level })
      .where('id', '=', existing.id)
      .where((eb) => eb.or([eb('kind', '!=', body.kind), eb(sql<string>`coalesce(level, '')`, '!=', body.level ?? '')]))
      .execute();
    return existing.id;
  }
  await sql`insert into bodies (name, region_code, region_name, level, kind, site_id)
            values (${body.name}, ${body.regionCode}, ${body.regionName}, ${body.level}, ${body.kind}, ${body.siteId ?? null})
            on conflict do nothing`.execute(db);
  const row = await find();
  if (!row) throw new Error(`could not create body ${body.name}`);
  return row.id;
}
