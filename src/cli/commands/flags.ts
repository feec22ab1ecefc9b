/** `nianbao flags`: the reviewers' list of flagged reports, with the reason. */
import { Command } from 'commander';
import { withStore } from '../context.js';
import { UserError } from '../errors.js';
import { formatCsv, formatJsonLines, formatTable } from '../output.js';
import { parseFilter, unmatchedFilters } from '../../research/filters.js';
import { flagRows, unknownRule } from '../../research/flag-query.js';
import { SEVERITIES } from '../../model/flag.js';
import { BODY_KINDS } from '../../model/body-kind.js';
import { cutNotice, warn } from '../notices.js';

interface FlagsOptions {
  rule?: string; region?: string; year?: string; severity?: string; body?: string; level?: string; kind?: string;
  limit: string; csv?: boolean; json?: boolean;
}

export function registerFlags(program: Command): void {
  program.command('flags')
    .description('list flagged reports (newest extraction per body and year) with the reason')
    .option('--rule <prefix>', 'rule id or family prefix, e.g. identity.b or narrative')
    .option('--region <code|name>', 'GB/T 2260 region code or name, e.g. 620000, 甘肃 or 合作市')
    .option('--year <year>', 'report year')
    .option('--severity <level>', 'error, warning or info')
    .option('--body <text>', 'part of the body name')
    .option('--level <level>', '省, 市, 县 (county-level cities included) or 乡')
    .option('--kind <kind>', BODY_KINDS.join(', '))
    .option('--limit <n>', 'at most n rows (says so when it cuts)', '500')
    .option('--csv', 'print CSV')
    .option('--json', 'print one JSON object per flag')
    .action(async (opts: FlagsOptions, cmd: Command) => {
      if (opts.year !== undefined && !/^\d+$/.test(opts.year)) throw new UserError(`--year expects a year like 2023, got "${opts.year}"`);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0) throw new UserError(`--limit expects a positive number, got "${opts.limit}"`);
      if (opts.severity && !(SEVERITIES as readonly string[]).includes(opts.severity)) throw new UserError('--severity must be error, warning or info');
      const badRule = opts.rule ? unknownRule(opts.rule) : null;
      if (badRule) throw new UserError(badRule);
      const filter = parseFilter(opts);
      if (!filter.ok) throw new UserError(filter.error);
      const q = { ...filter.value, rule: opts.rule, severity: opts.severity, body: opts.body };
      await withStore(cmd, async (store) => {
        const { rows, total } = await flagRows(store.db, q, { limit });
        const out = rows.map(({ id: _id, ...r }) => r);
        if (opts.csv) process.stdout.write(formatCsv(out));
        else if (opts.json) process.stdout.write(out.length ? `${formatJsonLines(out)}\n` : '');
        else process.stdout.write(`${formatTable(out.map(({ cells: _c, url: _u, level: _l, kind: _k, ...r }) => r))}\n`);
        if (rows.length < total) cutNotice(rows.length, total, 'flags');
        if (total === 0) for (const w of await unmatchedFilters(store.db, filter.value)) warn(w);
      });
    });
}
