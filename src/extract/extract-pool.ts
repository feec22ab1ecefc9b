/**
 * Extraction in worker threads that can be killed (src/workers/worker-pool.ts):
 * one document per worker at a time, under the wall-time and heap limits; a
 * document over its size limit is refused before it is sent. Either way the
 * document gets an error naming the limit, and the caller's run goes on.
 *
 *   const pool = new ExtractPool({ limits: { timeMs: 10_000 } });
 *   const r = await pool.extract({ fileName: 'a.html', bytes });
 *   await pool.close();
 */
import type { ExtractionResult, SourceDocument } from '../model/report.js';
import type { ExtractOptions } from './index.js';
import { DEFAULT_LIMITS, defaultWorkers, sizeProblem, type ExtractLimits } from './limits.js';
import { WorkerPool, type PoolStats } from '../workers/worker-pool.js';

export interface PoolOptions {
  readonly workers?: number;
  readonly limits?: Partial<ExtractLimits>;
}

interface ExtractTask { readonly doc: SourceDocument; readonly opts: ExtractOptions }

export class ExtractPool {
  readonly limits: ExtractLimits;
  private readonly pool: WorkerPool<ExtractTask, ExtractionResult>;
  private readonly opts: ExtractOptions;
  private sizeStopped = 0;

  constructor(opts: PoolOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.pool = new WorkerPool({
      script: new URL('./extract-worker.mjs', import.meta.url),
      workers: Math.max(1, opts.workers ?? defaultWorkers()),
      timeMs: this.limits.timeMs, memoryMb: this.limits.memoryMb,
    });
    // The document reader's own deadline (OCR included) fires first, with its more precise message.
    this.opts = { maxTextChars: this.limits.maxTextChars, documentTimeoutMs: Math.max(1000, Math.floor(this.limits.timeMs * 0.9)) };
  }

  get size(): number { return this.pool.size; }

  get stats(): PoolStats {
    const s = this.pool.stats;
    return { workersStarted: s.workersStarted, stopped: { ...s.stopped, 'size-limit': s.stopped['size-limit'] + this.sizeStopped } };
  }

  /** Extracts one document in a worker. Never rejects: every failure is an `ok: false` result. */
  async extract(doc: SourceDocument): Promise<ExtractionResult> {
    const where = doc.fileName ?? doc.url ?? 'document';
    const tooBig = sizeProblem(doc.bytes?.byteLength ?? doc.text?.length ?? 0, this.limits);
    if (tooBig) {
      this.sizeStopped++;
      return { ok: false, error: `${where}: ${tooBig}`, warnings: [], limit: 'size-limit' };
    }
    // A copy the worker owns: the caller's bytes may be a view into a shared Buffer pool.
    const bytes = doc.bytes?.slice();
    const r = await this.pool.run({ doc: { ...doc, ...(bytes ? { bytes } : {}) }, opts: this.opts }, bytes ? [bytes.buffer as ArrayBuffer] : []);
    if (r.ok) return r.output;
    const error = r.limit === 'memory-limit' ? r.error.replace('it needed', 'extraction needed') : r.limit === 'crashed' ? r.error.replace('the worker', 'the extraction worker') : r.error;
    return { ok: false, error: `${where}: ${error}`, warnings: [], limit: r.limit };
  }

  /** Stops every worker; documents still queued fail. */
  close(): Promise<void> { return this.pool.close(); }
}
