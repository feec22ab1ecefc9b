/** `nianbao compare`: rank the bodies of a region by a metric, with their peers' quartiles. */
import { Command } from 'commander';
import { withStore } from '../context.js';
import { UserError } from '../errors.js';
import { formatCsv, formatTable } from '../output.js';
import { METRICS } from '../../research/metrics.js';
import { parseComparison, runComparison } from '../../research/compare.js';
import { unmatchedFilters } from '../../research/filters.js';
import { BODY_KINDS } from '../../model/body-kind.js';
import { cutNotice, newestYear, warn } from '../notices.js';
import { comparisonCsvRows, comparisonHeader, comparisonJson, comparisonTableRows } from '../../research/compare-report.js';

interface CompareOptions {
  region?: string; year?: string; metric: string; level?: string; kind?: string; min?: string; minApplications?: string;
  limit?: string; csv?: boolean; json?: boolean;
}

export function registerCompare(program: Command): void {
  program.command('compare')
    .description('rank the bodies of a region by a metric, with P25/P50/P75 of their peers and each body\'s percentile')
    .option('--region <code|name>', 'GB/T 2260 code (prefix match: 330000 = 浙江, 330100 = 杭州) or a region name')
    .option('--year <year>', 'report year (default: the newest year stored)')
    .option('--metric <id>', `one of ${METRICS.map((m) => m.id).join(', ')}`, 'grant_rate')
    .option('--level <level>', 'compare like with like: 省, 市, 县 (county-level cities included) or 乡')
    .option('--kind <kind>', `${BODY_KINDS.join(', ')}`)
    .option('--min <n>', 'a rate whose denominator is below n is shown, not ranked (default per metric: 30 handled applications, 10 decided cases)')
    .option('--min-applications <n>', 'old name of --min')
    .option('--limit <n>', 'print at most n bodies (says so when it cuts)')
    .option('--csv', 'print CSV (rates as fractions)')
    .option('--json', 'print one JSON document')
    .action(async (opts: CompareOptions, cmd: Command) => {
      if (opts.csv && opts.json) throw new UserError('choose one of --csv and --json');
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UserError(`--limit expects a positive number, got "${opts.limit}"`);
      await withStore(cmd, async (store) => {
        const year = opts.year ?? (await newestYear(store.db));
        if (year === undefined) throw new UserError('no reports stored yet: run `nianbao run` (or `nianbao demo`) first');
        const parsed = parseComparison({ ...opts, year: String(year), min: opts.min ?? opts.minApplications });
        if (!parsed.ok) throw new UserError(parsed.error);
        const c = await runComparison(store.db, parsed.value);
        if (c.ranking.rows.length === 0) {
          for (const w of await unmatchedFilters(store.db, { ...parsed.value, regionPrefix: parsed.value.region?.prefix, regionName: parsed.value.region?.name })) warn(w);
        }
        const shown = limit === undefined ? c : { ...c, ranking: { ...c.ranking, rows: c.ranking.rows.slice(0, limit) } };
        if (opts.json) process.stdout.write(`${JSON.stringify(comparisonJson(shown))}\n`);
        else if (opts.csv) process.stdout.write(formatCsv(comparisonCsvRows(shown)));
        else process.stdout.write(`${[...comparisonHeader(c), '', formatTable(comparisonTableRows(shown))].join('\n')}\n`);
        if (shown.ranking.rows.length < c.ranking.rows.length) cutNotice(shown.ranking.rows.length, c.ranking.rows.length, 'bodies');
      });
    });
}
