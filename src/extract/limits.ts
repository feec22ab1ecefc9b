/**
 * The bounds every extraction runs under. Wall time and memory are enforced by
 * the worker pool (extract-pool.ts), which kills a worker that exceeds them;
 * input size before a document is handed over; text size inside extraction, so
 * a page of megabytes of prose fails at once instead of being tokenised.
 */
import { availableParallelism } from 'node:os';

export interface ExtractLimits {
  /** Wall time for one document, in ms. */
  readonly timeMs: number;
  /** V8 heap of one extraction worker, in MB (the PDF reader's own thread has its own cap). */
  readonly memoryMb: number;
  /** Bytes of one document; larger ones are refused unread. */
  readonly maxBytes: number;
  /** Characters of text content of one document (markup excluded). */
  readonly maxTextChars: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  timeMs: 60_000,
  memoryMb: 512,
  // The crawler keeps bodies up to 64 MB: whatever it stored can be tried.
  maxBytes: 64 << 20,
  // A report holds about 20,000 characters; its longest known narrative under 200,000.
  maxTextChars: 2_000_000,
};

/** One worker per core: extraction is CPU-bound and the main thread mostly waits on the database. */
export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** A document over a size bound: the reason is part of the message. */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
}

const mb = (bytes: number): string => `${Math.round((bytes / 1048576) * 10) / 10} MB`;

/** The size check made before reading or sending a document anywhere. */
export function sizeProblem(bytes: number, limits: Pick<ExtractLimits, 'maxBytes'>): string | null {
  return bytes > limits.maxBytes ? `${mb(bytes)} is over the size limit of ${mb(limits.maxBytes)} (raise it with --size-limit)` : null;
}
