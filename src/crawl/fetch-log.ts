/**
 * The fetch log: one `fetch_log` row per HTTP request, written *before* the
 * request leaves (outcome 'sent'), so a crawl killed at any moment still shows
 * every request a server saw. The row is completed (status, bytes, duration,
 * TLS, the crawl's verdict) once the request is judged. Opening rows are
 * group-committed: concurrent requests share one insert, and each waits only
 * for its batch; completions are written in batches a moment later.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, FetchLogTable } from '../store/schema.js';
import type { ExchangeResult } from './fetch-strategy.js';
import type { FetchEvent, Outcome } from './types.js';
import { hostKey } from './url.js';
import { DbLane } from './db-lane.js';

/** A request on its way or answered, not yet closed with an outcome. */
export interface LoggedExchange {
  readonly id: number;
  readonly url: string;
  readonly siteId: string | null;
  readonly kind: string;
  readonly t0: number;
  result?: ExchangeResult;
  ms?: number;
}

export interface RequestOf {
  readonly siteId: string | null;
  readonly kind: string;
  readonly frontierId: number | null;
}

interface Completion { id: number; ms: number; status: number | null; outcome: Outcome; bytes: number | null; error: string | null; tls: string | null }

export class FetchLog {
  private readonly opens: DbLane<Insertable<FetchLogTable>, number>;
  private done: Completion[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly notes = new Set<Promise<unknown>>();

  constructor(private readonly db: Kysely<Database>, private readonly runId: number,
    private readonly onEvent?: (e: FetchEvent) => void, private readonly everyMs = 1000) {
    this.opens = new DbLane(async (rows) => (await db.insertInto('fetch_log').values(rows).returning('id').execute()).map((r) => r.id),
      // A request leaves only once its row is in: 5 ms of waiting for company is nothing beside a host's
      // politeness interval, and it spares the database a transaction for nearly every request.
      { slots: 2, maxBatch: 500, maxQueued: Infinity, lingerMs: 5 });
  }

  /** Logs a request about to be sent; resolves once the row is committed. */
  async begin(url: string, of: RequestOf): Promise<LoggedExchange> {
    const id = await this.opens.add(this.row(url, of, 'sent'), true);
    return { id, url, siteId: of.siteId, kind: of.kind, t0: performance.now() };
  }

  /** Records the answer (or the failure) of a request. */
  answered(x: LoggedExchange, result: ExchangeResult): void {
    x.result = result;
    x.ms = performance.now() - x.t0;
  }

  /** Closes a request with the crawl's verdict on it. */
  close(x: LoggedExchange, outcome: Outcome, error?: string): void {
    const r = x.result ?? { status: null, bytes: null };
    const ms = x.ms ?? performance.now() - x.t0;
    const err = error ?? r.error ?? null;
    this.done.push({ id: x.id, ms: Math.round(ms), status: r.status, outcome, bytes: r.bytes, error: err, tls: r.tls ?? null });
    this.onEvent?.({ url: x.url, siteId: x.siteId, kind: x.kind, status: r.status, outcome, ms, bytes: r.bytes, ...(err ? { error: err } : {}) });
    if (this.done.length >= 500) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, this.everyMs);
  }

  /** A decision about a URL that made no request (robots.txt disallows it). */
  note(url: string, of: RequestOf, outcome: Outcome): void {
    const p = this.opens.add(this.row(url, of, outcome), false).catch(() => {});
    this.notes.add(p);
    void p.finally(() => this.notes.delete(p));
    this.onEvent?.({ url, siteId: of.siteId, kind: of.kind, status: null, outcome, ms: 0, bytes: null });
  }

  /** Writes every completion and note still waiting. */
  async flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    await Promise.all([...this.notes]);
    const rows = this.done;
    this.done = [];
    if (rows.length) this.writing = this.writing.then(() => this.complete(rows)).catch(() => {});
    return this.writing;
  }

  private row(url: string, of: RequestOf, outcome: Outcome | 'sent'): Insertable<FetchLogTable> {
    return { run_id: this.runId, url, host: hostKey(url), site_id: of.siteId, frontier_id: of.frontierId, started_at: new Date(),
      duration_ms: 0, status: null, outcome, bytes: null, error: null, tls: null };
  }

  private async complete(rows: readonly Completion[]): Promise<void> {
    const sorted = [...rows].sort((a, b) => a.id - b.id);
    const values = sql.join(sorted.map((r) => sql`(${r.id}::bigint, ${r.ms}::integer, ${r.status}::integer, ${r.outcome}::text, ${r.bytes}::integer, ${r.error}::text, ${r.tls}::text)`));
    await sql`update fetch_log f set duration_ms = v.ms, status = v.status, outcome = v.outcome, bytes = v.bytes, error = v.error, tls = v.tls
               from (values ${values}) as v(id, ms, status, outcome, bytes, error, tls) where f.id = v.id`.execute(this.db);
  }
}
