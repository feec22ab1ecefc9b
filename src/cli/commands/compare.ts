/** `nianbao compare`: rank the bodies of a region by a metric, with their peers' quartiles. */
import { Command } from 'commander';
import { withStore } from '../context.js';
import { UserError } from '../errors.js';
import { formatCsv, formatTable } from '../output.js';
import { METRICS } from '../../research/metrics.js';
import { DEFAULT_MIN_APPLICATIONS, parseComparison, runComparison } from '../../research/compare.js';
import { comparisonCsvRows, comparisonHeader, comparisonJson, comparisonTableRows } from '../../research/compare-report.js';

interface CompareOptions {
  region?: string; year?: string; metric: string; level?: string; minApplications?: string; csv?: boolean; json?: boolean;
}

export function registerCompare(program: Command): void {
  program.command('compare')
    .description('rank the bodies of a region by a metric, with P25/P50/P75 of their peers and each body\'s percentile')
    .option('--region <code|name>', 'GB/T 2260 code (prefix match: 330000 = 浙江, 330100 = 杭州) or a region name')
    .requiredOption('--year <year>', 'report year')
    .option('--metric <id>', `one of ${METRICS.map((m) => m.id).join(', ')}`, 'grant_rate')
    .option('--level <level>', 'compare like with like: 省, 市, 县 or 乡')
    .option('--min-applications <n>', 'bodies with fewer new applications are marked, not ranked', String(DEFAULT_MIN_APPLICATIONS))
    .option('--csv', 'print CSV (rates as fractions)')
    .option('--json', 'print one JSON document')
    .action(async (opts: CompareOptions, cmd: Command) => {
      if (opts.csv && opts.json) throw new UserError('choose one of --csv and --json');
      const parsed = parseComparison(opts);
      if (!parsed.ok) throw new UserError(parsed.error);
      await withStore(cmd, async (store) => {
        const c = await runComparison(store.db, parsed.value);
        if (opts.json) process.stdout.write(`${JSON.stringify(comparisonJson(c))}\n`);
        else if (opts.csv) process.stdout.write(formatCsv(comparisonCsvRows(c)));
        else process.stdout.write(`${[...comparisonHeader(c), '', formatTable(comparisonTableRows(c))].join('\n')}\n`);
      });
    });
}
