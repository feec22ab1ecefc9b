/**
 * The judge stage: what an HTTP answer means for the crawl, as a closed union
 * the runner acts on. Pure: status, headers, final URL and decoded text in.
 */
import type { FetchResponse } from './fetch-strategy.js';
import type { Outcome } from './types.js';
import { isChallenge, judgePage, solveCookieChallenge } from './classify.js';
import { retryAfterMs } from './retry-policy.js';

export type Verdict =
  /** 304: the stored version stands. */
  | { readonly kind: 'not-modified' }
  /** A JS challenge; `cookies` when its cookie could be computed without running scripts. */
  | { readonly kind: 'challenge'; readonly cookies: Array<[string, string]> | null }
  /** Try again later; `afterMs` when the server said when (Retry-After); `hostFault` counts against the breaker. */
  | { readonly kind: 'retry'; readonly outcome: Outcome; readonly reason: string; readonly afterMs: number | null; readonly hostFault: boolean }
  /** Permanent: the page is gone. */
  | { readonly kind: 'fail'; readonly outcome: Outcome; readonly reason: string }
  /** A soft 404: recorded, never stored. */
  | { readonly kind: 'skip'; readonly outcome: Outcome; readonly reason: string }
  /** A real page: decode, discover, store. */
  | { readonly kind: 'store' };

export interface JudgeInput {
  readonly requestKind: string;
  readonly url: string;
  readonly res: Pick<FetchResponse, 'status' | 'headers' | 'finalUrl'>;
  readonly text: string;
}

const HOME = /^\/(index\.\w+)?$/;

export function judgeResponse({ requestKind, url, res, text }: JudgeInput): Verdict {
  const { status } = res;
  if (status === 304) return { kind: 'not-modified' };
  if (isChallenge(status, text)) return { kind: 'challenge', cookies: solveCookieChallenge(text) };
  const after = status === 429 || status === 503 ? retryAfterMs(res.headers['retry-after']) : null;
  if (after !== null) return { kind: 'retry', outcome: 'retry-after', reason: `HTTP ${status} Retry-After ${res.headers['retry-after']}`, afterMs: after, hostFault: false };
  if (status >= 500 || status === 429) return { kind: 'retry', outcome: 'http-error', reason: `HTTP ${status}`, afterMs: null, hostFault: true };
  if (status >= 400) return { kind: 'fail', outcome: 'http-error', reason: `HTTP ${status}` };
  if (requestKind === 'attachment') return { kind: 'store' };
  // Dead columns redirect to the home page.
  const finalPath = new URL(res.finalUrl).pathname;
  const askedPath = new URL(url).pathname;
  if (finalPath !== askedPath && HOME.test(finalPath) && !HOME.test(askedPath)) {
    return { kind: 'skip', outcome: 'soft404', reason: `soft 404: redirected to the home page ${res.finalUrl}` };
  }
  const ct = res.headers['content-type'] ?? '';
  if (ct && !/html|text\/plain|xml/i.test(ct)) return { kind: 'store' };
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? null;
  const page = judgePage(text, title);
  if (page === 'blocked') return { kind: 'retry', outcome: 'blocked', reason: 'block page ("访问异常") served with 200', afterMs: null, hostFault: true };
  if (page === 'soft404') return { kind: 'skip', outcome: 'soft404', reason: `soft 404 ("${title ?? ''}")` };
  return { kind: 'store' };
}
