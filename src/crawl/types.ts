import type { Learned } from './fetch-policy.js';
/** The crawl's options, progress and summary (contract 5). */
import type { Site } from './sites.js';
import type { FetchStrategy } from './fetch-strategy.js';

export interface CrawlOptions {
  /** Registry entries to crawl; else read from `sitesFile`; else the sites already in the database. */
  readonly sites?: readonly Site[];
  readonly sitesFile?: string;
  /** Only these site ids. */
  readonly siteIds?: readonly string[];
  /** Find the sites' 年报 columns, but crawl no list or report (`nianbao sites discover`). */
  readonly navigationOnly?: boolean;
  /** Stop after starting this many page fetches (the run stays open; the next crawl resumes it). */
  readonly maxPages?: number;
  /** Skip report links whose title year is older than this date's year minus one (reports for year Y appear in Y+1). */
  readonly since?: Date;
  /** Start a new run even if an unfinished one exists. */
  readonly fresh?: boolean;
  /** Requests in flight across all hosts (default 64). */
  readonly globalConcurrency?: number;
  /** Minimum gap between two requests to one host (default 1000 ms; a site's hints and robots Crawl-delay can raise it). */
  readonly minIntervalMs?: number;
  /** Requests in flight per host (default 1). */
  readonly hostConcurrency?: number;
  readonly timeoutMs?: number;
  /** Attempts per URL before it is marked failed (default 4). */
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Longest Retry-After honoured; longer ones are capped (default 5 min). */
  readonly maxRetryAfterMs?: number;
  readonly leaseMs?: number;
  readonly breakerThreshold?: number;
  readonly breakerCooldownMs?: number;
  /** false: never use a browser; a strategy: use this one (tests). Default: Chromium on demand. */
  readonly browser?: boolean | FetchStrategy;
  readonly browserPages?: number;
  readonly userAgent?: string;
  /** What hosts taught earlier crawls about reaching them (read from the store by `crawl`). */
  readonly learned?: readonly Learned[];
  /** Worker identity for leases (default host:pid:random). */
  readonly owner?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: CrawlProgress) => void;
  /** A phase/counter display (the CLI's `Progress`): the crawl reports pages done out of known. */
  readonly progress?: { phase(name: string, total: number): void; update(done: number, total?: number): void };
  readonly progressEveryMs?: number;
  /** Every exchange as it happens (for --log-json). */
  readonly onFetch?: (e: FetchEvent) => void;
}

export type Outcome =
  | 'ok' | 'not-modified' | 'unchanged' | 'soft404' | 'blocked' | 'challenge' | 'challenge-solved'
  | 'robots-disallowed' | 'http-error' | 'retry-after' | 'timeout' | 'network' | 'truncated' | 'circuit-open'
  | 'robots'
  /** Listed under a cut title that its page showed to be no report. */
  | 'not-report'
  /** A redirect hop, or a request a rendered page made for itself (scripts, data). */
  | 'redirect' | 'subrequest'
  /** A redirect left to the crawl's own request for its target. */
  | 'moved';

export interface FetchEvent {
  readonly url: string;
  readonly siteId: string | null;
  readonly kind: string;
  readonly status: number | null;
  readonly outcome: Outcome;
  readonly ms: number;
  readonly bytes: number | null;
  readonly error?: string;
}

export interface SiteCounters {
  queued: number;
  fetched: number;
  notModified: number;
  errors: number;
}

export interface CrawlProgress {
  readonly bySite: ReadonlyMap<string, SiteCounters>;
  readonly total: SiteCounters & { done: number };
  readonly elapsedMs: number;
}

/** A type alias (not an interface) so it fits index-signature consumers like the pipeline's stage summary. */
export type CrawlSummary = {
  readonly runId: number;
  readonly resumed: boolean;
  readonly sites: number;
  /** HTTP exchanges made (robots.txt, redirects and 304s included). */
  readonly requests: number;
  /** Responses with a body that was judged and stored or rejected. */
  readonly fetched: number;
  readonly newDocuments: number;
  readonly newVersions: number;
  /** Fetched again with identical bytes: no new version. */
  readonly unchanged: number;
  readonly notModified: number;
  /** URLs given up after their attempts (or a permanent error). */
  readonly failed: number;
  readonly retries: number;
  readonly skipped: number;
  readonly soft404: number;
  readonly challenges: number;
  readonly robotsDisallowed: number;
  readonly reports: number;
  readonly attachments: number;
  /** Images of report pages whose tables may be pictures (page-images.ts). */
  readonly images: number;
  readonly errorsBySite: Record<string, number>;
  readonly durationMs: number;
  /** False when stopped early (--max-pages, signal): the next crawl resumes the run. */
  readonly finished: boolean;
};
