/**
 * A crawl stage: one job, a typed input and output, and an outcome from a
 * closed union. The runner (stage-runner.ts) threads a row through the list
 * declared in stages.ts and acts on the first outcome that is not `continue`.
 */
import type { Outcome as LogOutcome } from './types.js';

/** What the fetch log records for the exchange a stage judged (see FetchEvent). */
export interface LogNote {
  readonly outcome: LogOutcome;
  readonly error?: string;
}

/** Fetch the row again at once, in this process: a solved challenge, a list only a browser can draw, a client-side redirect. */
export interface Again {
  readonly why: string;
  /** Use the browser for the next round. */
  readonly browser?: boolean;
  /** Request this URL instead (a meta refresh or script redirect); the row keeps its own. */
  readonly url?: string;
}

export type StageOutcome<T> =
  | { readonly kind: 'continue'; readonly value: T }
  /**
   * Not now. `afterMs`: when the server or the stage knows (Retry-After, an open
   * breaker); null lets the retry policy back off. `counted: false` retries do not
   * use up an attempt (the host was not asked). `again`: fetch once more right away.
   */
  | {
    readonly kind: 'retry'; readonly reason: string; readonly status: number | null; readonly afterMs: number | null;
    readonly counted: boolean; readonly again?: Again; readonly log?: LogNote;
  }
  /**
   * Done without a document (soft 404, robots.txt, a redirect left to its target's request).
   * `gone`: the page is gone (see `Gone`). `movedTo`: the address the page moved to, requested
   * in its own right (the row's kind and what its list said of it; a no-op when known).
   */
  | { readonly kind: 'skip'; readonly reason: string; readonly status: number | null; readonly log?: LogNote; readonly gone?: true; readonly movedTo?: string }
  /** Given up on for this run; `gone`: the page is gone (see `Gone`). */
  | { readonly kind: 'fail'; readonly error: string; readonly status: number | null; readonly log?: LogNote; readonly gone?: true };

/**
 * A page the site no longer has (404/410, a soft 404, moved for good to an address the crawl
 * has): asked again on the gone schedule (src/crawl/recheck.ts), not every night.
 */
export type Gone = { readonly gone: true };

export type Stop = Exclude<StageOutcome<never>, { kind: 'continue' }>;

export const next = <T>(value: T): StageOutcome<T> => ({ kind: 'continue', value });

export const retry = (reason: string, o: { status?: number | null; afterMs?: number | null; counted?: boolean; again?: Again; log?: LogNote } = {}): Stop => ({
  kind: 'retry', reason, status: o.status ?? null, afterMs: o.afterMs ?? null, counted: o.counted ?? true,
  ...(o.again ? { again: o.again } : {}), ...(o.log ? { log: o.log } : {}),
});

export const skip = (reason: string, status: number | null, log?: LogNote, gone?: Gone, movedTo?: string): Stop =>
  ({ kind: 'skip', reason, status, ...(log ? { log } : {}), ...gone, ...(movedTo !== undefined ? { movedTo } : {}) });

export const fail = (error: string, status: number | null, log?: LogNote, gone?: Gone): Stop => ({ kind: 'fail', error, status, ...(log ? { log } : {}), ...gone });

export const GONE: Gone = { gone: true };

export interface Stage<In, Out, Env> {
  readonly name: string;
  run(input: In, env: Env): Promise<StageOutcome<Out>> | StageOutcome<Out>;
}

/** A stage with its types erased, as the runner holds it. */
export interface AnyStage<Env> {
  readonly name: string;
  run(input: unknown, env: Env): Promise<StageOutcome<unknown>> | StageOutcome<unknown>;
}

/**
 * Builds the stage list; each `then` must take what the previous stage gives,
 * so the declared order is checked by the compiler.
 */
export class StageList<In, Out, Env> {
  private constructor(readonly stages: ReadonlyArray<AnyStage<Env>>) {}

  static start<T, Env>(): StageList<T, T, Env> {
    return new StageList<T, T, Env>([]);
  }

  then<Next>(stage: Stage<Out, Next, Env>): StageList<In, Next, Env> {
    return new StageList<In, Next, Env>([...this.stages, stage as unknown as AnyStage<Env>]);
  }

  get names(): string[] {
    return this.stages.map((s) => s.name);
  }
}

const OUTCOMES: ReadonlySet<unknown> = new Set(['continue', 'retry', 'skip', 'fail']);

/** Runs `input` through the stages from `from`; the last value, or the first outcome that stops. */
export async function runStages<Env>(stages: ReadonlyArray<AnyStage<Env>>, input: unknown, env: Env, from = 0,
  onValue?: (index: number, value: unknown) => void): Promise<StageOutcome<unknown>> {
  let value = input;
  for (let i = from; i < stages.length; i++) {
    onValue?.(i, value);
    const out = await stages[i]!.run(value, env);
    if (!OUTCOMES.has(out?.kind)) throw new Error(`stage ${stages[i]!.name} returned ${JSON.stringify(out)}: not an outcome`);
    if (out.kind !== 'continue') return out;
    value = out.value;
  }
  return next(value);
}
