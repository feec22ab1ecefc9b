/**
 * What flows through the crawl stages (one context type per step, each the
 * previous one plus what its stage added) and the environment they share.
 */
import type { FrontierRow } from '../store/frontier.js';
import type { Site } from './sites.js';
import type { Acquire, FetchRequest, FetchResponse, FetchStrategy } from './fetch-strategy.js';
import type { FetchLog, LoggedExchange } from './fetch-log.js';
import type { HostGate } from './politeness.js';
import type { RobotsCache } from './robots.js';
import type { CookieJar } from './cookies.js';
import type { PageLinks } from './discover.js';
import type { PageWriter, Latest, SaveKind, TxWrite } from './page-writer.js';
import type { FinderState } from './columns/finder-state.js';
import type { CrawlStats } from './crawl-stats.js';

/** A claimed frontier row and what is known of it before any request. */
export interface RowCtx {
  readonly row: FrontierRow;
  readonly site: Site | undefined;
  readonly host: string;
  /** The newest stored version of the row's document (its validators), if any. */
  readonly latest: Latest | null;
  /** This round's requests for the page itself, closed by the runner with the verdict. */
  readonly open: LoggedExchange[];
}

/** The request to make, and how. */
export interface RequestCtx extends RowCtx {
  readonly request: FetchRequest;
  readonly browser: boolean;
  /** A list that shows no link may be rendered with the browser (not for API answers, POSTs and `json` lists). */
  readonly mayRender: boolean;
  /** 0 for the first fetch, then once more per `again` (solved challenge, render, client redirect). */
  readonly round: number;
}

export interface FetchedCtx extends RequestCtx {
  readonly res: FetchResponse;
}

export interface DecodedCtx extends FetchedCtx {
  /** '' for files and 304s. */
  readonly text: string;
  /** 'binary' for files. */
  readonly charset: string;
}

export interface ClassifiedCtx extends DecodedCtx {
  /** A page to store, or a 304 confirming the stored version. */
  readonly page: 'page' | 'not-modified';
}

export interface DiscoveredCtx extends ClassifiedCtx {
  readonly links: PageLinks;
  /** Links a later stage read from the stored version of a 304 (the writer need not read them again). */
  readonly storedLinks?: boolean;
  /** More rows to write in the page's transaction (the column finder's columns). */
  readonly after?: readonly TxWrite[];
}

export interface StoredCtx extends DiscoveredCtx {
  readonly saved: SaveKind | 'not-modified';
}

/** The crawl's settings once defaults are filled in. */
export interface CrawlSettings {
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly maxRetryAfterMs: number;
  readonly minIntervalMs: number;
  readonly hostConcurrency: number;
  /** false: never use a browser. */
  readonly browser: boolean;
}

export interface CrawlEnv {
  readonly settings: CrawlSettings;
  readonly gate: HostGate;
  readonly robots: RobotsCache;
  readonly cookies: CookieJar;
  readonly http: FetchStrategy;
  readonly writer: PageWriter;
  readonly stats: CrawlStats;
  readonly log: FetchLog;
  /** The browser strategy (started on first use); null when the crawl may not use one. */
  browser(): FetchStrategy | null;
  /** Polite slots for the requests of one row: each is logged, those of the page itself land in `open`. */
  acquire(ctx: { readonly row: FrontierRow | null; readonly open: LoggedExchange[] }): Acquire;
  /** The row's request has its answer: its site may take more rows meanwhile. */
  answered(row: FrontierRow): void;
  /** Raises the host's interval to a robots.txt Crawl-delay (the site's own minimum still holds). */
  applyCrawlDelay(url: string, site: Site | undefined, delayMs: number): void;
  /** Whether the crawl has its own request for this URL (a redirect there is left to it). */
  hasRequest(url: string): Promise<boolean>;
  /** The column finder's page budgets and host rules for this crawl (src/crawl/columns). */
  readonly finder: FinderState;
}

/** What a frontier row's `meta` may carry from the page that linked it. */
export interface RowMeta {
  title?: string;
  headers?: Record<string, string>;
  depth?: number;
  seed?: boolean;
  /** A list API endpoint: plain HTTP even on browser sites. */
  data?: boolean;
  /** The list showed the report's title cut short: its page's title must confirm it is a report. */
  cutTitle?: string;
}
