/**
 * The fetch log: one `fetch_log` row per HTTP request. A request is opened
 * (`begin`) when it has its polite slot and closed with its outcome once the
 * crawl has judged it; rows are written in batches.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, FetchLogTable } from '../store/schema.js';
import type { ExchangeResult } from './fetch-strategy.js';
import type { FetchEvent, Outcome } from './types.js';
import { hostKey } from './url.js';

/** A request on its way or answered, not yet closed with an outcome. */
export interface LoggedExchange {
  readonly url: string;
  readonly siteId: string | null;
  readonly kind: string;
  readonly startedAt: Date;
  readonly t0: number;
  result?: ExchangeResult;
  ms?: number;
}

export class FetchLog {
  private buf: Insertable<FetchLogTable>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly db: Kysely<Database>, private readonly runId: number,
    private readonly onEvent?: (e: FetchEvent) => void, private readonly everyMs = 1000) {}

  /** Opens a request about to be sent. */
  async begin(url: string, siteId: string | null, kind: string): Promise<LoggedExchange> {
    return { url, siteId, kind, startedAt: new Date(), t0: performance.now() };
  }

  /** Records the answer (or the failure) of a request. */
  answered(x: LoggedExchange, result: ExchangeResult): void {
    x.result = result;
    x.ms = performance.now() - x.t0;
  }

  /** Closes a request with the crawl's verdict on it. */
  close(x: LoggedExchange, outcome: Outcome, error?: string): void {
    const r = x.result ?? { status: null, bytes: null };
    const e: FetchEvent = { url: x.url, siteId: x.siteId, kind: x.kind, status: r.status, outcome, ms: x.ms ?? performance.now() - x.t0,
      bytes: r.bytes, ...(error ?? r.error ? { error: error ?? r.error } : {}) };
    this.buf.push({ run_id: this.runId, url: e.url, host: hostKey(e.url), site_id: e.siteId, started_at: x.startedAt,
      duration_ms: Math.round(e.ms), status: e.status, outcome, bytes: e.bytes, error: e.error ?? null });
    this.onEvent?.(e);
    if (this.buf.length >= 500) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, this.everyMs);
  }

  /** A decision about a URL that made no request (robots.txt disallows it). */
  note(url: string, siteId: string | null, kind: string, outcome: Outcome): void {
    const x: LoggedExchange = { url, siteId, kind, startedAt: new Date(), t0: performance.now(), result: { status: null, bytes: null }, ms: 0 };
    this.close(x, outcome);
  }

  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    const rows = this.buf;
    this.buf = [];
    if (rows.length) this.pending = this.pending.then(() => this.db.insertInto('fetch_log').values(rows).execute().then(() => {}, () => {}));
    return this.pending;
  }
}
