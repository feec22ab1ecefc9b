/**
 * The classify stage: what an HTTP answer means for the crawl. `judgeResponse`
 * is the pure verdict (status, headers, final URL and decoded text in); the
 * stage acts on it: a cookie challenge solved sends the row round again, a
 * busy host waits, a gone page fails, a soft 404 is skipped, a page goes on.
 */
import { isPermanentRedirect, type FetchResponse } from './fetch-strategy.js';
import type { Outcome } from './types.js';
import type { ClassifiedCtx, CrawlEnv, DecodedCtx } from './crawl-context.js';
import { isChallenge, judgePage, solveCookieChallenge } from './classify.js';
import { retryAfterMs } from './retry-policy.js';
import { fail, GONE, next, retry, skip, type Stage } from './stage.js';

export type Verdict =
  /** 304: the stored version stands. */
  | { readonly kind: 'not-modified' }
  /** A JS challenge; `cookies` when its cookie could be computed without running scripts. */
  | { readonly kind: 'challenge'; readonly cookies: Array<[string, string]> | null }
  /** Try again later; `afterMs` when the server said when (Retry-After); `hostFault` counts against the breaker. */
  | { readonly kind: 'retry'; readonly outcome: Outcome; readonly reason: string; readonly afterMs: number | null; readonly hostFault: boolean }
  /** Given up on: an answer no retry will change; `gone` when the page is gone (404, 410). */
  | { readonly kind: 'fail'; readonly outcome: Outcome; readonly reason: string; readonly gone: boolean }
  /** A soft 404: recorded, never stored; the page is gone. */
  | { readonly kind: 'skip'; readonly outcome: Outcome; readonly reason: string }
  /** A redirect left unfollowed to a request of `to`'s own; `permanent` (301, 308): the page is gone from here. */
  | { readonly kind: 'moved'; readonly to: string; readonly permanent: boolean }
  /** A real page: decode, discover, store. */
  | { readonly kind: 'store' };

export interface JudgeInput {
  readonly requestKind: string;
  readonly url: string;
  readonly res: Pick<FetchResponse, 'status' | 'headers' | 'finalUrl' | 'redirectTo'>;
  readonly text: string;
}

const HOME = /^\/(index\.\w+)?$/;

/** Dead columns redirect to the home page. */
function toHome(asked: string, landed: string): boolean {
  const to = new URL(landed).pathname;
  const from = new URL(asked).pathname;
  return to !== from && HOME.test(to) && !HOME.test(from);
}

export function judgeResponse({ requestKind, url, res, text }: JudgeInput): Verdict {
  const { status } = res;
  if (status === 304) return { kind: 'not-modified' };
  if (res.redirectTo !== undefined) {
    if (toHome(url, res.redirectTo)) return { kind: 'skip', outcome: 'soft404', reason: `soft 404: redirected to the home page ${res.redirectTo}` };
    return { kind: 'moved', to: res.redirectTo, permanent: isPermanentRedirect(status) };
  }
  if (isChallenge(status, text)) return { kind: 'challenge', cookies: solveCookieChallenge(text) };
  const after = status === 429 || status === 503 ? retryAfterMs(res.headers['retry-after']) : null;
  if (after !== null) return { kind: 'retry', outcome: 'retry-after', reason: `HTTP ${status} Retry-After ${res.headers['retry-after']}`, afterMs: after, hostFault: false };
  if (status >= 500 || status === 429) return { kind: 'retry', outcome: 'http-error', reason: `HTTP ${status}`, afterMs: null, hostFault: true };
  // A WAF's 468 without a script to run is a block of this client for now, not a missing page.
  if (status === 468) return { kind: 'retry', outcome: 'blocked', reason: 'HTTP 468: blocked by the site\'s firewall', afterMs: null, hostFault: true };
  if (status >= 400) return { kind: 'fail', outcome: 'http-error', reason: `HTTP ${status}`, gone: status === 404 || status === 410 };
  if (requestKind === 'attachment' || requestKind === 'image') return { kind: 'store' };
  if (toHome(url, res.finalUrl)) return { kind: 'skip', outcome: 'soft404', reason: `soft 404: redirected to the home page ${res.finalUrl}` };
  const ct = res.headers['content-type'] ?? '';
  if (ct && !/html|text\/plain|xml/i.test(ct)) return { kind: 'store' };
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? null;
  const page = judgePage(text, title);
  if (page === 'blocked') return { kind: 'retry', outcome: 'blocked', reason: 'block page ("访问异常") served with 200', afterMs: null, hostFault: true };
  if (page === 'soft404') return { kind: 'skip', outcome: 'soft404', reason: `soft 404 ("${title ?? ''}")` };
  return { kind: 'store' };
}

export const classifyStage: Stage<DecodedCtx, ClassifiedCtx, CrawlEnv> = {
  name: 'classify page',
  run(ctx, env) {
    const { row, res, host } = ctx;
    const verdict = judgeResponse({ requestKind: row.kind, url: row.url, res, text: ctx.text });
    switch (verdict.kind) {
      case 'not-modified':
        env.gate.recordSuccess(host);
        return next({ ...ctx, page: 'not-modified' });
      case 'challenge':
        if (verdict.cookies && !ctx.browser) {
          for (const [k, v] of verdict.cookies) env.cookies.set(host, k, v);
          return retry(`JS challenge (HTTP ${res.status})`, { status: res.status, again: { why: 'cookie challenge solved' }, log: { outcome: 'challenge-solved' } });
        }
        if (!ctx.browser && env.settings.browser) {
          return retry(`JS challenge (HTTP ${res.status})`, { status: res.status, again: { why: 'challenge', browser: true }, log: { outcome: 'challenge', error: 'handing to the browser' } });
        }
        env.gate.recordFailure(host);
        return retry(`JS challenge (HTTP ${res.status})`, { status: res.status, log: { outcome: 'challenge', error: 'unsolved JS challenge' } });
      case 'retry':
        if (verdict.afterMs !== null) env.gate.pause(host, Date.now() + Math.min(verdict.afterMs, env.settings.maxRetryAfterMs));
        if (verdict.hostFault) env.gate.recordFailure(host);
        return retry(verdict.reason, { status: res.status, afterMs: verdict.afterMs, log: { outcome: verdict.outcome } });
      case 'fail':
        env.gate.recordSuccess(host); // the host answers; the page is not there
        return fail(verdict.reason, res.status, { outcome: verdict.outcome }, verdict.gone ? GONE : undefined);
      case 'skip':
        env.gate.recordSuccess(host);
        return skip(verdict.reason, res.status, { outcome: verdict.outcome }, GONE);
      case 'moved':
        env.gate.recordSuccess(host);
        return skip(`HTTP ${res.status} to ${verdict.to}, fetched by its own request`, res.status, { outcome: 'moved' }, verdict.permanent ? GONE : undefined, verdict.to);
      case 'store':
        env.gate.recordSuccess(host);
        return next({ ...ctx, page: 'page' });
      default: {
        const never: never = verdict;
        throw new Error(`unhandled verdict ${JSON.stringify(never)}`);
      }
    }
  },
};
