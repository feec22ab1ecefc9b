/**
 * Extraction in worker threads that can be killed: one document per worker at a
 * time, under a wall-time limit (the worker is terminated when it runs over) and
 * a heap limit (V8 stops a worker that reaches it). Either way the document gets
 * an error naming the limit, a fresh worker takes the next one, and the caller's
 * run goes on. With one worker per core, extraction uses the whole machine.
 *
 *   const pool = new ExtractPool({ limits: { timeMs: 10_000 } });
 *   const r = await pool.extract({ fileName: 'a.html', bytes });
 *   await pool.close();
 */
import { Worker } from 'node:worker_threads';
import type { ExtractionLimit, ExtractionResult, SourceDocument } from '../model/report.js';
import type { ExtractOptions } from './index.js';
import { DEFAULT_LIMITS, defaultWorkers, sizeProblem, type ExtractLimits } from './limits.js';

export interface PoolOptions {
  readonly workers?: number;
  readonly limits?: Partial<ExtractLimits>;
}

export interface PoolStats {
  /** Workers started, replacements included. */
  workersStarted: number;
  /** Documents stopped, by the limit they hit. */
  stopped: Record<ExtractionLimit, number>;
}

interface Task {
  readonly id: number;
  readonly where: string;
  readonly doc: SourceDocument;
  readonly resolve: (r: ExtractionResult) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  dead: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

// A worker that dies this many times in a row before it is ready will not start at all.
const MAX_START_FAILURES = 3;

const failed = (task: Task, limit: ExtractionLimit, error: string): ExtractionResult =>
  ({ ok: false, error: `${task.where}: ${error}`, warnings: [], limit });

export class ExtractPool {
  readonly limits: ExtractLimits;
  readonly size: number;
  readonly stats: PoolStats = { workersStarted: 0, stopped: { 'time-limit': 0, 'memory-limit': 0, 'size-limit': 0, crashed: 0 } };
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private readonly opts: ExtractOptions;
  private nextId = 1;
  private startFailures = 0;
  private startError: string | null = null;
  private closed = false;

  constructor(opts: PoolOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.size = Math.max(1, opts.workers ?? defaultWorkers());
    // The document reader's own deadline (OCR included) fires first, with its more precise message.
    this.opts = { maxTextChars: this.limits.maxTextChars, documentTimeoutMs: Math.max(1000, Math.floor(this.limits.timeMs * 0.9)) };
  }

  /** Extracts one document in a worker. Never rejects: every failure is an `ok: false` result. */
  extract(doc: SourceDocument): Promise<ExtractionResult> {
    const where = doc.fileName ?? doc.url ?? 'document';
    const size = doc.bytes?.byteLength ?? doc.text?.length ?? 0;
    const tooBig = sizeProblem(size, this.limits);
    if (tooBig) {
      this.stats.stopped['size-limit']++;
      return Promise.resolve({ ok: false, error: `${where}: ${tooBig}`, warnings: [], limit: 'size-limit' });
    }
    if (this.closed) return Promise.resolve({ ok: false, error: `${where}: the extraction pool is closed`, warnings: [], limit: 'crashed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, where, doc, resolve });
      this.pump();
    });
  }

  /** Stops every worker; documents still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.resolve(failed(t, 'crashed', 'the extraction pool was closed'));
    await Promise.all([...this.slots].map((s) => this.retire(s)));
  }

  private pump(): void {
    if (this.startError) {
      for (const t of this.queue.splice(0)) t.resolve(failed(t, 'crashed', `no extraction worker could start: ${this.startError}`));
      return;
    }
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (slot.ready && !slot.task && !slot.dead) this.assign(slot, this.queue.shift()!);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    while (this.slots.size < this.size && this.queue.length > starting) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(new URL('./extract-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.limits.memoryMb >> 3)) },
      // Library chatter must never reach stdout (it carries `extract --jsonl`); stderr only when debugging.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    if (process.env.NIANBAO_DEBUG) worker.stderr.pipe(process.stderr, { end: false }); else worker.stderr.resume();
    const slot: Slot = { worker, ready: false, dead: false, task: null, timer: null };
    this.slots.add(slot);
    this.stats.workersStarted++;
    worker.on('message', (m: { ready?: true; id?: number; result?: ExtractionResult }) => {
      if (m.ready) { slot.ready = true; this.startFailures = 0; worker.unref(); this.pump(); return; }
      const task = slot.task;
      if (!task || m.id !== task.id || !m.result) return;
      this.release(slot);
      task.resolve(m.result);
      this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.lose(slot, memory ? 'memory-limit' : 'crashed', memory
        ? `stopped: extraction needed more than the memory limit of ${this.limits.memoryMb} MB (raise it with --memory-limit)`
        : `the extraction worker crashed: ${err.message}`);
    });
    worker.on('exit', (code) => this.lose(slot, 'crashed', `the extraction worker exited (code ${code})`));
  }

  private assign(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.lose(slot, 'time-limit', `stopped after ${this.limits.timeMs / 1000} s: over the time limit (raise it with --time-limit)`);
    }, this.limits.timeMs);
    // A copy the worker owns: the caller's bytes may be a view into a shared Buffer pool.
    const bytes = task.doc.bytes?.slice();
    const doc = { ...task.doc, ...(bytes ? { bytes } : {}) };
    slot.worker.postMessage({ id: task.id, doc, opts: this.opts }, bytes ? [bytes.buffer] : []);
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    slot.worker.unref();
  }

  /** A worker is gone (killed, out of memory, crashed): its document fails with the reason; others carry on. */
  private lose(slot: Slot, limit: ExtractionLimit, error: string): void {
    if (slot.dead) return;
    slot.dead = true;
    this.slots.delete(slot);
    const task = slot.task;
    this.release(slot);
    void slot.worker.terminate();
    if (!slot.ready && !this.closed) {
      this.startFailures++;
      if (this.startFailures >= MAX_START_FAILURES) this.startError = error;
    }
    if (task) {
      this.stats.stopped[limit]++;
      task.resolve(failed(task, limit, error));
    }
    if (!this.closed) this.pump();
  }

  private async retire(slot: Slot): Promise<void> {
    slot.dead = true;
    this.slots.delete(slot);
    const task = slot.task;
    this.release(slot);
    if (task) task.resolve(failed(task, 'crashed', 'the extraction pool was closed'));
    await slot.worker.terminate();
  }
}
