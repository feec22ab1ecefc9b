/**
 * `sites check` at scale: is each registered portal reachable, and if not,
 * why (DNS, TLS, refused, reset, timeout, challenge, 404, robots …)? Two
 * requests per site (robots.txt, then the home page or first hand-given list)
 * through the crawler's own politeness gate, HTTP strategy, robots parser and
 * judge: concurrent across hosts, one request at a time per host, and bounded
 * by a per-request timeout and a deadline for the whole check.
 */
import { HostGate } from './politeness.js';
import { FetchPolicies } from './fetch-policy.js';
import { HttpStrategy } from './fetch-http.js';
import { FetchError, type Acquire, type FetchResponse } from './fetch-strategy.js';
import { CookieJar } from './cookies.js';
import { parseRobots } from './robots.js';
import { decodeBody } from './charset.js';
import { judgeResponse } from './classify-stage.js';
import { DEFAULT_UA } from './crawler.js';
import { hostKey } from './url.js';
import type { Site } from './sites.js';

/** Why a site failed its check, in the order the summary lists them ('ok' first). */
export const CAUSES = ['ok', 'dns', 'tls', 'refused', 'reset', 'timeout', 'network', 'challenge', 'robots', 'http-404', 'http-4xx', 'http-5xx',
  'soft404', 'blocked', 'not-checked'] as const;
export type CheckCause = (typeof CAUSES)[number];

export interface SiteCheckResult {
  readonly site: string;
  readonly url: string;
  readonly cause: CheckCause;
  /** HTTP status of the page checked (null when none came). */
  readonly status: number | null;
  readonly robots: string;
  readonly ms: number;
  readonly detail: string;
}

export interface CheckOptions {
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  /** Gap between the two requests to one host (default 1 s). */
  readonly intervalMs?: number;
  /** Requests in flight across hosts (default 128). */
  readonly concurrency?: number;
  /** The whole check stops after this long; sites not reached are 'not-checked' (default 5 min). */
  readonly deadlineMs?: number;
  readonly userAgent?: string;
  readonly onResult?: (r: SiteCheckResult, done: number, total: number) => void;
}

/** The cause of a failed request, from the error code Node gives (`(ECONNREFUSED)` in the message, or `code`). */
export function causeOfError(err: unknown): CheckCause {
  const e = err as { code?: string; message?: string };
  if (err instanceof FetchError && err.code === 'timeout') return 'timeout';
  if (err instanceof FetchError && err.code === 'truncated') return 'reset';
  const text = `${e.code ?? ''} ${e.message ?? ''}`;
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|getaddrinfo/.test(text)) return 'dns';
  if (/ECONNREFUSED/.test(text)) return 'refused';
  if (/ETIMEDOUT|ESOCKETTIMEDOUT|timed out/i.test(text)) return 'timeout';
  if (/ECONNRESET|EPIPE|socket hang up/i.test(text)) return 'reset';
  if (/EPROTO|ERR_SSL|ERR_TLS|SSL routines|CERT_|UNABLE_TO_VERIFY|SELF_SIGNED|DEPTH_ZERO|wrong version number|alert/i.test(text)) return 'tls';
  return 'network';
}

const headers = (ua: string) => ({ 'user-agent': ua, 'accept-language': 'zh-CN,zh;q=0.9', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });

/** Checks every site; results in the sites' order. */
export async function checkSites(sites: readonly Site[], opts: CheckOptions = {}): Promise<SiteCheckResult[]> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const deadline = Date.now() + (opts.deadlineMs ?? 300_000);
  const gate = new HostGate({ globalConcurrency: opts.concurrency ?? 128, defaultPolicy: { intervalMs: opts.intervalMs ?? 1000, concurrency: 1 } });
  const jar = new CookieJar();
  // The crawl's own transport rules (certificate checking, legacy TLS, scheme fallback): a site the crawl can read passes.
  const http = new HttpStrategy((u) => jar.header(hostKey(u)), (u, sc) => jar.store(hostKey(u), sc), new FetchPolicies(sites));
  const ua = opts.userAgent ?? DEFAULT_UA;
  const acquire: Acquire = async (u) => { const release = await gate.acquire(hostKey(u)); return { done: () => release() }; };
  const get = (url: string) => http.fetch({ url, method: 'GET', headers: headers(ua), timeoutMs: Math.max(1, Math.min(timeoutMs, deadline - Date.now())) }, acquire);
  /**
   * A GET that solves a cookie challenge (two rounds, as the crawler does) and
   * asks once more after a transient failure (5xx, 429, a reset): one bad
   * moment does not make a portal broken.
   */
  const fetchPassing = async (url: string, retried = false): Promise<{ res: FetchResponse; text: string; challenged: boolean }> => {
    let challenged = false;
    for (let round = 0; ; round++) {
      let res: FetchResponse;
      try {
        res = await get(url);
      } catch (err) {
        const cause = causeOfError(err);
        if (retried || !(cause === 'reset' || cause === 'network') || Date.now() >= deadline) throw err;
        return fetchPassing(url, true);
      }
      const text = decodeBody(res.bytes, res.headers['content-type']).text;
      const verdict = judgeResponse({ requestKind: 'list', url, res, text });
      if (verdict.kind === 'retry' && verdict.outcome !== 'blocked' && !retried && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(verdict.afterMs ?? 0, 5000)));
        return fetchPassing(url, true);
      }
      if (verdict.kind !== 'challenge' || round === 2 || !verdict.cookies) return { res, text, challenged: challenged || verdict.kind === 'challenge' };
      challenged = true;
      for (const [k, v] of verdict.cookies) jar.set(hostKey(url), k, v);
    }
  };
  // robots.txt once per origin, as the crawler asks: sites sharing a host share its answer (and a dead host costs one timeout).
  const robotsCache = new Map<string, Promise<{ res: FetchResponse; text: string; challenged: boolean }>>();
  const robotsOf = (robotsUrl: string) => {
    let p = robotsCache.get(robotsUrl);
    if (!p) robotsCache.set(robotsUrl, (p = fetchPassing(robotsUrl)));
    return p;
  };
  const results: SiteCheckResult[] = new Array(sites.length);
  let done = 0;
  const one = async (site: Site, i: number): Promise<void> => {
    const url = site.lists[0] ?? site.base_url;
    const t0 = Date.now();
    const out = (cause: CheckCause, status: number | null, robots: string, detail: string) => {
      results[i] = { site: site.id, url, cause, status, robots, ms: Date.now() - t0, detail };
      opts.onResult?.(results[i]!, ++done, sites.length);
    };
    if (Date.now() >= deadline) return out('not-checked', null, '', 'deadline reached');
    let robots = '';
    try {
      const robotsUrl = new URL('/robots.txt', url).toString();
      const r = await robotsOf(robotsUrl);
      if (judgeResponse({ requestKind: 'robots', url: robotsUrl, res: r.res, text: r.text }).kind === 'challenge') return out('challenge', r.res.status, 'challenged', 'robots.txt answers a JS challenge a plain client cannot pass');
      if (r.res.status >= 500) robots = `unreachable (${r.res.status})`;
      else if (r.res.status >= 400) robots = `none (${r.res.status})`;
      else {
        const parsed = parseRobots(robotsUrl, r.text);
        if (!parsed.isAllowed(url)) return out('robots', r.res.status, 'disallows', `robots.txt disallows ${new URL(url).pathname}`);
        robots = `allows${parsed.crawlDelayMs ? `, delay ${parsed.crawlDelayMs / 1000}s` : ''}${r.challenged ? ' (after a challenge)' : ''}`;
      }
      if (Date.now() >= deadline) return out('not-checked', null, robots, 'deadline reached');
      const page = await fetchPassing(url);
      const verdict = judgeResponse({ requestKind: 'list', url, res: page.res, text: page.text });
      const s = page.res.status;
      const solved = page.challenged ? 'a cookie challenge was solved; ' : '';
      if (verdict.kind === 'challenge') return out('challenge', s, robots, 'a JS challenge a plain client cannot pass (needs the browser)');
      if (s === 404 || s === 410) return out('http-404', s, robots, `HTTP ${s}`);
      if (s >= 500) return out('http-5xx', s, robots, `HTTP ${s}`);
      if (s >= 400) return out('http-4xx', s, robots, `HTTP ${s}`);
      if (verdict.kind === 'skip') return out('soft404', s, robots, verdict.reason);
      if (verdict.kind === 'retry' && verdict.outcome === 'blocked') return out('blocked', s, robots, verdict.reason);
      out('ok', s, robots, `${solved}${page.res.finalUrl !== url ? `redirected to ${page.res.finalUrl}` : ''}`.replace(/; $/, ''));
    } catch (err) {
      out(causeOfError(err), null, robots, (err as Error).message);
    }
  };
  // A bounded pool: the gate keeps each host polite, the pool keeps memory flat over thousands of sites.
  let next = 0;
  const workers = Array.from({ length: Math.min(sites.length, (opts.concurrency ?? 128) * 2) }, async () => {
    while (next < sites.length) {
      const i = next++;
      await one(sites[i]!, i);
    }
  });
  try {
    await Promise.all(workers);
  } finally {
    await http.close();
  }
  return results;
}

/** Failures by cause (only causes that occurred), 'ok' included. */
export function summarize(results: readonly SiteCheckResult[]): Partial<Record<CheckCause, number>> {
  const out: Partial<Record<CheckCause, number>> = {};
  for (const c of CAUSES) {
    const n = results.filter((r) => r.cause === c).length;
    if (n) out[c] = n;
  }
  return out;
}
