/**
 * Pages that are gone (404/410, a soft 404, moved for good to an address the crawl has) are
 * asked again on a schedule that backs off (src/crawl/recheck.ts) instead of every night: a
 * portal's revamp leaves hundreds of dead addresses that would otherwise be requested each
 * run for ever. Such rows rest in state 'gone' until `next_attempt_at`; `gone_since` is when
 * the page was first found gone (null once it answers again).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('frontier').addColumn('gone_since', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('frontier').dropColumn('gone_since').execute();
}
