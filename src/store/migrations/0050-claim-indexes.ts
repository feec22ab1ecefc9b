/**
 * Indexes for the crawl claim (src/crawl/runs.ts `claimFair`): its exclusivity
 * filter asks which sites hold live leases and which were fetched moments ago,
 * several times a second; without these that is a scan of the whole frontier
 * each time. Leased rows are few (a worker's backlog), so the partial index stays small.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index frontier_leased on frontier (lease_owner, site_id) where state = 'leased'`.execute(db);
  await sql`create index frontier_last_fetched on frontier (last_fetched_at) where last_fetched_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('frontier_last_fetched').ifExists().execute();
  await db.schema.dropIndex('frontier_leased').ifExists().execute();
}
