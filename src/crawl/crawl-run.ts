/**
 * A crawl run's lifecycle. A run starts by re-opening every row of its sites
 * (lists and reports are re-checked each run, conditionally) and seeding the
 * list pages. A run that did not finish (kill -9, --max-pages, Ctrl-C) is
 * resumed by the next `nianbao crawl`, which re-fetches nothing completed;
 * concurrent crawlers join the same run and split the rows.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { enqueue, leaseOwners, pendingRows, releaseLeasesOf, reopenSites, type CrawlRequestInput } from '../store/frontier.js';
import { unregisterWorkers, workersLike } from '../store/crawl-workers.js';
import { processAlive } from '../store/dir-lock.js';
import type { Site } from './sites.js';
import { fetchUrl } from './url.js';
import { RECHECK } from './recheck.js';
import { columnSeeds, navSeeds } from './columns/column-seeds.js';
import { jsonParam } from '../store/json-param.js';

/** A worker's name: host:pid:random (the pid tells a dead local worker). */
export const newOwner = (): string => `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export interface RunStart {
  readonly runId: number;
  readonly resumed: boolean;
}

/**
 * Leases (and worker registrations) of dead processes on this machine are
 * released at once rather than after they expire, so a restart after kill -9
 * resumes without waiting.
 */
export async function releaseDeadLocalLeases(db: Kysely<Database>): Promise<number> {
  const prefix = `${os.hostname()}:`;
  const isDead = (o: string) => {
    const pid = Number(o.slice(prefix.length).split(':')[0]);
    return Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
  };
  await unregisterWorkers(db, (await workersLike(db, prefix)).filter(isDead));
  return releaseLeasesOf(db, (await leaseOwners(db, prefix)).filter(isDead));
}

/** Joins the unfinished crawl run, or starts a new one (re-opening the sites' rows and seeding their lists). */
export async function startRun(db: Kysely<Database>, sites: readonly Site[], opts: { fresh?: boolean } = {}): Promise<RunStart> {
  return db.transaction().execute(async (tx) => {
    // Serialises run starts across processes sharing the database.
    await sql`select pg_advisory_xact_lock(hashtext('nianbao crawl ' || current_schema()))`.execute(tx);
    const running = await tx.selectFrom('runs').select('id').where('command', '=', 'crawl')
      .where('status', '=', 'running').orderBy('id', 'desc').executeTakeFirst();
    if (running && !opts.fresh) {
      await enqueue(tx, [...seeds(sites), ...await columnSeeds(tx, sites)]); // sites added since the run started
      return { runId: running.id, resumed: true };
    }
    if (running) await tx.updateTable('runs').set({ status: 'abandoned', finished_at: new Date() }).where('id', '=', running.id).execute();
    const run = await tx.insertInto('runs')
      .values({ command: 'crawl', summary: jsonParam({ sites: sites.length }) })
      .returning('id').executeTakeFirstOrThrow();
    await reopenSites(tx, sites.map((s) => s.id), new Date(Date.now() + RECHECK.slackMs));
    await enqueue(tx, [...seeds(sites), ...await columnSeeds(tx, sites)]);
    return { runId: run.id, resumed: false };
  });
}

/** The list pages of the registry, and the home pages the column finder starts from. */
export function seeds(sites: readonly Site[]): CrawlRequestInput[] {
  return [...sites.flatMap((s) => s.lists.map((l) => ({ url: fetchUrl(l) ?? l, siteId: s.id, kind: 'list', priority: 10, meta: { seed: true } }))), ...navSeeds(sites)];
}

/** Marks the run done when nothing of it is left anywhere (another worker may still hold rows). */
export async function finishRun(db: Kysely<Database>, runId: number, siteIds: readonly string[], summary: object): Promise<boolean> {
  if (await pendingRows(db, siteIds) > 0) return false;
  const res = await db.updateTable('runs')
    .set({ status: 'done', finished_at: new Date(), summary: jsonParam(summary) })
    .where('id', '=', runId).where('status', '=', 'running').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
