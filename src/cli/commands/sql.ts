/** `nianbao sql "SELECT …"`: ad-hoc queries for researchers, on either backend. */
import { Command } from 'commander';
import { sql } from 'kysely';
import { withStore } from '../context.js';
import { CommandFailure, UserError, oneLine } from '../errors.js';
import { formatCsv, formatJsonLines, formatTable, type Row } from '../output.js';

export function registerSql(program: Command): void {
  program.command('sql')
    .description('run one SQL statement and print its rows (views: report_latest, cells_wide)')
    .argument('<query>', 'the SQL to run, e.g. "SELECT body, year FROM report_latest"')
    .option('--csv', 'print CSV with a header row')
    .option('--json', 'print one JSON object per row')
    .action(async (query: string, opts: { csv?: boolean; json?: boolean }, cmd: Command) => {
      if (opts.csv && opts.json) throw new UserError('choose one of --csv and --json');
      if (!query.trim()) throw new UserError('empty query');
      await withStore(cmd, async (store) => {
        let rows: Row[];
        let columns: string[] | undefined;
        try {
          const res = await sql.raw<Row>(query).execute(store.db);
          rows = res.rows;
          if (rows.length === 0 && res.numAffectedRows !== undefined) {
            process.stdout.write(`${res.numAffectedRows} row(s) affected\n`);
            return;
          }
          columns = rows[0] ? Object.keys(rows[0]) : [];
        } catch (err) {
          throw new CommandFailure(`query failed: ${oneLine(err)}`, { cause: err });
        }
        const out = opts.csv ? formatCsv(rows, columns) : opts.json ? formatJsonLines(rows) : formatTable(rows, columns);
        process.stdout.write(out.endsWith('\n') || out === '' ? out : `${out}\n`);
      });
    });
}
