/** `nianbao crawl`: crawl the registered sites into the store, politely and resumably. */
import fs from 'node:fs';
import { Command } from 'commander';
import { withStore } from '../context.js';
import { UserError, CommandFailure, oneLine } from '../errors.js';
import { formatTable } from '../output.js';
import { loadSites, SitesFileError } from '../../crawl/sites.js';
import type { CrawlProgress, SiteCounters } from '../../crawl/index.js';
import { progressLine, changedSiteLines, summaryRows, summaryText } from '../../crawl/progress-view.js';

export const DEFAULT_SITES_FILE = 'config/sites.yaml';

interface CrawlFlags {
  sites?: string; site?: string[]; maxPages?: string; since?: string; logJson?: boolean;
  interval?: string; concurrency?: string; fresh?: boolean; browser?: boolean; timeout?: string; lease?: string;
}

const positiveInt = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${flag} expects a whole number, got "${v}"`);
  return n;
};

export function registerCrawl(program: Command): void {
  program.command('crawl')
    .description('crawl the registered government sites for annual reports (resumes an unfinished crawl)')
    .option('--sites <file>', `site registry (default ${DEFAULT_SITES_FILE} if present, else the sites in the database)`)
    .option('--site <id...>', 'only these site ids')
    .option('--max-pages <n>', 'stop after this many page fetches (the next crawl resumes)')
    .option('--since <date>', 'only follow reports for years from (DATE year - 1) on')
    .option('--interval <ms>', 'minimum gap between requests to one host (default 1000)')
    .option('--concurrency <n>', 'requests in flight across all hosts (default 64)')
    .option('--timeout <ms>', 'per-request timeout (default 20000)')
    .option('--lease <ms>', 'how long claimed requests stay this worker\'s without renewal: a killed worker\'s come back after it (default 60000)')
    .option('--fresh', 'start a new crawl even if the last one did not finish')
    .option('--no-browser', 'never start Chromium (script-only lists are then skipped)')
    .option('--log-json', 'print every request as a JSON line on stdout (progress and summary go to stderr)')
    .action(async (flags: CrawlFlags, cmd: Command) => {
      const since = flags.since ? new Date(flags.since) : undefined;
      if (since && Number.isNaN(since.getTime())) throw new UserError(`--since expects a date (yyyy-mm-dd), got "${flags.since}"`);
      const leaseMs = positiveInt('--lease', flags.lease);
      if (leaseMs !== undefined && leaseMs < 1000) throw new UserError(`--lease expects at least 1000 ms (leases are renewed every third of it), got ${leaseMs}`);
      const sitesFile = flags.sites ?? (fs.existsSync(DEFAULT_SITES_FILE) ? DEFAULT_SITES_FILE : undefined);
      if (sitesFile) checkSiteIds(sitesFile, flags.site ?? []);
      const out = flags.logJson ? process.stderr : process.stdout;
      const err = process.stderr;
      const tty = Boolean(err.isTTY);
      let lastLine = 0;
      const lastSites = new Map<string, string>();
      let bySite: ReadonlyMap<string, SiteCounters> = new Map();
      const onProgress = (p: CrawlProgress) => {
        bySite = p.bySite;
        if (tty) err.write(`\r\x1b[K${progressLine(p).slice(0, (err.columns || 120) - 1)}`);
        else if (Date.now() - lastLine >= 5000) {
          lastLine = Date.now();
          err.write(`${progressLine(p)}\n${changedSiteLines(p, lastSites).join('\n')}${lastSites.size ? '\n' : ''}`);
        }
      };
      const controller = new AbortController();
      const onSignal = () => { err.write('\nnianbao: stopping after the requests in flight (Ctrl-C again to kill)\n'); controller.abort(); process.once('SIGINT', () => process.exit(130)); };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        // The crawler (and its browser driver) loads only when a crawl starts, not for every command.
        const { crawl } = await import('../../crawl/index.js');
        await withStore(cmd, async (store) => {
          let summary;
          try {
            summary = await crawl(store, {
              sitesFile, siteIds: flags.site, maxPages: positiveInt('--max-pages', flags.maxPages), since,
              minIntervalMs: positiveInt('--interval', flags.interval), globalConcurrency: positiveInt('--concurrency', flags.concurrency),
              timeoutMs: positiveInt('--timeout', flags.timeout), leaseMs, fresh: flags.fresh, browser: flags.browser === false ? false : undefined,
              signal: controller.signal, onProgress, progressEveryMs: tty ? 250 : 1000,
              onFetch: flags.logJson ? (e) => process.stdout.write(`${JSON.stringify({ ...e, ms: Math.round(e.ms) })}\n`) : undefined,
            });
          } catch (e) {
            if (e instanceof SitesFileError || /unknown site id/.test((e as Error).message)) throw new UserError(oneLine(e));
            throw new CommandFailure(oneLine(e), { cause: e });
          }
          if (tty) err.write('\n');
          out.write(`${formatTable(summaryRows(summary, bySite))}\n${summaryText(summary)}\n`);
          if (flags.logJson) process.stdout.write(`${JSON.stringify({ summary })}\n`);
          if (summary.failed > 0 && summary.fetched === 0 && summary.notModified === 0) process.exitCode = 1;
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/** A bad registry or an unknown `--site` is a usage error, reported before the database is opened. */
function checkSiteIds(sitesFile: string, ids: readonly string[]): void {
  let known: string[];
  try {
    known = loadSites(sitesFile).map((s) => s.id);
  } catch (e) {
    if (e instanceof SitesFileError) throw new UserError(oneLine(e));
    throw e;
  }
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) throw new UserError(`unknown site id(s): ${unknown.join(', ')} (not in ${sitesFile})`);
}
