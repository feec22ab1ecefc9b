/**
 * Splitting the sites between workers sharing a database: each live worker
 * (src/store/crawl-workers.ts) takes the sites whose position in the sorted
 * list, modulo the number of workers, is its own index. The claim itself
 * enforces one worker per site at a time, so a stale view here only costs a
 * little balance, never politeness.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { liveWorkers } from '../store/crawl-workers.js';

export interface Partition { readonly index: number; readonly count: number }

/** A worker's share: the items (sorted) whose position % count = index. */
export function shareOf<T>(sorted: readonly T[], p: Partition | undefined): T[] {
  return p && p.count > 1 ? sorted.filter((_s, i) => i % p.count === p.index) : [...sorted];
}

/** This worker's partition, looked up at most every `refreshMs`. */
export class PartitionView {
  private cache: { at: number; value: Partition | undefined } = { at: 0, value: undefined };

  constructor(private readonly db: Kysely<Database>, private readonly owner: string, private readonly refreshMs = 500) {}

  async current(): Promise<Partition | undefined> {
    if (Date.now() - this.cache.at < this.refreshMs) return this.cache.value;
    const workers = await liveWorkers(this.db);
    const index = workers.indexOf(this.owner);
    const value = workers.length > 1 && index >= 0 ? { index, count: workers.length } : undefined;
    this.cache = { at: Date.now(), value };
    return value;
  }
}

/**
 * The order a worker's sites are offered free slots in: the most rows still to do first
 * (ties in the given order). A site is asked at most once per interval, so the sites with
 * the longest backlogs set the crawl's end unless they start early.
 */
export function serveOrder(siteIds: readonly string[], pending: ReadonlyMap<string, number>): string[] {
  return [...siteIds].sort((a, b) => (pending.get(b) ?? 0) - (pending.get(a) ?? 0));
}
