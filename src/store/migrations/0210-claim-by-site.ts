/**
 * Indexes for claiming by site (src/store/frontier.ts `claim`): each listed site's next
 * queued rows in claim order, and the leases that ran out. Claims ranked every ready row of
 * the frontier before (530–650 ms at 190,000 rows, several times a second).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index frontier_site_queue on frontier (site_id, priority desc, next_attempt_at, id) where state = 'queued'`.execute(db);
  await sql`create index frontier_lease_expiry on frontier (lease_expires_at) where state = 'leased'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists frontier_lease_expiry`.execute(db);
  await sql`drop index if exists frontier_site_queue`.execute(db);
}
