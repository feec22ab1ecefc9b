/**
 * Per-host politeness: at most `concurrency` requests in flight and a minimum
 * gap between request starts, per host (host includes the port). A global
 * limit caps in-flight requests across hosts; a host waiting for its interval
 * holds no global slot, so thousands of slow hosts never serialise each other.
 * A per-host circuit breaker stops hammering a host that keeps failing.
 */

export interface HostPolicy {
  readonly intervalMs: number;
  readonly concurrency: number;
}

interface HostState {
  policy: HostPolicy;
  inFlight: number;
  lastStart: number;
  /** When the last request finished: the server saw it arrive before then. */
  lastDone: number;
  /** Not before this time (Retry-After, open breaker). */
  pausedUntil: number;
  waiters: Array<() => void>;
  timer: NodeJS.Timeout | null;
  failures: number;
  breakerOpenUntil: number;
}

export interface GateOptions {
  readonly globalConcurrency: number;
  readonly defaultPolicy: HostPolicy;
  /** Consecutive failures that open the breaker. */
  readonly breakerThreshold?: number;
  readonly breakerCooldownMs?: number;
}

/** Safety margin so a few ms of timer jitter never turns into a politeness violation at the server. */
const MARGIN_MS = 3;

export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  private globalInFlight = 0;
  private readonly globalWaiters: Array<() => void> = [];

  constructor(private readonly opts: GateOptions) {}

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { policy: this.opts.defaultPolicy, inFlight: 0, lastStart: 0, lastDone: 0, pausedUntil: 0, waiters: [], timer: null, failures: 0, breakerOpenUntil: 0 };
      this.hosts.set(host, s);
    }
    return s;
  }

  setPolicy(host: string, policy: Partial<HostPolicy>): void {
    const s = this.state(host);
    s.policy = { ...s.policy, ...policy };
  }

  policy(host: string): HostPolicy {
    return this.state(host).policy;
  }

  /** Delays the host's next request until `until` (Retry-After). */
  pause(host: string, until: number): void {
    const s = this.state(host);
    s.pausedUntil = Math.max(s.pausedUntil, until);
  }

  /** True while the breaker is open (the host failed too often; wait for the cooldown). */
  isOpen(host: string): boolean {
    return this.state(host).breakerOpenUntil > Date.now();
  }

  openUntil(host: string): number {
    return this.state(host).breakerOpenUntil;
  }

  recordSuccess(host: string): void {
    const s = this.state(host);
    s.failures = 0;
    s.breakerOpenUntil = 0;
  }

  recordFailure(host: string): void {
    const s = this.state(host);
    s.failures++;
    if (s.failures >= (this.opts.breakerThreshold ?? 5)) {
      s.breakerOpenUntil = Date.now() + (this.opts.breakerCooldownMs ?? 30_000);
      s.pausedUntil = Math.max(s.pausedUntil, s.breakerOpenUntil);
      s.failures = Math.floor((this.opts.breakerThreshold ?? 5) / 2); // half-open: fewer failures re-open it
    }
  }

  /** Waits for a slot on `host` (interval and concurrency), then a global slot; returns the release. */
  async acquire(host: string): Promise<() => void> {
    const s = this.state(host);
    for (;;) {
      const wait = this.hostWait(s);
      if (wait === 0) break;
      await new Promise<void>((resolve) => {
        s.waiters.push(resolve);
        if (wait > 0) this.arm(s, wait);
      });
    }
    s.inFlight++;
    // Reserve the start time now so the next waiter on this host computes its gap from it.
    s.lastStart = Date.now();
    if (this.globalInFlight >= this.opts.globalConcurrency) {
      await new Promise<void>((resolve) => this.globalWaiters.push(resolve));
    } else this.globalInFlight++;
    s.lastStart = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      s.inFlight--;
      s.lastDone = Date.now();
      const next = this.globalWaiters.shift();
      if (next) next(); else this.globalInFlight--;
      this.wake(s);
    };
  }

  /**
   * The request holding a slot on `host` actually leaves now (after work done
   * inside its slot, such as logging it): the next gap counts from here.
   */
  leaving(host: string): void {
    const s = this.state(host);
    s.lastStart = Math.max(s.lastStart, Date.now());
  }

  /** 0 if a request may start now; ms to wait; -1 to wait for a release. */
  private hostWait(s: HostState): number {
    if (s.inFlight >= s.policy.concurrency) return -1;
    const now = Date.now();
    // The gap is counted from the previous request's end as well as its start: a
    // request can leave late (busy event loop, new connection), and the server
    // measures arrivals, not our intentions.
    const gap = s.policy.intervalMs + (s.policy.intervalMs > 0 ? MARGIN_MS : 0);
    const due = Math.max(s.lastStart + gap, s.inFlight === 0 ? s.lastDone + gap : 0, s.pausedUntil);
    return due > now ? due - now : 0;
  }

  private arm(s: HostState, ms: number): void {
    if (s.timer) return;
    s.timer = setTimeout(() => { s.timer = null; this.wake(s); }, ms);
  }

  private wake(s: HostState): void {
    const waiters = s.waiters.splice(0);
    for (const w of waiters) w();
  }
}
