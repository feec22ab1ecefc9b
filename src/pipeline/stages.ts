/**
 * The production wiring of the pipeline's stages: the crawler over the site
 * registry, extraction in the worker pool, and every check. Tests hand
 * runPipeline their own stages; the CLI (run, schedule, demo) takes these and
 * passes in how progress is shown.
 */
import type { ProgressSink } from '../model/progress.js';
import { crawl, loadSites } from '../crawl/index.js';
import { EXTRACTOR_VERSION } from '../extract/index.js';
import { ExtractPool, type PoolOptions } from '../extract/extract-pool.js';
import { CheckPool } from './check-pool.js';
import type { PipelineStages } from './run.js';

export interface StageChoice {
  readonly sitesFile: string;
  readonly crawl: boolean;
  readonly maxPages?: number;
  readonly progress?: ProgressSink;
  /** Extraction workers and limits (defaults: one worker per core, DEFAULT_LIMITS). */
  readonly extraction?: PoolOptions;
  /** false: the crawl never starts Chromium (`run --no-browser`). */
  readonly browser?: boolean;
}

export interface ProductionStages extends PipelineStages {
  /** Releases what the stages hold (the extraction and check workers; the crawler closes its own browser). */
  close(): Promise<void>;
}

export function pipelineStages(choice: StageChoice): ProductionStages {
  // Read the registry before touching the database: a bad entry is a usage error naming its line.
  const sites = choice.crawl ? loadSites(choice.sitesFile) : null;
  const pool = new ExtractPool(choice.extraction);
  const checks = new CheckPool({ workers: pool.size });
  return {
    crawl: sites ? (store, signal) => crawl(store, { sites, maxPages: choice.maxPages, progress: choice.progress, signal, ...(choice.browser === false ? { browser: false } : {}) }) : undefined,
    // Twice the workers in flight: the next document is ready when a worker frees up.
    extract: { extract: (doc) => pool.extract(doc), extractorVersion: EXTRACTOR_VERSION, concurrency: pool.size * 2 },
    check: (reports, opts) => checks.check(reports, opts),
    checkConcurrency: checks.size + 1,
    close: async () => { await Promise.all([pool.close(), checks.close()]); },
  };
}
