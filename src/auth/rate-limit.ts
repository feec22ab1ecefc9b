/**
 * Login throttling: at most `limit` failed attempts per key (an account name,
 * a client address) within `windowMs`. Once a key has used them up, further
 * attempts are refused before any password is checked — the hash is never
 * computed, so guessing costs the attacker time and the server nothing.
 *
 * In memory, per server process; bounded (`maxKeys`), oldest keys evicted first.
 *
 * @example
 * const limiter = new FailureLimiter({ limit: 5, windowMs: 60_000 });
 * if (limiter.blocked(['user:ann', 'ip:10.0.0.5'])) return refuse();
 * if (!(await verify())) limiter.fail(['user:ann', 'ip:10.0.0.5']);
 */
export interface LimiterOptions {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxKeys?: number;
  readonly now?: () => number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly opts: LimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 100_000;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.opts.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept); else this.failures.delete(key);
    return kept;
  }

  /** True when any key has used up its failures in the window. */
  blocked(keys: readonly string[]): boolean {
    return keys.some((k) => this.recent(k).length >= this.opts.limit);
  }

  /** Milliseconds until every key can try again (0 when none is blocked). */
  retryAfterMs(keys: readonly string[]): number {
    const waits = keys.map((k) => {
      const times = this.recent(k);
      return times.length >= this.opts.limit ? times[times.length - this.opts.limit]! + this.opts.windowMs - this.now() : 0;
    });
    return Math.max(0, ...waits);
  }

  fail(keys: readonly string[]): void {
    for (const k of keys) {
      const times = this.recent(k);
      this.failures.delete(k);
      this.failures.set(k, [...times, this.now()]);
    }
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  /** A successful login clears the account's failures (not the address's). */
  clear(key: string): void {
    this.failures.delete(key);
  }
}
