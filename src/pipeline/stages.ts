/**
 * The production wiring of the pipeline's stages: the crawler over the site
 * registry, the extractor, and every check. Tests hand runPipeline their own
 * stages; the CLI (run, schedule, demo) takes these.
 */
import type { Progress } from '../cli/progress.js';
import { crawl, loadSites } from '../crawl/index.js';
import { extract, EXTRACTOR_VERSION } from '../extract/index.js';
import { closeDocumentWorkers } from '../extract/documents/index.js';
import { checkReports } from '../check/index.js';
import type { PipelineStages } from './run.js';

export interface StageChoice {
  readonly sitesFile: string;
  readonly crawl: boolean;
  readonly maxPages?: number;
  readonly progress?: Progress;
}

export interface ProductionStages extends PipelineStages {
  /** Releases what the stages hold (the PDF reader's worker thread; the crawler closes its own browser). */
  close(): Promise<void>;
}

export function pipelineStages(choice: StageChoice): ProductionStages {
  // Read the registry before touching the database: a bad entry is a usage error naming its line.
  const sites = choice.crawl ? loadSites(choice.sitesFile) : null;
  return {
    crawl: sites ? (store) => crawl(store, { sites, maxPages: choice.maxPages, progress: choice.progress }) : undefined,
    extract: { extract, extractorVersion: EXTRACTOR_VERSION },
    check: checkReports,
    close: closeDocumentWorkers,
  };
}
