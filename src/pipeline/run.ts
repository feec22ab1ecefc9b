/**
 * The nightly pipeline: crawl (incremental) → extract new document versions →
 * load → check → summary. Each stage is a function handed in by the caller,
 * so the run itself is a short, explicit list and tests can drive any stage.
 */
import type { Store } from '../store/open-store.js';
import { withRunLock, type RunGuard } from './run-lock.js';
import { runExtractStage, type ExtractStageOptions, type ExtractStageSummary } from './extract-stage.js';
import { reclassifyBodies } from './body-resolver.js';
import { runCheckStage, type CheckAll, type CheckStageSummary } from './check-stage.js';
import { jsonParam } from '../store/json-param.js';

/** What the crawl stage reports back; the crawler's own summary type satisfies it. */
export interface CrawlStageSummary {
  readonly errorsBySite?: Readonly<Record<string, number>>;
  readonly [figure: string]: unknown;
}

export interface PipelineStages {
  /** Omitted (e.g. `--no-crawl`): only extract and check what is stored. Stops when `signal` aborts (the run lock was lost). */
  readonly crawl?: (store: Store, signal: AbortSignal) => Promise<CrawlStageSummary>;
  readonly extract: Omit<ExtractStageOptions, 'onProgress' | 'guard'>;
  readonly check: CheckAll;
  /** Partitions checked at once (when `check` hands them to workers). */
  readonly checkConcurrency?: number;
}

export interface RunSummary {
  readonly runId: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly crawl: CrawlStageSummary | null;
  readonly extract: Omit<ExtractStageSummary, 'touchedReportIds'>;
  readonly check: CheckStageSummary;
  readonly newReports: number;
  readonly changedReports: number;
  readonly flagsByRule: Readonly<Record<string, number>>;
  readonly errorsBySite: Readonly<Record<string, number>>;
}

export interface RunOptions {
  readonly wait?: boolean;
  /** Told when the run lock was lost and taken back (the run went on). */
  readonly onWarning?: (message: string) => void;
  readonly onStage?: (stage: 'crawl' | 'extract' | 'check', detail?: { done: number; total: number }) => void;
}

export async function runPipeline(store: Store, stages: PipelineStages, opts: RunOptions = {}): Promise<RunSummary> {
  return withRunLock(store, { wait: opts.wait, onWarning: opts.onWarning }, async (guard: RunGuard) => {
    const started = new Date();
    const { id: runId } = await store.db.insertInto('runs').values({ command: 'run' }).returning('id').executeTakeFirstOrThrow();
    try {
      opts.onStage?.('crawl');
      const crawl = stages.crawl ? await stages.crawl(store, guard.signal) : null;
      await guard.check();
      opts.onStage?.('extract');
      const { touchedReportIds: _touched, ...extract } = await runExtractStage(store.db, {
        ...stages.extract, guard, onProgress: (done, total) => opts.onStage?.('extract', { done, total }),
      });
      await guard.check();
      opts.onStage?.('check');
      await reclassifyBodies(store.db);
      const check = await runCheckStage(store.db, stages.check, { guard, concurrency: stages.checkConcurrency });
      await guard.check();
      const finished = new Date();
      const summary: RunSummary = {
        runId, startedAt: started.toISOString(), finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
        crawl, extract, check,
        newReports: extract.reportsNew, changedReports: extract.reportsChanged,
        flagsByRule: check.flagsByRule,
        errorsBySite: mergeCounts(crawl?.errorsBySite ?? {}, extract.errorsBySite),
      };
      await store.db.updateTable('runs').set({ finished_at: finished, status: 'ok', summary: jsonParam(summary) })
        .where('id', '=', runId).execute();
      return summary;
    } catch (err) {
      await store.db.updateTable('runs').set({ finished_at: new Date(), status: 'failed', summary: jsonParam({ error: (err as Error).message }) })
        .where('id', '=', runId).execute().catch(() => {});
      throw err;
    }
  });
}

function mergeCounts(...maps: Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
}
