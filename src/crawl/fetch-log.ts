/** Buffered writes to `fetch_log`: one insert per batch, not per request. */
import type { Insertable, Kysely } from 'kysely';
import type { Database, FetchLogTable } from '../store/schema.js';

export class FetchLogWriter {
  private buf: Insertable<FetchLogTable>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly db: Kysely<Database>, private readonly runId: number, private readonly everyMs = 1000) {}

  add(row: Omit<Insertable<FetchLogTable>, 'run_id'>): void {
    this.buf.push({ ...row, run_id: this.runId });
    if (this.buf.length >= 500) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, this.everyMs);
  }

  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    const rows = this.buf;
    this.buf = [];
    if (rows.length) this.pending = this.pending.then(() => this.db.insertInto('fetch_log').values(rows).execute().then(() => {}, () => {}));
    return this.pending;
  }
}
