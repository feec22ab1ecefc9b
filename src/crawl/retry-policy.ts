/**
 * When to try a URL again: a pure function of its attempts and the reason.
 * Exponential backoff with jitter; a server's Retry-After wins (capped).
 */

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly maxRetryAfterMs: number;
}

/** What the retry is about: when the server (or the stage) said to come back, and whether it uses up an attempt. */
export interface RetryAsk {
  readonly afterMs: number | null;
  /** false: the host was not asked (open breaker, stopping crawl): no attempt is used up. */
  readonly counted: boolean;
}

/**
 * The time of the next attempt, or null to give up. `request.attempts` counts
 * the attempts made before this one; `random` is injectable for tests.
 */
export function nextAttempt(request: { readonly attempts: number }, ask: RetryAsk, policy: RetryPolicy, now = Date.now(), random = Math.random): Date | null {
  const { afterMs } = ask;
  if (!ask.counted) return new Date(now + Math.max(0, afterMs ?? 0));
  const attempts = request.attempts;
  if (attempts + 1 >= policy.maxAttempts) return null;
  if (afterMs !== null) return new Date(now + Math.min(afterMs, policy.maxRetryAfterMs));
  const base = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** attempts);
  return new Date(now + Math.round(base * (0.5 + random())));
}

/** Retry-After as seconds or an HTTP date → ms from now; null if absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}
