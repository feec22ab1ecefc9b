/**
 * A pool of worker threads for CPU work that must not stop the caller: each
 * worker runs one task at a time from its script; a task that runs over its
 * time limit has its worker terminated, one that reaches the heap limit is
 * stopped by V8, a worker that dies takes only its task with it, and a fresh
 * worker takes the next task. With one worker per core, the work uses the
 * machine while the main thread stays free for I/O.
 *
 * A worker script posts `{ ready: true }` once loaded, then answers each
 * `{ id, input }` with `{ id, output }`; meanwhile it may post `{ id, moreMs }` to ask for
 * more time (task-time.ts), granted up to `maxTimeMs`.
 */
import { Worker } from 'node:worker_threads';
import type { ExtractionLimit } from '../model/report.js';

export interface WorkerPoolOptions {
  /** The worker script (plain JS; see extract-worker.mjs). */
  readonly script: URL;
  readonly workers: number;
  /** Wall time for one task, in ms. */
  readonly timeMs: number;
  /**
   * The most wall time a task may be given in all when it asks for more (task-time.ts: a scan's
   * OCR asks for its pages' time); default 10 × `timeMs`.
   */
  readonly maxTimeMs?: number;
  /** V8 heap of one worker, in MB. */
  readonly memoryMb: number;
}

export type TaskResult<O> = { readonly ok: true; readonly output: O } | { readonly ok: false; readonly limit: ExtractionLimit; readonly error: string };

export interface PoolStats {
  /** Workers started, replacements included. */
  workersStarted: number;
  /** Tasks stopped, by the limit they hit. */
  stopped: Record<ExtractionLimit, number>;
}

interface Task<I, O> { readonly id: number; readonly input: I; readonly transfer: readonly ArrayBuffer[]; readonly resolve: (r: TaskResult<O>) => void }

interface Slot<I, O> {
  readonly worker: Worker;
  ready: boolean;
  dead: boolean;
  task: Task<I, O> | null;
  timer: NodeJS.Timeout | null;
  /** When the task started, and when it must end. */
  started: number;
  deadline: number;
}

// A worker that dies this many times in a row before it is ready will not start at all.
const MAX_START_FAILURES = 3;

export class WorkerPool<I, O> {
  readonly stats: PoolStats = { workersStarted: 0, stopped: { 'time-limit': 0, 'memory-limit': 0, 'size-limit': 0, crashed: 0 } };
  private readonly slots = new Set<Slot<I, O>>();
  private readonly queue: Task<I, O>[] = [];
  private nextId = 1;
  private startFailures = 0;
  private startError: string | null = null;
  private closed = false;

  constructor(readonly opts: WorkerPoolOptions) {}

  get size(): number { return this.opts.workers; }

  /** Runs one task. Never rejects: a stopped task is `ok: false` with the limit it hit. */
  run(input: I, transfer: readonly ArrayBuffer[] = []): Promise<TaskResult<O>> {
    if (this.closed) return Promise.resolve({ ok: false, limit: 'crashed', error: 'the worker pool is closed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, input, transfer, resolve });
      this.pump();
    });
  }

  /** Stops every worker; tasks still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.resolve({ ok: false, limit: 'crashed', error: 'the worker pool was closed' });
    await Promise.all([...this.slots].map(async (s) => {
      const task = this.retire(s);
      task?.resolve({ ok: false, limit: 'crashed', error: 'the worker pool was closed' });
      // An idle worker is unref'd: awaiting its end must keep the process alive until it ends,
      // or the process may exit mid-await (code 13, an unsettled top-level await) on a busy machine.
      s.worker.ref();
      await s.worker.terminate();
    }));
  }

  private pump(): void {
    if (this.startError) {
      for (const t of this.queue.splice(0)) t.resolve({ ok: false, limit: 'crashed', error: `no worker could start: ${this.startError}` });
      return;
    }
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (slot.ready && !slot.task && !slot.dead) this.assign(slot, this.queue.shift()!);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    while (this.slots.size < this.opts.workers && this.queue.length > starting) this.spawn();
  }

  private spawn(): void {
    const { memoryMb } = this.opts;
    const worker = new Worker(this.opts.script, {
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb >> 3)) },
      // Library chatter must never reach stdout (it carries `extract --jsonl`); stderr only when debugging.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    if (process.env.NIANBAO_DEBUG) worker.stderr.pipe(process.stderr, { end: false }); else worker.stderr.resume();
    const slot: Slot<I, O> = { worker, ready: false, dead: false, task: null, timer: null, started: 0, deadline: 0 };
    this.slots.add(slot);
    this.stats.workersStarted++;
    worker.on('message', (m: { ready?: true; id?: number; output?: O; moreMs?: number }) => {
      if (m.ready) { slot.ready = true; this.startFailures = 0; worker.unref(); this.pump(); return; }
      const task = slot.task;
      if (!task || m.id !== task.id) return;
      if (m.moreMs !== undefined) { this.extend(slot, m.moreMs); return; }
      this.release(slot);
      task.resolve({ ok: true, output: m.output as O });
      this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.lose(slot, memory ? 'memory-limit' : 'crashed', memory
        ? `stopped: it needed more than the memory limit of ${memoryMb} MB (raise it with --memory-limit)`
        : `the worker crashed: ${err.message}`);
    });
    worker.on('exit', (code) => this.lose(slot, 'crashed', `the worker exited (code ${code})`));
  }

  private assign(slot: Slot<I, O>, task: Task<I, O>): void {
    slot.task = task;
    slot.worker.ref();
    slot.started = Date.now();
    this.armTimer(slot, slot.started + this.opts.timeMs);
    slot.worker.postMessage({ id: task.id, input: task.input }, [...task.transfer]);
  }

  /** The task asked for `ms` more from now: granted up to `maxTimeMs` in all. */
  private extend(slot: Slot<I, O>, ms: number): void {
    const cap = slot.started + (this.opts.maxTimeMs ?? 10 * this.opts.timeMs);
    const deadline = Math.min(cap, Date.now() + Math.max(0, ms));
    if (deadline > slot.deadline) this.armTimer(slot, deadline);
  }

  private armTimer(slot: Slot<I, O>, deadline: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.deadline = deadline;
    slot.timer = setTimeout(() => {
      const s = Math.round((Date.now() - slot.started) / 1000);
      this.lose(slot, 'time-limit', `stopped after ${s} s: over the time limit (raise it with --time-limit)`);
    }, Math.max(0, deadline - Date.now()));
  }

  private release(slot: Slot<I, O>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    slot.worker.unref();
  }

  /** Takes a slot out of the pool; returns the task it held. */
  private retire(slot: Slot<I, O>): Task<I, O> | null {
    slot.dead = true;
    this.slots.delete(slot);
    const task = slot.task;
    this.release(slot);
    return task;
  }

  /** A worker is gone (killed, out of memory, crashed): its task fails with the reason; the others carry on. */
  private lose(slot: Slot<I, O>, limit: ExtractionLimit, error: string): void {
    if (slot.dead) return;
    const task = this.retire(slot);
    void slot.worker.terminate();
    if (!slot.ready && !this.closed && ++this.startFailures >= MAX_START_FAILURES) this.startError = error;
    if (task) {
      this.stats.stopped[limit]++;
      task.resolve({ ok: false, limit, error });
    }
    if (!this.closed) this.pump();
  }
}
