/**
 * How a crawl shows itself while running: a counter line redrawn in place on a
 * terminal, periodic plain lines otherwise (cron mail, CI logs); and the closing
 * per-site table. Text only: the CLI decides where it goes.
 */
import type { CrawlProgress, CrawlSummary, SiteCounters } from './types.js';

const fmt = (c: SiteCounters) => `queued ${c.queued} fetched ${c.fetched} 304 ${c.notModified} errors ${c.errors}`;

export function progressLine(p: CrawlProgress): string {
  const secs = Math.max(1, p.elapsedMs / 1000);
  const busy = [...p.bySite].filter(([, c]) => c.queued > 0).sort((a, b) => b[1].queued - a[1].queued).slice(0, 3)
    .map(([id, c]) => `${id} ${c.queued}/${c.fetched}/${c.notModified}/${c.errors}`);
  return `crawl ${Math.round(p.elapsedMs / 1000)}s: ${fmt(p.total)} (${(p.total.done / secs).toFixed(1)}/s)`
    + (busy.length ? ` | busiest q/f/304/err: ${busy.join(', ')}` : '');
}

/** Per-site lines for sites whose counters changed since the last call (for non-TTY logs), at most `max`. */
export function changedSiteLines(p: CrawlProgress, last: Map<string, string>, max = 20): string[] {
  const out: string[] = [];
  let more = 0;
  for (const [id, c] of p.bySite) {
    const line = fmt(c);
    if (last.get(id) === line) continue;
    last.set(id, line);
    if (out.length < max) out.push(`  ${id}: ${line}`); else more++;
  }
  if (more) out.push(`  … and ${more} more sites changed`);
  return out;
}

/**
 * The closing table: every site for small crawls; for big ones the sites with
 * the most failures and errors (the ones to look at), then a total row.
 */
export function summaryRows(s: CrawlSummary, bySite: ReadonlyMap<string, SiteCounters>, max = 30): Array<Record<string, string | number>> {
  let rows: Array<Record<string, string | number>> = [...bySite].map(([site, c]) => ({
    site, fetched: c.fetched, not_modified: c.notModified, errors: c.errors, failed: s.errorsBySite[site] ?? 0,
  }));
  const total = { site: `total (${rows.length} sites)`, fetched: 0, not_modified: 0, errors: 0, failed: 0 };
  for (const r of rows) for (const k of ['fetched', 'not_modified', 'errors', 'failed'] as const) total[k] += Number(r[k]);
  if (rows.length > max) {
    rows = rows.filter((r) => Number(r.failed) + Number(r.errors) > 0)
      .sort((a, b) => Number(b.failed) - Number(a.failed) || Number(b.errors) - Number(a.errors)).slice(0, max - 10);
  } else rows.sort((a, b) => String(a.site).localeCompare(String(b.site)));
  return [...rows, total];
}

export function summaryText(s: CrawlSummary): string {
  return [
    `run ${s.runId}${s.resumed ? ' (resumed)' : ''}: ${s.sites} sites, ${s.requests} requests in ${(s.durationMs / 1000).toFixed(1)}s`,
    `fetched ${s.fetched}, new documents ${s.newDocuments}, new versions ${s.newVersions}, unchanged ${s.unchanged}, 304 ${s.notModified}`,
    `reports ${s.reports}, attachments ${s.attachments}, images ${s.images}, failed ${s.failed}, retries ${s.retries}, skipped ${s.skipped}`
      + ` (robots ${s.robotsDisallowed}, soft-404 ${s.soft404}), challenges ${s.challenges}`,
    s.finished ? 'finished' : 'stopped early: run `nianbao crawl` again to resume',
  ].join('\n');
}
