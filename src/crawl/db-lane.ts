/**
 * A small priority lane in front of the database pool: list pages' writes go
 * first because they carry the links everyone else waits for; reports and
 * attachments queue behind. Without it, a burst of report writes delays the
 * discovery of the next pages and hosts sit idle.
 * It also pushes back on fetching when writes fall behind.
 */
export class DbLane {
  private running = 0;
  private readonly high: Array<() => void> = [];
  private readonly low: Array<() => void> = [];

  private readonly roomWaiters: Array<() => void> = [];

  /** `maxQueued`: beyond this many writes waiting, `room()` holds new fetches back. */
  constructor(private readonly slots = 8, private readonly maxQueued = 64) {}

  /**
   * Backpressure: resolves once the queue of waiting writes is short. Fetching
   * faster than the database can store only piles pages up in memory.
   */
  async room(): Promise<void> {
    while (this.high.length + this.low.length >= this.maxQueued) await new Promise<void>((r) => this.roomWaiters.push(r));
  }

  async run<T>(urgent: boolean, fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) await new Promise<void>((r) => (urgent ? this.high : this.low).push(r));
    else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.high.shift() ?? this.low.shift();
      if (next) next(); else this.running--;
      this.roomWaiters.shift()?.();
    }
  }
}
