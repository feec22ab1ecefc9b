/**
 * Group commit for the crawler's page writes (and batched reads: any
 * items → results statement fits). Pages queue here and a few
 * writers each take everything waiting (lists first: they carry the links
 * everyone else waits for) and write it in one transaction. A lone page is
 * written at once, unless the lane lingers: then a batch starts at most
 * `lingerMs` after its first item came, gathering what arrives meanwhile. Under
 * load the batches grow by themselves; lingering makes them grow below that load
 * too, where each lone page otherwise cost a transaction of its own (at 300
 * portals most crawl transactions held one page: ~7 statements a request).
 * It also pushes back on fetching when writes fall behind.
 */
interface Entry<T, R> {
  readonly item: T;
  readonly weight: number;
  /** When it was queued (performance.now()). */
  readonly at: number;
  readonly resolve: (r: R) => void;
  readonly reject: (err: unknown) => void;
}

export interface BatchOptions<T> {
  /** Batches written at once (each holds a connection). */
  readonly slots?: number;
  readonly maxBatch?: number;
  /** A batch stops growing at this weight (bytes, say); a single heavier item goes alone. */
  readonly maxBatchWeight?: number;
  /** Beyond this many items, or twice `maxBatchWeight`, waiting, `room()` holds new fetches back. */
  readonly maxQueued?: number;
  readonly weight?: (item: T) => number;
  /** Items with the same key never share a batch (a later one waits for the next). */
  readonly key?: (item: T) => string;
  /**
   * How long a lone item may wait for company before its batch is written. For writes no
   * one waits on (a fetched page's row is answered before it is stored), a few tens of ms
   * cost nothing and spare the database most of its per-statement work.
   */
  readonly lingerMs?: number;
}

export class DbLane<T, R> {
  private readonly urgent: Array<Entry<T, R>> = [];
  private readonly normal: Array<Entry<T, R>> = [];
  private running = 0;
  private waitingWeight = 0;
  private readonly roomWaiters: Array<() => void> = [];
  private readonly slots: number;
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly maxBatchWeight: number;
  private readonly lingerMs: number;
  private lingering: NodeJS.Timeout | null = null;

  constructor(private readonly write: (items: T[]) => Promise<R[]>, private readonly opts: BatchOptions<T> = {}) {
    this.slots = opts.slots ?? 2;
    this.maxBatch = opts.maxBatch ?? 200;
    this.maxQueued = opts.maxQueued ?? 256;
    this.maxBatchWeight = opts.maxBatchWeight ?? Infinity;
    this.lingerMs = opts.lingerMs ?? 0;
  }

  get waiting(): number {
    return this.urgent.length + this.normal.length;
  }

  /**
   * Backpressure: resolves once the queue of waiting writes is short. Fetching
   * faster than the database can store only piles pages up in memory.
   */
  async room(): Promise<void> {
    while (this.waiting >= this.maxQueued || this.waitingWeight >= 2 * this.maxBatchWeight) await new Promise<void>((r) => this.roomWaiters.push(r));
  }

  add(item: T, urgent: boolean): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const weight = this.opts.weight?.(item) ?? 0;
      this.waitingWeight += weight;
      (urgent ? this.urgent : this.normal).push({ item, weight, at: performance.now(), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.lingerMs > 0 && !this.full()) {
      if (this.lingering || this.running >= this.slots || this.waiting === 0) return;
      // Counted from the oldest item: what queued behind a running batch has waited already.
      const oldest = Math.min(this.urgent[0]?.at ?? Infinity, this.normal[0]?.at ?? Infinity);
      const left = this.lingerMs - (performance.now() - oldest);
      if (left > 0) { this.lingering = setTimeout(() => this.startWaiting(), left); return; }
    }
    this.startWaiting();
  }

  /** A full batch waits; lingering would only delay it. */
  private full(): boolean {
    return this.waiting >= this.maxBatch || this.waitingWeight >= this.maxBatchWeight;
  }

  /** Starts what waits, as many batches as slots allow. */
  private startWaiting(): void {
    if (this.lingering) { clearTimeout(this.lingering); this.lingering = null; }
    while (this.running < this.slots && this.waiting > 0) {
      const batch = this.take();
      this.running++;
      void this.flush(batch).finally(() => {
        this.running--;
        this.pump();
        for (const w of this.roomWaiters.splice(0)) w();
      });
    }
  }

  private take(): Array<Entry<T, R>> {
    const batch: Array<Entry<T, R>> = [];
    const keys = new Set<string>();
    let weight = 0;
    for (const queue of [this.urgent, this.normal]) {
      const deferred: Array<Entry<T, R>> = [];
      while (queue.length && batch.length < this.maxBatch) {
        const e = queue[0]!;
        if (batch.length && weight + e.weight > this.maxBatchWeight) break;
        queue.shift();
        const k = this.opts.key?.(e.item);
        if (k !== undefined && keys.has(k)) { deferred.push(e); continue; }
        if (k !== undefined) keys.add(k);
        weight += e.weight;
        batch.push(e);
      }
      queue.unshift(...deferred);
    }
    this.waitingWeight -= weight;
    return batch;
  }

  private async flush(batch: Array<Entry<T, R>>): Promise<void> {
    let out: R[];
    try {
      out = await this.write(batch.map((e) => e.item));
    } catch (err) {
      if (batch.length === 1) { batch[0]!.reject(err); return; }
      // One bad page must not fail the others: write each on its own.
      for (const e of batch) await this.flush([e]);
      return;
    }
    batch.forEach((e, i) => e.resolve(out[i]!));
  }
}
