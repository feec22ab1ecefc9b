/** `nianbao sites check`: every registered portal's reachability, failures summed up by cause. */
import type { Command } from 'commander';
import { UserError, oneLine } from '../errors.js';
import { formatTable } from '../output.js';
import { intOption } from '../options.js';
import { createProgress } from '../progress.js';
import { loadSites, SitesFileError, type Site } from '../../crawl/sites.js';
import { checkSites, summarize, CAUSES } from '../../crawl/site-check.js';
import { DEFAULT_SITES_FILE } from './crawl.js';

interface CheckFlags { sites: string; site?: string[]; timeout: string; interval: string; concurrency: string; deadline: string; json?: boolean; quiet?: boolean }

export function registerSitesCheck(sites: Command): void {
  sites.command('check')
    .description("fetch each site's robots.txt and home page (or first list) politely, and sum up failures by cause "
      + '(dns, tls, refused, reset, timeout, challenge, robots, http-404 …)')
    .option('--sites <file>', 'site registry', DEFAULT_SITES_FILE)
    .option('--site <id...>', 'only these site ids')
    .option('--timeout <ms>', 'per-request timeout', '10000')
    .option('--interval <ms>', 'gap between the requests to one host', '1000')
    .option('--concurrency <n>', 'requests in flight across hosts', '128')
    .option('--deadline <s>', 'stop after this many seconds; sites not reached are "not-checked"', '300')
    .option('--json', 'one JSON line per site, then the summary')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (o: CheckFlags) => {
      let list: Site[];
      try {
        list = loadSites(o.sites);
      } catch (err) {
        if (err instanceof SitesFileError) throw new UserError(oneLine(err));
        throw err;
      }
      if (o.site?.length) {
        const unknown = o.site.filter((id) => !list.some((s) => s.id === id));
        if (unknown.length) throw new UserError(`unknown site id(s): ${unknown.join(', ')} (not in ${o.sites})`);
        list = list.filter((s) => o.site!.includes(s.id));
      }
      const progress = createProgress({ quiet: o.quiet || o.json });
      progress.phase('check', list.length);
      const t0 = Date.now();
      const results = await checkSites(list, {
        timeoutMs: intOption('timeout', o.timeout, 100), intervalMs: intOption('interval', o.interval, 0),
        concurrency: intOption('concurrency', o.concurrency, 1, 4096), deadlineMs: intOption('deadline', o.deadline, 1) * 1000,
        onResult: (_r, done) => progress.update(done),
      });
      progress.stop();
      const summary = summarize(results);
      const seconds = Math.round((Date.now() - t0) / 100) / 10;
      if (o.json) {
        for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
        process.stdout.write(`${JSON.stringify({ summary, sites: results.length, seconds })}\n`);
      } else {
        const failed = results.filter((r) => r.cause !== 'ok');
        if (failed.length) {
          process.stdout.write(`${formatTable(failed.map((r) => ({ site: r.site, cause: r.cause, status: r.status, robots: r.robots, url: r.url, detail: r.detail })))}\n\n`);
        }
        process.stdout.write(`${formatTable(CAUSES.filter((c) => summary[c]).map((c) => ({ cause: c, sites: summary[c]! })))}\n`);
        process.stdout.write(`checked ${results.length} sites in ${seconds} s: ${summary.ok ?? 0} ok, ${failed.length} failed\n`);
      }
      if (results.some((r) => r.cause !== 'ok')) process.exitCode = 1;
    });
}
