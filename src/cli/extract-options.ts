/** The extraction limits and worker count as command-line options (extract, check, run, schedule, demo). */
import type { Command } from 'commander';
import { DEFAULT_LIMITS, defaultWorkers, type ExtractLimits } from '../extract/limits.js';
import type { PoolOptions } from '../extract/extract-pool.js';
import { intOption } from './options.js';

export interface ExtractCliOptions {
  workers?: string;
  timeLimit?: string;
  memoryLimit?: string;
  sizeLimit?: string;
  textLimit?: string;
}

export function addExtractOptions(cmd: Command): Command {
  return cmd
    .option('--workers <n>', `extraction worker threads (default: one per core, ${defaultWorkers()} here)`)
    .option('--time-limit <seconds>', `wall time per document before its worker is stopped (default ${DEFAULT_LIMITS.timeMs / 1000})`)
    .option('--memory-limit <MB>', `heap per extraction worker (default ${DEFAULT_LIMITS.memoryMb})`)
    .option('--size-limit <MB>', `largest document read (default ${DEFAULT_LIMITS.maxBytes >> 20})`)
    .option('--text-limit <chars>', `most characters of text in one document (default ${DEFAULT_LIMITS.maxTextChars})`);
}

/** The pool options the flags ask for; a bad value is a usage error naming its flag. */
export function poolOptions(o: ExtractCliOptions): PoolOptions {
  const limits: { -readonly [K in keyof ExtractLimits]?: ExtractLimits[K] } = {};
  if (o.timeLimit !== undefined) limits.timeMs = intOption('time-limit', o.timeLimit, 1, 86_400) * 1000;
  if (o.memoryLimit !== undefined) limits.memoryMb = intOption('memory-limit', o.memoryLimit, 32, 65_536);
  if (o.sizeLimit !== undefined) limits.maxBytes = intOption('size-limit', o.sizeLimit, 1, 4096) * 1048576;
  if (o.textLimit !== undefined) limits.maxTextChars = intOption('text-limit', o.textLimit, 1000);
  return { limits, ...(o.workers !== undefined ? { workers: intOption('workers', o.workers, 1, 256) } : {}) };
}
