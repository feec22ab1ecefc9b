/**
 * The crawl's counters: the run summary (requests, documents, failures …) and
 * per-site progress. Stages and the runner report events; nothing here decides.
 */
import type { CrawlSummary, Outcome, SiteCounters } from './types.js';
import type { SaveKind } from './page-writer.js';

type Totals = { -readonly [K in keyof Omit<CrawlSummary, 'runId' | 'resumed' | 'sites' | 'durationMs' | 'finished' | 'errorsBySite'>]: number };

export class CrawlStats {
  readonly totals: Totals = {
    requests: 0, fetched: 0, newDocuments: 0, newVersions: 0, unchanged: 0, notModified: 0, failed: 0, retries: 0,
    skipped: 0, soft404: 0, challenges: 0, robotsDisallowed: 0, reports: 0, attachments: 0, images: 0,
  };
  readonly errorsBySite: Record<string, number> = {};
  readonly bySite = new Map<string, SiteCounters>();
  /** Rows started (past robots and the breaker): what --max-pages counts. */
  started = 0;

  constructor(siteIds: readonly string[]) {
    for (const id of siteIds) this.site(id);
  }

  site(siteId: string | null): SiteCounters {
    const id = siteId ?? '?';
    let c = this.bySite.get(id);
    if (!c) this.bySite.set(id, (c = { queued: 0, fetched: 0, notModified: 0, errors: 0 }));
    return c;
  }

  /** An exchange was closed with this outcome. */
  logged(outcome: Outcome): void {
    if (outcome === 'challenge' || outcome === 'challenge-solved') this.totals.challenges++;
  }

  stored(siteId: string | null, kind: string, saved: SaveKind | 'not-modified'): void {
    const t = this.totals;
    if (saved === 'not-modified') {
      t.notModified++;
      this.site(siteId).notModified++;
      return;
    }
    t.fetched++;
    this.site(siteId).fetched++;
    if (saved === 'new') t.newDocuments++;
    else if (saved === 'version') t.newVersions++;
    else t.unchanged++;
    if (kind === 'report') t.reports++;
    if (kind === 'attachment') t.attachments++;
    if (kind === 'image') t.images++;
  }

  skipped(siteId: string | null, outcome: Outcome | undefined): void {
    this.totals.skipped++;
    if (outcome === 'robots-disallowed') this.totals.robotsDisallowed++;
    if (outcome === 'soft404') {
      this.totals.soft404++;
      this.totals.fetched++;
      this.site(siteId).fetched++;
    }
  }

  retried(siteId: string | null): void {
    this.totals.retries++;
  }

  /** A counted retry or a give-up: the site had an error. */
  error(siteId: string | null): void {
    this.site(siteId).errors++;
  }

  failed(siteId: string | null): void {
    this.totals.failed++;
    const id = siteId ?? '?';
    this.errorsBySite[id] = (this.errorsBySite[id] ?? 0) + 1;
  }
}
