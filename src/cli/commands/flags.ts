/** `nianbao flags`: the reviewers' list of flagged reports, with the reason. */
import { Command } from 'commander';
import { withStore } from '../context.js';
import { severityRank } from '../../store/flags.js';
import { UserError } from '../errors.js';
import { formatCsv, formatJsonLines, formatTable } from '../output.js';
import { resolveRegion } from '../../research/region.js';

interface FlagsOptions {
  rule?: string; region?: string; year?: string; severity?: string; body?: string;
  limit?: string; csv?: boolean; json?: boolean;
}

export function registerFlags(program: Command): void {
  program.command('flags')
    .description('list flagged reports (newest extraction per body and year) with the reason')
    .option('--rule <prefix>', 'rule id or family prefix, e.g. identity.b or narrative')
    .option('--region <code|name>', 'GB/T 2260 region code or name, e.g. 620000, 甘肃 or 合作市')
    .option('--year <year>', 'report year')
    .option('--severity <level>', 'error, warning or info')
    .option('--body <text>', 'part of the body name')
    .option('--limit <n>', 'at most n rows', '500')
    .option('--csv', 'print CSV')
    .option('--json', 'print one JSON object per flag')
    .action(async (opts: FlagsOptions, cmd: Command) => {
      const year = opts.year === undefined ? undefined : Number(opts.year);
      if (year !== undefined && !Number.isInteger(year)) throw new UserError(`--year expects a year like 2023, got "${opts.year}"`);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0) throw new UserError(`--limit expects a positive number, got "${opts.limit}"`);
      if (opts.severity && !['error', 'warning', 'info'].includes(opts.severity)) throw new UserError(`--severity must be error, warning or info`);
      const resolved = opts.region === undefined ? undefined : resolveRegion(opts.region);
      if (resolved && !resolved.ok) throw new UserError(resolved.error);
      const region = resolved?.ok ? resolved.prefix : undefined;
      await withStore(cmd, async (store) => {
        let q = store.db.selectFrom('flags as f')
          .innerJoin('report_latest as l', 'l.report_id', 'f.report_id')
          .select([
            'l.body', 'l.region_code', 'l.year', 'f.rule', 'f.severity', 'f.message', 'f.cells',
            'l.report_id', 'l.url',
          ]);
        if (opts.rule) q = q.where((eb) => eb.or([eb('f.rule', '=', opts.rule!), eb('f.rule', 'like', `${opts.rule}.%`)]));
        if (region) q = q.where('l.region_code', 'like', `${region}%`);
        if (year !== undefined) q = q.where('l.year', '=', year);
        if (opts.severity) q = q.where('f.severity', '=', opts.severity);
        if (opts.body) q = q.where('l.body', 'like', `%${opts.body}%`);
        const rows = await q
          .orderBy(severityRank('f.severity'))
          .orderBy('l.region_code').orderBy('l.body').orderBy('l.year').orderBy('f.rule')
          .limit(limit).execute();
        if (opts.csv) process.stdout.write(formatCsv(rows));
        else if (opts.json) process.stdout.write(rows.length ? `${formatJsonLines(rows)}\n` : '');
        else process.stdout.write(`${formatTable(rows.map(({ cells: _c, url: _u, ...r }) => r))}\n`);
      });
    });
}
