/**
 * `nianbao sql "SELECT …"`: ad-hoc queries for researchers, on either backend.
 * Read-only by default (a read-only transaction with a statement timeout);
 * `--write` lets a statement change data. Every column is printed.
 */
import { Command } from 'commander';
import { withStore } from '../context.js';
import { CommandFailure, UserError, oneLine } from '../errors.js';
import { formatCsv, formatJsonLines, formatTable } from '../output.js';
import { namedResult } from '../../research/sql-result.js';
import { DEFAULT_TIMEOUT_MS } from '../../store/raw-sql.js';

interface SqlOptions { csv?: boolean; json?: boolean; write?: boolean; timeout: string }

export function registerSql(program: Command): void {
  program.command('sql')
    .description('run one SQL statement and print its rows (views: report_latest, cells_wide, report_metrics); read-only unless --write')
    .argument('<query>', 'one SQL statement, e.g. "SELECT body, year FROM report_latest"')
    .option('--csv', 'print CSV with a header row')
    .option('--json', 'print one JSON object per row')
    .option('--write', 'allow the statement to change data (default: a read-only transaction)')
    .option('--timeout <seconds>', 'cancel the statement after this long (PostgreSQL; the embedded database cannot cancel)', String(DEFAULT_TIMEOUT_MS / 1000))
    .action(async (query: string, opts: SqlOptions, cmd: Command) => {
      if (opts.csv && opts.json) throw new UserError('choose one of --csv and --json');
      if (!query.trim()) throw new UserError('empty query');
      const timeout = Number(opts.timeout);
      if (!(timeout > 0)) throw new UserError(`--timeout expects seconds > 0, got "${opts.timeout}"`);
      await withStore(cmd, async (store) => {
        let result;
        try {
          result = namedResult(await store.raw(query, { write: opts.write === true, timeoutMs: timeout * 1000 }));
        } catch (err) {
          const msg = oneLine(err);
          const hint = !opts.write && /read-only transaction/.test(msg) ? ' (nianbao sql is read-only; add --write to change data)' : '';
          throw new CommandFailure(`query failed: ${msg}${hint}`, { cause: err });
        }
        if (result.columns.length === 0) {
          process.stdout.write(`${result.affected ?? 0} row(s) affected\n`);
          return;
        }
        const { columns, rows } = result;
        const out = opts.csv ? formatCsv(rows, [...columns]) : opts.json ? formatJsonLines(rows) : formatTable(rows, [...columns]);
        process.stdout.write(out.endsWith('\n') || out === '' ? out : `${out}\n`);
      });
    });
}
