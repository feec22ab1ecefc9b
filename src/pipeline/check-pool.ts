/**
 * The checks in worker threads (src/workers/worker-pool.ts): the check stage
 * hands each province's reports to a worker, so provinces are checked side by
 * side on every core while the main thread loads the next one and stores flags.
 * Checks are pure: a worker gets reports and answers flags.
 */
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import type { CheckOptions } from '../check/index.js';
import { defaultWorkers } from '../extract/limits.js';
import { WorkerPool } from '../workers/worker-pool.js';

export interface CheckPoolOptions {
  readonly workers?: number;
  /** Per province (default 30 min: the largest takes seconds; this only catches a runaway). */
  readonly timeMs?: number;
  readonly memoryMb?: number;
}

export class CheckPool {
  private readonly pool: WorkerPool<{ reports: readonly Report[]; opts: CheckOptions }, ReadonlyMap<string, readonly Flag[]>>;

  constructor(opts: CheckPoolOptions = {}) {
    this.pool = new WorkerPool({
      script: new URL('./check-worker.mjs', import.meta.url),
      workers: Math.max(1, opts.workers ?? defaultWorkers()),
      timeMs: opts.timeMs ?? 30 * 60_000,
      memoryMb: opts.memoryMb ?? 2048,
    });
  }

  get size(): number { return this.pool.size; }

  /** Flags by report id; throws (naming why) when the worker was stopped, so the stage can record the partition as failed. */
  async check(reports: readonly Report[], opts: CheckOptions = {}): Promise<ReadonlyMap<string, readonly Flag[]>> {
    if (reports.length === 0) return new Map();
    const r = await this.pool.run({ reports, opts });
    if (!r.ok) throw new Error(`checks stopped (${r.limit}): ${r.error}`);
    return r.output;
  }

  close(): Promise<void> { return this.pool.close(); }
}
