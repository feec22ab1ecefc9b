/**
 * Runs one claimed row through the crawl stages and settles it: a stored page
 * is already completed by the store stage; a retry is put back for when the
 * retry policy says (or given up on); a skip or failure is recorded. Every
 * request the row made is closed in the fetch log with the verdict on it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { fail as failRow, retryLater } from '../store/frontier.js';
import type { CrawlEnv, RequestCtx, RowCtx, StoredCtx } from './crawl-context.js';
import { nextAttempt, type RetryPolicy } from './retry-policy.js';
import { recheckAt } from './recheck.js';
import { runStages, type LogNote, type StageOutcome, type Stop } from './stage.js';
import { AGAIN_FROM, CRAWL_STAGES, MAX_ROUNDS } from './stages.js';

export interface Settle {
  readonly db: Kysely<Database>;
  readonly owner: string;
  readonly policy: RetryPolicy;
}

/** The row through the stages, `again` rounds included; the outcome that ended it. */
async function throughStages(ctx: RowCtx, env: CrawlEnv): Promise<StageOutcome<unknown>> {
  let fetchInput: RequestCtx | null = null;
  const remember = (i: number, v: unknown) => { if (i === AGAIN_FROM) fetchInput = v as RequestCtx; };
  let out = await runStages(CRAWL_STAGES.stages, ctx, env, 0, remember);
  for (let round = 1; out.kind === 'retry' && out.again; round++) {
    if (round >= MAX_ROUNDS || !fetchInput) return { ...out, again: undefined, reason: `${out.reason} (still after ${MAX_ROUNDS} fetches)` };
    closeOpen(ctx, env, out.log);
    const prev: RequestCtx = fetchInput;
    const again = out.again;
    const request = again.url ? { ...prev.request, url: again.url } : prev.request;
    out = await runStages(CRAWL_STAGES.stages, { ...prev, request, browser: prev.browser || again.browser === true, round }, env, AGAIN_FROM, remember);
  }
  return out;
}

function closeOpen(ctx: RowCtx, env: CrawlEnv, note: LogNote | undefined): void {
  for (const x of ctx.open.splice(0)) {
    const outcome = note?.outcome ?? 'ok';
    env.stats.logged(outcome);
    env.log.close(x, outcome, note?.error);
  }
}

export async function runRow(ctx: RowCtx, env: CrawlEnv, s: Settle): Promise<void> {
  const out = await throughStages(ctx, env);
  const { row } = ctx;
  if (out.kind === 'continue') {
    const stored = out.value as StoredCtx;
    closeOpen(ctx, env, { outcome: stored.saved === 'not-modified' ? 'not-modified' : 'ok' });
    env.stats.stored(row.site_id, row.kind, stored.saved);
    return;
  }
  closeOpen(ctx, env, out.log);
  await settle(ctx, env, s, out);
}

async function settle(ctx: RowCtx, env: CrawlEnv, s: Settle, out: Stop): Promise<void> {
  const { row } = ctx;
  // A page found gone rests until its re-check (recheck.ts).
  const recheck = out.kind !== 'retry' && out.gone ? recheckAt(new Date(), row.gone_since) : undefined;
  switch (out.kind) {
    case 'skip':
      if (ctx.open.length === 0 && out.log?.outcome === 'robots-disallowed') env.log.note(row.url, { siteId: row.site_id, kind: row.kind, frontierId: row.id }, out.log.outcome);
      env.stats.skipped(row.site_id, out.log?.outcome);
      await env.writer.skip(row, out.status, out.reason, recheck, out.movedTo);
      return;
    case 'fail':
      await giveUp(ctx, env, s, out.error, out.status, true, recheck);
      return;
    case 'retry': {
      if (out.counted) env.stats.error(row.site_id);
      const at = nextAttempt(row, out, s.policy);
      if (!at) {
        await giveUp(ctx, env, s, out.reason, out.status, false);
        return;
      }
      if (out.counted) env.stats.retried(row.site_id);
      await retryLater(s.db, row.id, s.owner, at, out.reason, out.status, out.counted);
      return;
    }
    default: {
      const never: never = out;
      throw new Error(`unhandled outcome ${JSON.stringify(never)}`);
    }
  }
}

async function giveUp(ctx: RowCtx, env: CrawlEnv, s: Settle, error: string, status: number | null, countError = true, recheck?: Date): Promise<void> {
  const { row } = ctx;
  env.stats.failed(row.site_id);
  if (countError && status !== null && status >= 400 && status < 500) env.stats.error(row.site_id);
  await failRow(s.db, row.id, s.owner, error, status, recheck);
}
