/**
 * Fetch strategies (Crawlee's split): the crawler core decides *what* to fetch
 * and *when*; a strategy only knows *how* — plain HTTP or a real browser. Both
 * take every request slot from `acquire`, so politeness holds for each request
 * a strategy makes (redirect hops, a browser's XHRs).
 */

export interface FetchRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body?: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /**
   * True for a redirect of the asked URL (`status`: its 3xx) that the crawl leaves to a request
   * of the target's own: it is not followed (that request fetches the target, once), and
   * the 3xx comes back with `redirectTo`. Asked of the first hop only: what a later hop
   * answers says nothing of the asked URL. Without it every redirect is followed.
   */
  readonly leaveRedirect?: (target: string, status: number) => Promise<boolean>;
}

/** 301 and 308: the resource has a new address for good (RFC 9110 §15.4). */
export const isPermanentRedirect = (status: number): boolean => status === 301 || status === 308;

export interface FetchResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly setCookies: readonly string[];
  readonly bytes: Uint8Array;
  /** After redirects. */
  readonly finalUrl: string;
  /** A redirect left unfollowed (see `FetchRequest.leaveRedirect`): where it pointed. */
  readonly redirectTo?: string;
  /** HTTP exchanges this fetch made (redirect hops, browser sub-requests). */
  readonly exchanges: number;
  /** JSON/XML answers a rendered page fetched for itself (its list API): discovery reads them too. */
  readonly dataResponses?: ReadonlyArray<{ readonly url: string; readonly contentType: string; readonly text: string }>;
}

export type FetchErrorCode = 'timeout' | 'network' | 'truncated' | 'redirect-loop' | 'robots';

export class FetchError extends Error {
  constructor(readonly code: FetchErrorCode, message: string, readonly url: string) {
    super(`${url}: ${message}`);
    this.name = 'FetchError';
  }
}

/** What one HTTP request came to, for the fetch log. */
export interface ExchangeResult {
  readonly status: number | null;
  readonly bytes: number | null;
  readonly error?: string;
  /** How the connection was secured ("TLSv1.3 verified", …); null over plain HTTP. */
  readonly tls?: string | null;
}

/**
 * One HTTP request a strategy makes, from its polite slot to its answer. `done`
 * (exactly once) frees the slot; `role` marks a request that is not the page
 * itself: a redirect hop or a rendered page's sub-request.
 */
export interface Exchange {
  done(result: ExchangeResult, role?: 'redirect' | 'sub'): void;
}

/** Waits for a polite slot on the URL's host and opens the exchange (logged before the request leaves). */
export type Acquire = (url: string) => Promise<Exchange>;

export interface FetchStrategy {
  readonly name: 'http' | 'browser';
  fetch(req: FetchRequest, acquire: Acquire): Promise<FetchResponse>;
  close(): Promise<void>;
}
