/**
 * The crawler's scheduler: claims frontier rows, hands each to the stage runner
 * (stages.ts: robots → politeness slot → conditional GET → fetch → decode →
 * classify → discover → store) and keeps the leases alive. All state lives in
 * the database; this process only holds leases, so it can die at any moment and
 * another run picks up where it stopped.
 */
import type { Kysely } from 'kysely';
import type { Store } from '../store/open-store.js';
import type { Database } from '../store/schema.js';
import { claim, hasRequest, renewLeases, retryLater, pendingRows, nextDue, pendingBySite, type FrontierRow } from '../store/frontier.js';
import { registerWorker, heartbeatWorker, unregisterWorkers } from '../store/crawl-workers.js';
import { latestByUrl } from '../store/documents.js';
import type { Site } from './sites.js';
import type { CrawlOptions, CrawlSummary, CrawlProgress } from './types.js';
import type { CrawlEnv, CrawlSettings, RowCtx } from './crawl-context.js';
import { HostGate } from './politeness.js';
import { RobotsCache } from './robots.js';
import { CookieJar } from './cookies.js';
import { HttpStrategy } from './fetch-http.js';
import { BrowserStrategy } from './fetch-browser.js';
import type { Acquire, FetchStrategy } from './fetch-strategy.js';
import { FetchLog, type LoggedExchange } from './fetch-log.js';
import { PageWriter, documentUrl, type Latest } from './page-writer.js';
import { CrawlStats } from './crawl-stats.js';
import { loadRobots } from './robots-stage.js';
import { runRow } from './stage-runner.js';
import { nextAttempt, type RetryPolicy } from './retry-policy.js';
import { PartitionView, serveOrder, shareOf, type Partition } from './partition.js';
import { finishRun } from './crawl-run.js';
import { hostKey } from './url.js';
import { FinderState } from './columns/finder-state.js';
import { FetchPolicies } from './fetch-policy.js';
import { saveLearned } from '../store/fetch-policies.js';
import { analyze, AnalyzeSchedule } from '../store/statistics.js';

/** Tables a crawl fills. */
const CRAWL_TABLES = ['frontier', 'documents', 'blobs', 'fetch_log'] as const;

export const DEFAULT_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 nianbao/0.1';

/** The work a claim gives each site, in time at its politeness interval. */
const LOOKAHEAD_MS = 4000;

/** The least time between two counts of the rows still to do per site. */
const RECOUNT_MS = 2000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Crawler {
  private readonly db: Kysely<Database>;
  private readonly env: CrawlEnv;
  private readonly gate: HostGate;
  private readonly http: HttpStrategy;
  private readonly cookies: CookieJar;
  private browser: FetchStrategy | null = null;
  private readonly log: FetchLog;
  private readonly stats: CrawlStats;
  private readonly analyzed = new AnalyzeSchedule();
  private readonly sites: Map<string, Site>;
  private readonly siteIds: string[];
  private readonly sortedSiteIds: string[];
  private readonly partition: PartitionView;
  private readonly settings: CrawlSettings;
  private readonly policy: RetryPolicy;
  private readonly leaseMs: number;
  private served: { part: Partition | undefined; pending: ReadonlyMap<string, number>; ids: string[] } | null = null;
  private readonly pending: { at: number; costMs: number; bySite: ReadonlyMap<string, number>; counting: Promise<ReadonlyMap<string, number>> | null } = { at: 0, costMs: 0, bySite: new Map(), counting: null };
  private readonly globalConcurrency: number;
  /** The sites' longest politeness interval, plus slack: the quiet time before another worker may take a site over. */
  private readonly handoverMs: number;
  private readonly active = new Map<number, FrontierRow>();
  /** Rows claimed but not fetched yet, per site: the lookahead claims top up. Rows being written no longer count. */
  private readonly unfetched = new Set<number>();
  private readonly unfetchedBySite = new Map<string, number>();
  private readonly tasks = new Set<Promise<void>>();
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(store: Store, sites: readonly Site[], private readonly runId: number, private readonly owner: string,
    private readonly opts: CrawlOptions) {
    this.db = store.db;
    this.settings = {
      timeoutMs: opts.timeoutMs ?? 20_000, userAgent: opts.userAgent ?? DEFAULT_UA, maxRetryAfterMs: opts.maxRetryAfterMs ?? 300_000,
      minIntervalMs: opts.minIntervalMs ?? 1000, hostConcurrency: opts.hostConcurrency ?? 1, browser: opts.browser !== false,
    };
    this.policy = {
      maxAttempts: opts.maxAttempts ?? 4, backoffBaseMs: opts.backoffBaseMs ?? 1000, backoffMaxMs: opts.backoffMaxMs ?? 60_000,
      maxRetryAfterMs: this.settings.maxRetryAfterMs,
    };
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.globalConcurrency = opts.globalConcurrency ?? 64;
    this.sites = new Map(sites.map((s) => [s.id, s]));
    this.siteIds = sites.map((s) => s.id);
    this.sortedSiteIds = [...this.siteIds].sort();
    this.partition = new PartitionView(this.db, owner);
    this.handoverMs = Math.max(this.settings.minIntervalMs, ...sites.map((s) => s.hints.min_interval_ms ?? 0)) + 50;
    this.stats = new CrawlStats(this.siteIds);
    this.gate = new HostGate({
      globalConcurrency: this.globalConcurrency,
      defaultPolicy: { intervalMs: this.settings.minIntervalMs, concurrency: this.settings.hostConcurrency },
      breakerThreshold: opts.breakerThreshold ?? 5, breakerCooldownMs: opts.breakerCooldownMs ?? 30_000,
    });
    for (const s of sites) this.applySitePolicy(s.base_url, s);
    const cookies = new CookieJar();
    this.cookies = cookies;
    // How to reach each host: the registry's `fetch:` and what earlier crawls learned; new lessons are stored as they come.
    const policies = new FetchPolicies(sites, opts.learned ?? []);
    this.http = new HttpStrategy((u) => cookies.header(hostKey(u)), (u, sc) => cookies.store(hostKey(u), sc), policies, (l) => {
      const saving = saveLearned(this.db, l).catch((err) => { process.stderr.write(`nianbao: could not store what ${l.host} taught: ${(err as Error).message}\n`); });
      this.tasks.add(saving);
      void saving.finally(() => this.tasks.delete(saving));
    });
    if (typeof opts.browser === 'object') this.browser = opts.browser;
    this.log = new FetchLog(this.db, runId, opts.onFetch);
    const env: CrawlEnv = {
      settings: this.settings, gate: this.gate, cookies, http: this.http, stats: this.stats, log: this.log,
      robots: new RobotsCache((origin) => loadRobots(origin, env), this.policy.backoffBaseMs),
      writer: new PageWriter(this.db, opts.since, owner),
      browser: () => this.browserStrategy(),
      acquire: (ctx) => this.acquire(ctx.row, ctx.open),
      answered: (row) => this.answered(row),
      applyCrawlDelay: (url, site, ms) => this.applyCrawlDelay(url, site, ms),
      hasRequest: (url) => hasRequest(this.db, url),
      finder: new FinderState(this.sites, opts.navigationOnly === true),
    };
    this.env = env;
  }

  private applySitePolicy(url: string, site: Site, crawlDelayMs: number | null = null): void {
    const interval = Math.max(site.hints.min_interval_ms ?? this.settings.minIntervalMs, crawlDelayMs ?? 0);
    this.gate.setPolicy(hostKey(url), { intervalMs: interval, concurrency: site.hints.concurrency ?? this.settings.hostConcurrency });
  }

  private applyCrawlDelay(url: string, site: Site | undefined, delayMs: number): void {
    const host = hostKey(url);
    const owner = site ?? [...this.sites.values()].find((s) => hostKey(s.base_url) === host);
    const current = this.gate.policy(host);
    this.gate.setPolicy(host, { intervalMs: Math.max(current.intervalMs, delayMs, owner?.hints.min_interval_ms ?? 0) });
  }

  /** A polite slot per request; each request is logged before it leaves, and those of the page itself are left open for the verdict. */
  private acquire(row: FrontierRow | null, open: LoggedExchange[]): Acquire {
    const of = { siteId: row?.site_id ?? null, kind: row?.kind ?? 'robots', frontierId: row?.id ?? null };
    return async (url) => {
      const host = hostKey(url);
      const release = await this.gate.acquire(host);
      let x: LoggedExchange;
      try {
        x = await this.log.begin(url, of);
      } catch (err) {
        release();
        throw new Error(`fetch log: ${(err as Error).message}`, { cause: err });
      }
      this.gate.leaving(host);
      this.stats.totals.requests++;
      let closed = false;
      return {
        done: (result, role) => {
          if (closed) return;
          closed = true;
          release();
          this.log.answered(x, result);
          if (role) this.log.close(x, role === 'redirect' ? 'redirect' : 'subrequest');
          else open.push(x);
        },
      };
    };
  }

  private browserStrategy(): FetchStrategy | null {
    if (!this.settings.browser) return null;
    if (!this.browser) this.browser = new BrowserStrategy(this.opts.browserPages ?? 2, this.settings.userAgent, this.cookies);
    return this.browser;
  }

  /** Runs until the frontier of these sites is empty (or the page budget / signal stops it). */
  async run(): Promise<{ summary: Omit<CrawlSummary, 'runId' | 'resumed' | 'sites'>; finished: boolean }> {
    const t0 = Date.now();
    await registerWorker(this.db, this.owner, this.runId);
    // Every third of a lease, the leases with less than two thirds left: each is renewed at least a third of a lease before it runs out.
    const heartbeat = setInterval(() => { renewLeases(this.db, this.owner, this.leaseMs, (this.leaseMs * 2) / 3).catch(() => {}); }, this.leaseMs / 3);
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
      await unregisterWorkers(this.db, [this.owner]).catch(() => {});
      if (progress) clearInterval(progress);
      this.opts.signal?.removeEventListener('abort', onAbort);
      await this.log.flush();
      if (this.browser && typeof this.opts.browser !== 'object') await this.browser.close();
      await this.http.close();
    }
    if (this.opts.onProgress || this.opts.progress) await this.reportProgress(t0, true).catch(() => {});
    const summary = { ...this.stats.totals, errorsBySite: { ...this.stats.errorsBySite }, durationMs: Date.now() - t0, finished };
    if (finished) await finishRun(this.db, this.runId, this.siteIds, summary);
    return { summary, finished };
  }

  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  private budgetLeft(): boolean {
    return this.opts.maxPages === undefined || this.stats.started < this.opts.maxPages;
  }

  /**
   * Claims and dispatches until nothing is left; true when the sites' frontier is empty.
   * A claim gives each site about `LOOKAHEAD_MS` of work (its interval decides how many
   * rows that is) and lists only the sites down to half of that, so a site comes up in
   * a claim about once per half lookahead rather than in every claim. The claim's cost
   * grows with the sites it lists (at 3,000 portals, 55–85 ms), and claims are spaced by
   * at least `claimEveryMs` and three times the last one's cost, so claiming never holds
   * a database core for long: claimed every 100 ms, it held most of one.
   */
  private async loop(): Promise<boolean> {
    const { minIntervalMs, hostConcurrency } = this.settings;
    const perSite = Math.min(20, Math.max(2, Math.ceil(LOOKAHEAD_MS / Math.max(minIntervalMs, 1)) * hostConcurrency));
    const lowWater = Math.floor(perSite / 2);
    const backlog = Math.min(20_000, Math.max(256, this.globalConcurrency * 4, this.siteIds.length * perSite));
    const claimEveryMs = 100;
    for (;;) {
      if (this.stopping || !this.budgetLeft()) return false;
      // The frontier and documents grow from nothing within one crawl: keep their statistics near their size.
      if (this.analyzed.due(this.stats.totals.requests)) await analyze(this.db, CRAWL_TABLES);
      const room = backlog - this.unfetched.size;
      let claimed = 0;
      const t0 = Date.now();
      let claimMs = 0;
      if (room > 0) {
        const exclude = [...this.unfetchedBySite].filter(([, n]) => n > lowWater).map(([id]) => id);
        const siteIds = await this.servedSites();
        const rows = await claim(this.db, { owner: this.owner, siteIds, exclude, perSite, limit: room, leaseMs: this.leaseMs, handoverMs: this.handoverMs });
        claimMs = Date.now() - t0;
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
        await sleep(Math.max(0, Math.max(claimEveryMs, 3 * claimMs) - (Date.now() - t0)));
        if (this.active.size > 0 && claimed === 0) await this.idle(claimEveryMs * 3);
      }
    }
  }

  /**
   * This worker's share of the sites in serve order, sorted again only when the share or the
   * counts changed. The claim does not wait for a count: it takes the last one (none at the
   * start, when every site has its one home page to do) and a due recount runs beside it.
   */
  private async servedSites(): Promise<string[]> {
    const part = await this.partition.current();
    this.pendingCounts(false).catch(() => {});
    const pending = this.pending.bySite;
    const s = this.served;
    if (!s || s.part !== part || s.pending !== pending) {
      // Once counted, a site with nothing queued or leased is done: only its own rows' writes
      // could give it more, and those rows were counted while leased. Listed, it would cost
      // every claim a lookup until the crawl ends (at 3,000 portals most sites end early).
      const counted = this.pending.at > 0;
      const ids = serveOrder(shareOf(this.sortedSiteIds, part), pending).filter((id) => !counted || pending.has(id));
      this.served = { part, pending, ids };
    }
    return this.served!.ids;
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
          this.answered(row);
          this.active.delete(row.id);
          this.tasks.delete(task);
          this.wake?.();
        });
      this.tasks.add(task);
    }
  }

  private async process(row: FrontierRow, latest: Latest | null): Promise<void> {
    // Stopping (signal, page budget): hand the row back untouched, no attempt used.
    if (this.stopping || !this.budgetLeft()) {
      await retryLater(this.db, row.id, this.owner, row.next_attempt_at as Date, null, null, false);
      return;
    }
    const ctx: RowCtx = { row, site: row.site_id ? this.sites.get(row.site_id) : undefined, host: hostKey(row.url), latest, open: [] };
    await runRow(ctx, this.env, { db: this.db, owner: this.owner, policy: this.policy });
  }

  /**
   * The row's request is answered: its site may take more rows while this one
   * is being written (counting writes would idle hosts whenever the database lags).
   */
  private answered(row: FrontierRow): void {
    if (!this.unfetched.delete(row.id)) return;
    const site = row.site_id ?? '?';
    this.unfetchedBySite.set(site, (this.unfetchedBySite.get(site) ?? 1) - 1);
    this.wake?.();
  }

  /** A bug or a database error while handling a row: put it back for a later attempt rather than lose it. */
  private async crashed(row: FrontierRow, err: unknown): Promise<void> {
    const msg = `internal: ${(err as Error).message}`;
    const at = nextAttempt(row, { afterMs: null, counted: true }, this.policy) ?? new Date(Date.now() + this.policy.backoffMaxMs);
    await retryLater(this.db, row.id, this.owner, at, msg).catch(() => {});
  }

  /**
   * Rows still to do per site, for progress and the serve order. Counting them reads every
   * queued and leased row of the frontier, which grows with the crawl (hundreds of thousands
   * of rows nationally), so the count is taken again only when twenty times its last cost,
   * and at least `RECOUNT_MS`, have passed: its figures may lag (a serve order a few seconds
   * old is as good), and at 300 portals, counted every 300 ms, it cost PostgreSQL as much as
   * every claim together.
   */
  private async pendingCounts(fresh: boolean): Promise<ReadonlyMap<string, number>> {
    const p = this.pending;
    if (fresh) await p.counting?.catch(() => {});
    else if (p.counting || Date.now() - p.at < Math.max(RECOUNT_MS, 20 * p.costMs)) return p.bySite;
    const t = Date.now();
    p.counting = pendingBySite(this.db, this.siteIds).then((bySite) => {
      p.at = Date.now();
      p.costMs = p.at - t;
      p.bySite = bySite;
      return bySite;
    }).finally(() => { p.counting = null; });
    return p.counting;
  }

  private async reportProgress(t0: number, fresh = false): Promise<void> {
    const pending = await this.pendingCounts(fresh);
    for (const [id, c] of this.stats.bySite) c.queued = pending.get(id) ?? 0;
    const total = { queued: 0, fetched: 0, notModified: 0, errors: 0, done: 0 };
    for (const c of this.stats.bySite.values()) {
      total.queued += c.queued; total.fetched += c.fetched; total.notModified += c.notModified; total.errors += c.errors;
    }
    total.done = total.fetched + total.notModified;
    const p: CrawlProgress = { bySite: this.stats.bySite, total, elapsedMs: Date.now() - t0 };
    this.opts.onProgress?.(p);
    this.opts.progress?.update(total.done + total.errors, total.done + total.errors + total.queued);
  }
}
