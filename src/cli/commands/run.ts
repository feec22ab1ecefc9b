/**
 * `nianbao run`: the nightly pipeline, once. `nianbao schedule` reuses
 * `runOnce` on a cron timer. Exit codes for monitoring: 0 the run finished
 * (per-site errors are in the summary), 1 it failed, 2 usage, 3 another run
 * holds the lock.
 */
import { Command } from 'commander';
import { withStore } from '../context.js';
import { CommandFailure, UserError } from '../errors.js';
import { createProgress } from '../progress.js';
import { runPipeline, type RunSummary } from '../../pipeline/run.js';
import { RunInProgressError, RunLockLostError } from '../../pipeline/run-lock.js';
import { addExtractOptions, poolOptions, type ExtractCliOptions } from '../extract-options.js';
// The stages (extractors, crawler, browser) load only when a run starts, not for every command.
import type { ProductionStages } from '../../pipeline/stages.js';
import { formatRunSummary } from '../../pipeline/summary-text.js';
import { DatabaseBusyError } from '../../store/dir-lock.js';
import { SitesFileError } from '../../crawl/sites.js';

export const EXIT_BUSY = 3;

export interface RunCommandOptions extends ExtractCliOptions {
  sites: string;
  crawl: boolean;
  wait?: boolean;
  json?: boolean;
  maxPages?: string;
  quiet?: boolean;
  browser?: boolean;
}

export function addRunOptions(cmd: Command): Command {
  return addExtractOptions(cmd)
    .option('--sites <file>', 'site registry', 'config/sites.yaml')
    .option('--no-crawl', 'skip the crawl; extract and check what is stored')
    .option('--max-pages <n>', 'stop the crawl after n fetches (for trials)')
    .option('--no-browser', 'never start Chromium (script-only lists and browser-only challenges are then skipped)')
    .option('--wait', 'wait for a run in progress instead of exiting with code 3')
    .option('--json', 'print the summary as one JSON line (for monitoring)')
    .option('--quiet', 'no progress display');
}

export function registerRun(program: Command): void {
  addRunOptions(program.command('run')
    .description('crawl (incremental) → extract new document versions → load → check → print a summary'))
    .action(async (opts: RunCommandOptions, cmd: Command) => {
      const summary = await runOnce(cmd, opts);
      printSummary(summary, opts);
    });
}

export function printSummary(summary: RunSummary, opts: Pick<RunCommandOptions, 'json'>): void {
  process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${formatRunSummary(summary)}\n`);
}

/** One pipeline run with progress on stderr; maps "busy" to exit code 3. */
export async function runOnce(cmd: Command, opts: RunCommandOptions): Promise<RunSummary> {
  const maxPages = opts.maxPages === undefined ? undefined : Number(opts.maxPages);
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages > 0)) {
    throw new UserError(`--max-pages expects a positive number, got "${opts.maxPages}"`);
  }
  const extraction = poolOptions(opts);
  const progress = createProgress({ quiet: opts.quiet });
  const { pipelineStages } = await import('../../pipeline/stages.js');
  let stages: ProductionStages;
  try {
    stages = pipelineStages({ sitesFile: opts.sites, crawl: opts.crawl, maxPages, progress, extraction, browser: opts.browser !== false });
  } catch (err) {
    if (err instanceof SitesFileError) throw new UserError(err.message);
    throw err;
  }
  try {
    return await withBusyRetry(opts.wait ?? false, () => withStore(cmd, (store) => runPipeline(store, stages, {
      wait: opts.wait,
      onWarning: (message) => process.stderr.write(`nianbao: warning: ${message}\n`),
      onStage: (stage, detail) => {
        if (stage === 'extract' && detail) progress.update(detail.done, detail.total);
        else if (stage !== 'crawl' && !detail) progress.phase(stage, 0);
      },
    })));
  } catch (err) {
    // The run is recorded as failed with the reason; the operator gets one line and exit 1.
    if (err instanceof RunLockLostError) throw new CommandFailure(`run stopped: ${err.message}`, { cause: err });
    throw err;
  } finally {
    progress.stop();
    await stages.close();
  }
}

/** PGlite allows one process per directory: with --wait, retry until the other run lets go. */
async function withBusyRetry<T>(wait: boolean, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const busy = err instanceof RunInProgressError || (err as Error).cause instanceof DatabaseBusyError;
      if (!busy) throw err;
      if (!wait) throw new UserError((err as Error).message, EXIT_BUSY);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}
