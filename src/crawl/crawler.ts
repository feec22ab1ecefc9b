/**
 * The crawler core: claims frontier rows, waits for a polite slot, fetches with
 * a strategy, judges the answer, stores raw bytes, enqueues what it found and
 * completes the row. All state lives in the database; this process only holds
 * leases, so it can die at any moment and another run picks up where it stopped.
 */
import type { Kysely } from 'kysely';
import type { Store } from '../store/open-store.js';
import type { Database } from '../store/schema.js';
import { retryLater, fail, type FrontierRow } from '../store/frontier.js';
import type { Site } from './sites.js';
import type { CrawlOptions, CrawlSummary, CrawlProgress, FetchEvent, Outcome, SiteCounters } from './types.js';
import { HostGate } from './politeness.js';
import { RobotsCache, parseRobots, ALLOW_ALL, UNREACHABLE, isUnreachable, type Robots } from './robots.js';
import { CookieJar } from './cookies.js';
import { HttpStrategy } from './fetch-http.js';
import { BrowserStrategy } from './fetch-browser.js';
import { FetchError, type FetchResponse, type FetchStrategy } from './fetch-strategy.js';
import { decodeBody, normalizeCharset } from './charset.js';
import { discoverList, type PageLinks } from './discover.js';
import { judgeResponse } from './judge-stage.js';
import { nextAttempt } from './retry-policy.js';
import { hostKey } from './url.js';
import { claimFair, renewLeases, releaseRow, postpone, registerWorker, heartbeatWorker, unregisterWorker, liveWorkers, shareOf, type Partition, pendingRows, nextDue, finishRun } from './runs.js';
import { FetchLogWriter } from './fetch-log.js';
import { latestByUrl } from '../store/documents.js';
import { StoreStage, documentUrl, discoverPage, type Latest, type RowMeta } from './store-stage.js';
import iconv from 'iconv-lite';

export const DEFAULT_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 nianbao/0.1';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A rendered list's own API answers (e.g. gkmlpt JSON) add their reports and further API pages. */
function withDataLinks(row: FrontierRow, links: PageLinks, res: FetchResponse): PageLinks {
  if (row.kind !== 'list' || !res.dataResponses?.length) return links;
  const extra = res.dataResponses.flatMap((d) => discoverList(d.url, d.text, d.contentType).links);
  return { ...links, links: [...links.links, ...extra] };
}

export class Crawler {
  private readonly db: Kysely<Database>;
  private readonly gate: HostGate;
  private readonly robots: RobotsCache;
  private readonly cookies = new CookieJar();
  private readonly http: HttpStrategy;
  private browser: FetchStrategy | null = null;
  private readonly log: FetchLogWriter;
  private readonly storeStage: StoreStage;
  private readonly sites: Map<string, Site>;
  private readonly siteIds: string[];
  private readonly sortedSiteIds: string[];
  /** The sites' longest politeness interval, plus slack: the quiet time before another worker may take a site over. */
  private readonly handoverMs: number;
  private readonly counters = new Map<string, SiteCounters>();
  private readonly active = new Map<number, FrontierRow>();
  /** Rows claimed but not fetched yet, per site: the lookahead claims top up. Rows being written no longer count. */
  private readonly unfetched = new Set<number>();
  private readonly unfetchedBySite = new Map<string, number>();
  private readonly s: Mutable<Omit<CrawlSummary, 'runId' | 'resumed' | 'sites' | 'durationMs' | 'finished' | 'errorsBySite'>> = {
    requests: 0, fetched: 0, newDocuments: 0, newVersions: 0, unchanged: 0, notModified: 0, failed: 0, retries: 0,
    skipped: 0, soft404: 0, challenges: 0, robotsDisallowed: 0, reports: 0, attachments: 0,
  };
  private readonly errorsBySite: Record<string, number> = {};
  private started = 0;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly o: Required<Pick<CrawlOptions, 'globalConcurrency' | 'minIntervalMs' | 'hostConcurrency' | 'timeoutMs'
    | 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs' | 'maxRetryAfterMs' | 'leaseMs' | 'userAgent'>>;

  constructor(store: Store, sites: readonly Site[], private readonly runId: number, private readonly owner: string,
    private readonly opts: CrawlOptions) {
    this.db = store.db;
    this.o = {
      globalConcurrency: opts.globalConcurrency ?? 64, minIntervalMs: opts.minIntervalMs ?? 1000,
      hostConcurrency: opts.hostConcurrency ?? 1, timeoutMs: opts.timeoutMs ?? 20_000, maxAttempts: opts.maxAttempts ?? 4,
      backoffBaseMs: opts.backoffBaseMs ?? 1000, backoffMaxMs: opts.backoffMaxMs ?? 60_000,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 300_000, leaseMs: opts.leaseMs ?? 60_000, userAgent: opts.userAgent ?? DEFAULT_UA,
    };
    this.sites = new Map(sites.map((s) => [s.id, s]));
    this.siteIds = sites.map((s) => s.id);
    this.sortedSiteIds = [...this.siteIds].sort();
    this.handoverMs = Math.max(this.o.minIntervalMs, ...sites.map((s) => s.hints.min_interval_ms ?? 0)) + 50;
    for (const id of this.siteIds) this.counters.set(id, { queued: 0, fetched: 0, notModified: 0, errors: 0 });
    this.gate = new HostGate({
      globalConcurrency: this.o.globalConcurrency,
      defaultPolicy: { intervalMs: this.o.minIntervalMs, concurrency: this.o.hostConcurrency },
      breakerThreshold: opts.breakerThreshold ?? 5, breakerCooldownMs: opts.breakerCooldownMs ?? 30_000,
    });
    for (const s of sites) this.applySitePolicy(s.base_url, s);
    this.http = new HttpStrategy((u) => this.cookies.header(hostKey(u)), (u, sc) => this.cookies.store(hostKey(u), sc));
    if (typeof opts.browser === 'object') this.browser = opts.browser;
    this.robots = new RobotsCache((origin) => this.loadRobots(origin), this.o.backoffBaseMs);
    this.log = new FetchLogWriter(this.db, runId);
    this.storeStage = new StoreStage(this.db, opts.since, owner);
  }

  private applySitePolicy(url: string, site: Site, crawlDelayMs: number | null = null): void {
    const interval = Math.max(site.hints.min_interval_ms ?? this.o.minIntervalMs, crawlDelayMs ?? 0);
    this.gate.setPolicy(hostKey(url), { intervalMs: interval, concurrency: site.hints.concurrency ?? this.o.hostConcurrency });
  }

  private counter(siteId: string | null): SiteCounters {
    const id = siteId ?? '?';
    let c = this.counters.get(id);
    if (!c) this.counters.set(id, (c = { queued: 0, fetched: 0, notModified: 0, errors: 0 }));
    return c;
  }

  private event(e: FetchEvent, startedAt: Date): void {
    this.log.add({ url: e.url, host: hostKey(e.url), site_id: e.siteId, started_at: startedAt, duration_ms: Math.round(e.ms),
      status: e.status, outcome: e.outcome, bytes: e.bytes, error: e.error ?? null });
    this.opts.onFetch?.(e);
  }

  private baseHeaders(): Record<string, string> {
    return { 'user-agent': this.o.userAgent, 'accept-language': 'zh-CN,zh;q=0.9', accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
  }

  private async loadRobots(origin: string): Promise<Robots> {
    const url = `${origin}/robots.txt`;
    const t0 = Date.now();
    const at = new Date();
    try {
      const res = await this.http.fetch({ url, method: 'GET', headers: this.baseHeaders(), timeoutMs: this.o.timeoutMs },
        (u) => this.gate.acquire(hostKey(u)));
      this.s.requests += res.exchanges;
      this.event({ url, siteId: null, kind: 'robots', status: res.status, outcome: 'robots', ms: Date.now() - t0, bytes: res.bytes.byteLength }, at);
      if (res.status >= 500) return UNREACHABLE;
      if (res.status >= 400) return ALLOW_ALL;
      const robots = parseRobots(url, new TextDecoder().decode(res.bytes));
      if (robots.crawlDelayMs) {
        const host = hostKey(url);
        const site = [...this.sites.values()].find((s) => hostKey(s.base_url) === host);
        const current = this.gate.policy(host);
        this.gate.setPolicy(host, { intervalMs: Math.max(current.intervalMs, robots.crawlDelayMs, site?.hints.min_interval_ms ?? 0) });
      }
      return robots;
    } catch (err) {
      this.s.requests++;
      this.event({ url, siteId: null, kind: 'robots', status: null, outcome: 'robots', ms: Date.now() - t0, bytes: null, error: (err as Error).message }, at);
      return UNREACHABLE;
    }
  }

  /** Runs until the frontier of these sites is empty (or the page budget / signal stops it). */
  async run(): Promise<{ summary: Omit<CrawlSummary, 'runId' | 'resumed' | 'sites'>; finished: boolean }> {
    const t0 = Date.now();
    await registerWorker(this.db, this.owner, this.runId);
    const heartbeat = setInterval(() => { renewLeases(this.db, this.owner, this.o.leaseMs).catch(() => {}); }, this.o.leaseMs / 3);
    const alive = setInterval(() => { heartbeatWorker(this.db, this.owner).catch(() => {}); }, 2000);
    const every = this.opts.progressEveryMs ?? 1000;
    this.opts.progress?.phase('crawl', 0);
    const progress = this.opts.onProgress || this.opts.progress ? setInterval(() => { this.reportProgress(t0).catch(() => {}); }, every) : null;
    const onAbort = () => this.stop();
    this.opts.signal?.addEventListener('abort', onAbort);
    let finished = false;
    try {
      finished = await this.loop();
      await Promise.all([...this.tasks]);
    } finally {
      clearInterval(heartbeat);
      clearInterval(alive);
      await unregisterWorker(this.db, this.owner).catch(() => {});
      if (progress) clearInterval(progress);
      this.opts.signal?.removeEventListener('abort', onAbort);
      await this.log.flush();
      if (this.browser && typeof this.opts.browser !== 'object') await this.browser.close();
      await this.http.close();
    }
    if (this.opts.onProgress || this.opts.progress) await this.reportProgress(t0).catch(() => {});
    const summary = { ...this.s, errorsBySite: { ...this.errorsBySite }, durationMs: Date.now() - t0, finished };
    if (finished) await finishRun(this.db, this.runId, this.siteIds, summary);
    return { summary, finished };
  }

  private readonly tasks = new Set<Promise<void>>();

  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  private budgetLeft(): boolean {
    return this.opts.maxPages === undefined || this.started < this.opts.maxPages;
  }

  /**
   * Claims and dispatches until nothing is left; true when the sites' frontier is empty.
   * Each site gets about one second of work per claim (its interval decides how
   * many rows that is), and claims are batched at most every `claimEveryMs`: a
   * claim per finished row would make the claim query the bottleneck.
   */
  private async loop(): Promise<boolean> {
    const perSite = Math.min(20, Math.max(2, Math.ceil(1000 / Math.max(this.o.minIntervalMs, 1)) * this.o.hostConcurrency));
    const backlog = Math.min(20_000, Math.max(256, this.o.globalConcurrency * 4, this.siteIds.length * perSite));
    const claimEveryMs = 100;
    for (;;) {
      if (this.stopping || !this.budgetLeft()) return false;
      const room = backlog - this.unfetched.size;
      let claimed = 0;
      const t0 = Date.now();
      if (room > 0) {
        const exclude = [...this.unfetchedBySite].filter(([, n]) => n >= perSite).map(([id]) => id);
        const partition = await this.partition();
        const rows = await claimFair(this.db, { owner: this.owner, siteIds: shareOf(this.sortedSiteIds, partition), exclude, perSite, limit: room, leaseMs: this.o.leaseMs, handoverMs: this.handoverMs });
        claimed = rows.length;
        if (rows.length) await this.dispatch(rows);
      }
      if (claimed === 0 && this.active.size === 0) {
        if (await pendingRows(this.db, this.siteIds) === 0) return true;
        const due = await nextDue(this.db, this.siteIds);
        // Rows may be due yet not ours (another worker's share): poll gently.
        const wait = due ? Math.min(Math.max(due.getTime() - Date.now(), 100), 1000) : 200;
        await this.idle(wait);
      } else {
        // Let completions accumulate; wake early only if the local backlog ran dry.
        await sleep(Math.max(0, claimEveryMs - (Date.now() - t0)));
        if (this.active.size > 0 && claimed === 0) await this.idle(claimEveryMs * 3);
      }
    }
  }

  private partitionCache: { at: number; value: Partition | undefined } = { at: 0, value: undefined };

  /** This worker's share of the sites when others work on the same database (refreshed every 500 ms). */
  private async partition(): Promise<Partition | undefined> {
    if (Date.now() - this.partitionCache.at < 500) return this.partitionCache.value;
    const workers = await liveWorkers(this.db);
    const index = workers.indexOf(this.owner);
    const value = workers.length > 1 && index >= 0 ? { index, count: workers.length } : undefined;
    this.partitionCache = { at: Date.now(), value };
    return value;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(t); this.wake = null; resolve(); };
    });
  }

  private async dispatch(rows: FrontierRow[]): Promise<void> {
    const latest = await latestByUrl(this.db, rows.map((r) => documentUrl(r)));
    for (const row of rows) {
      this.active.set(row.id, row);
      this.unfetched.add(row.id);
      this.unfetchedBySite.set(row.site_id ?? '?', (this.unfetchedBySite.get(row.site_id ?? '?') ?? 0) + 1);
      const task = this.process(row, latest.get(documentUrl(row)) ?? null)
        .catch((err) => this.crashed(row, err))
        .finally(() => {
          this.fetched(row);
          this.active.delete(row.id);
          this.tasks.delete(task);
          this.wake?.();
        });
      this.tasks.add(task);
    }
  }

  /**
   * The row's request is answered: its site may take more rows while this one
   * is being written (counting writes would idle hosts whenever the database lags).
   */
  private fetched(row: FrontierRow): void {
    if (!this.unfetched.delete(row.id)) return;
    const site = row.site_id ?? '?';
    this.unfetchedBySite.set(site, (this.unfetchedBySite.get(site) ?? 1) - 1);
    this.wake?.();
  }

  /** A bug or a database error while handling a row: put it back for a later attempt rather than lose it. */
  private async crashed(row: FrontierRow, err: unknown): Promise<void> {
    const msg = `internal: ${(err as Error).message}`;
    const at = nextAttempt(row.attempts, null, this.o) ?? new Date(Date.now() + this.o.backoffMaxMs);
    await retryLater(this.db, row.id, this.owner, at, msg).catch(() => {});
  }

  private strategyFor(row: FrontierRow, site: Site | undefined): FetchStrategy {
    const data = (row.meta as RowMeta).data === true || row.method === 'POST';
    if (row.kind === 'list' && !data && site?.hints.needs_browser && this.opts.browser !== false) return this.browserStrategy();
    return this.http;
  }

  private browserStrategy(): FetchStrategy {
    if (!this.browser) this.browser = new BrowserStrategy(this.opts.browserPages ?? 2, this.o.userAgent);
    return this.browser;
  }

  /**
   * One row through the stages: preflight (breaker, robots), conditional GET,
   * fetch, judge, then act on the verdict. A challenge or a script-only list
   * sends the row round again (cookie solved, or the browser strategy).
   */
  private async process(row: FrontierRow, latest: Latest | null): Promise<void> {
    const site = row.site_id ? this.sites.get(row.site_id) : undefined;
    const host = hostKey(row.url);
    if (this.stopping || !this.budgetLeft()) { await releaseRow(this.db, row.id, this.owner); return; }
    if (this.gate.isOpen(host)) {
      await postpone(this.db, row.id, this.owner, new Date(this.gate.openUntil(host)), `circuit open for ${host}`);
      return;
    }
    const robots = await this.robots.get(row.url);
    if (isUnreachable(robots)) {
      // Wait and ask for robots.txt again; a host whose robots.txt stays down is given up on like a down page.
      await this.retryOrFail(row, `robots.txt of ${host} unreachable`, null, null);
      return;
    }
    if (!robots.isAllowed(row.url)) {
      this.s.robotsDisallowed++;
      this.s.skipped++;
      this.event({ url: row.url, siteId: row.site_id, kind: row.kind, status: null, outcome: 'robots-disallowed', ms: 0, bytes: null }, new Date());
      await this.storeStage.skip(row, null, 'disallowed by robots.txt');
      return;
    }
    if (site && robots.crawlDelayMs) this.applySitePolicy(row.url, site, robots.crawlDelayMs);
    this.started++;
    const headers: Record<string, string> = { ...this.baseHeaders(), ...((row.meta as RowMeta).headers ?? {}) };
    if (latest?.etag) headers['if-none-match'] = latest.etag;
    if (latest?.last_modified) headers['if-modified-since'] = latest.last_modified;
    let strategy = this.strategyFor(row, site);
    const canRender = () => strategy.name === 'http' && this.opts.browser !== false;
    for (let round = 0; round < 3; round++) {
      await this.storeStage.room();
      const at = new Date();
      const t0 = performance.now();
      let res: FetchResponse;
      try {
        res = await strategy.fetch({ url: row.url, method: row.method === 'POST' ? 'POST' : 'GET', body: row.body, headers, timeoutMs: this.o.timeoutMs },
          (u) => this.gate.acquire(hostKey(u)));
      } catch (err) {
        this.fetched(row);
        const e = err instanceof FetchError ? err : new FetchError('network', (err as Error).message, row.url);
        this.s.requests++;
        const outcome = e.code === 'timeout' || e.code === 'truncated' ? e.code : 'network';
        this.event({ url: row.url, siteId: row.site_id, kind: row.kind, status: null, outcome, ms: performance.now() - t0, bytes: null, error: e.message }, at);
        this.gate.recordFailure(host);
        await this.retryOrFail(row, e.message, null, null);
        return;
      }
      this.fetched(row);
      this.s.requests += res.exchanges;
      const ms = performance.now() - t0;
      const ev = (outcome: Outcome, error?: string) => this.event({ url: row.url, siteId: row.site_id, kind: row.kind, status: res.status, outcome, ms, bytes: res.bytes.byteLength, ...(error ? { error } : {}) }, at);
      const text = res.status === 304 ? { text: '', charset: 'binary' } : this.decode(res, site);
      const verdict = judgeResponse({ requestKind: row.kind, url: row.url, res, text: text.text });
      switch (verdict.kind) {
        case 'not-modified':
          this.gate.recordSuccess(host);
          ev('not-modified');
          await this.notModified(row, latest);
          return;
        case 'challenge':
          this.s.challenges++;
          if (round < 2 && verdict.cookies && strategy.name === 'http') {
            for (const [k, v] of verdict.cookies) this.cookies.set(host, k, v);
            ev('challenge-solved');
            continue;
          }
          if (round < 2 && canRender()) {
            ev('challenge', 'handing to the browser');
            strategy = this.browserStrategy();
            continue;
          }
          ev('challenge', 'unsolved JS challenge');
          this.gate.recordFailure(host);
          await this.retryOrFail(row, `JS challenge (HTTP ${res.status})`, res.status, null);
          return;
        case 'retry':
          ev(verdict.outcome);
          if (verdict.afterMs !== null) this.gate.pause(host, Date.now() + Math.min(verdict.afterMs, this.o.maxRetryAfterMs));
          if (verdict.hostFault) this.gate.recordFailure(host);
          await this.retryOrFail(row, verdict.reason, res.status, verdict.afterMs);
          return;
        case 'fail':
          ev(verdict.outcome);
          this.gate.recordSuccess(host); // the host answers; the page is gone
          await this.giveUp(row, verdict.reason, res.status);
          return;
        case 'skip':
          this.gate.recordSuccess(host);
          this.countFetched(row);
          this.s.soft404++;
          this.s.skipped++;
          ev(verdict.outcome);
          await this.storeStage.skip(row, res.status, verdict.reason);
          return;
        case 'store': {
          this.gate.recordSuccess(host);
          const links = withDataLinks(row, discoverPage(row, text.text, res.headers['content-type'] ?? null), res);
          if (row.kind === 'list' && links.scriptDriven && links.links.length === 0 && canRender() && (row.meta as RowMeta).data !== true) {
            ev('ok', 'script-driven list: rendering with the browser');
            strategy = this.browserStrategy();
            continue;
          }
          this.countFetched(row);
          ev('ok');
          await this.store(row, res, text.charset, links);
          return;
        }
        default: {
          const never: never = verdict;
          throw new Error(`unhandled verdict ${JSON.stringify(never)}`);
        }
      }
    }
    await this.retryOrFail(row, 'challenge not passed after 3 rounds', null, null);
  }

  private countFetched(row: FrontierRow): void {
    this.s.fetched++;
    this.counter(row.site_id).fetched++;
  }

  private decode(res: FetchResponse, site: Site | undefined): { text: string; charset: string } {
    const forced = normalizeCharset(site?.hints.charset ?? null);
    const ct = res.headers['content-type'] ?? '';
    if (/pdf|msword|officedocument|octet-stream|zip|image\//i.test(ct)) return { text: '', charset: 'binary' };
    if (forced) return { text: iconv.decode(Buffer.from(res.bytes), forced), charset: forced };
    return decodeBody(res.bytes, ct);
  }

  private async store(row: FrontierRow, res: FetchResponse, charset: string, links: PageLinks): Promise<void> {
    const saved = await this.storeStage.save(row, res, charset, links);
    if (saved === 'new') this.s.newDocuments++;
    else if (saved === 'version') this.s.newVersions++;
    else this.s.unchanged++;
    if (row.kind === 'report') this.s.reports++;
    if (row.kind === 'attachment') this.s.attachments++;
  }

  private async notModified(row: FrontierRow, latest: Latest | null): Promise<void> {
    this.s.notModified++;
    this.counter(row.site_id).notModified++;
    await this.storeStage.notModified(row, latest);
  }

  private async retryOrFail(row: FrontierRow, error: string, status: number | null, afterMs: number | null): Promise<void> {
    this.counter(row.site_id).errors++;
    const at = nextAttempt(row.attempts, afterMs, this.o);
    if (!at) {
      await this.giveUp(row, error, status);
      return;
    }
    this.s.retries++;
    await retryLater(this.db, row.id, this.owner, at, error, status);
  }

  private async giveUp(row: FrontierRow, error: string, status: number | null): Promise<void> {
    this.s.failed++;
    const id = row.site_id ?? '?';
    this.errorsBySite[id] = (this.errorsBySite[id] ?? 0) + 1;
    if (status !== null && status >= 400 && status < 500) this.counter(row.site_id).errors++;
    await fail(this.db, row.id, this.owner, error, status);
  }

  private async reportProgress(t0: number): Promise<void> {
    const rows = await this.db.selectFrom('frontier').select(['site_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', 'in', ['queued', 'leased']).where('site_id', 'in', this.siteIds.length ? this.siteIds : ['']).groupBy('site_id').execute();
    for (const c of this.counters.values()) c.queued = 0;
    for (const r of rows) this.counter(r.site_id).queued = Number(r.n);
    const total = { queued: 0, fetched: 0, notModified: 0, errors: 0, done: 0 };
    for (const c of this.counters.values()) {
      total.queued += c.queued; total.fetched += c.fetched; total.notModified += c.notModified; total.errors += c.errors;
    }
    total.done = total.fetched + total.notModified;
    const p: CrawlProgress = { bySite: this.counters, total, elapsedMs: Date.now() - t0 };
    this.opts.onProgress?.(p);
    this.opts.progress?.update(total.done + total.errors, total.done + total.errors + total.queued);
  }
}

