/** `nianbao export`: cells_wide of the newest reports with bodies, flags and metrics, plus a data dictionary. */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { withStore } from '../context.js';
import { CommandFailure, UserError, oneLine } from '../errors.js';
import { EXPORT_COLUMNS, LONG_COLUMNS } from '../../research/export-columns.js';
import { exportLongRows, exportRows, type ExportRow } from '../../research/export-query.js';
import { coverage, COVERAGE_COLUMNS } from '../../research/coverage.js';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from '../../research/export-writers.js';
import { parseFilter, unmatchedFilters } from '../../research/filters.js';
import { BODY_KINDS } from '../../model/body-kind.js';
import { warn } from '../notices.js';
import { writeCorrections } from '../../review/export-corrections.js';

interface ExportOptions { year?: string; region?: string; level?: string; kind?: string; format: string; out?: string; long?: boolean; bom?: boolean; coverage?: boolean }

export function registerExport(program: Command): void {
  program.command('export')
    .description('write one row per body and year (newest report) with every template cell, flags and metrics, and a data dictionary beside it')
    .option('--year <year>', 'report year (default: every year)')
    .option('--region <code|name>', 'GB/T 2260 code prefix (330000 = 浙江) or a region name')
    .option('--level <level>', '省, 市, 县 (county-level cities included) or 乡')
    .option('--kind <kind>', BODY_KINDS.join(', '))
    .option('--long', 'one row per body, year and key (value, raw text, unit, source line/page) instead of one row per report')
    .option('--coverage', 'write coverage instead: per province and year, governments expected (registry), reporting, reports found and flagged')
    .option('--bom', 'CSV: start with a UTF-8 byte order mark (Excel on Chinese Windows then reads it as UTF-8)')
    .option('--format <format>', EXPORT_FORMATS.join(', '), 'csv')
    .option('--out <path>', 'file to write (default nianbao-<year>[-<region>].<format> in the current directory)')
    .action(async (opts: ExportOptions, cmd: Command) => {
      const format = opts.format as ExportFormat;
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UserError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${opts.format}"`);
      const filter = parseFilter(opts);
      if (!filter.ok) throw new UserError(filter.error);
      const { year, regionPrefix } = filter.value;
      const out = path.resolve(opts.out ?? `nianbao-${year ?? 'all'}${regionPrefix ? `-${regionPrefix}` : ''}${opts.long ? '-long' : opts.coverage ? '-coverage' : ''}.${format}`);
      if (!fs.existsSync(path.dirname(out))) throw new UserError(`cannot write ${out}: directory ${path.dirname(out)} does not exist`);
      await withStore(cmd, async (store) => {
        const columns = opts.coverage ? COVERAGE_COLUMNS : opts.long ? LONG_COLUMNS : EXPORT_COLUMNS;
        const rows: ExportRow[] = opts.coverage
          ? (await coverage(store.db)).filter((r) => (year === undefined || r.year === year) && (!regionPrefix || (r.province ?? '').startsWith(regionPrefix.slice(0, 2))))
            .map((r) => ({ ...r }))
          : await (opts.long ? exportLongRows : exportRows)(store.db, filter.value);
        if (rows.length === 0) for (const w of await unmatchedFilters(store.db, filter.value)) warn(w);
        let dict: string;
        try {
          dict = await writeExport(out, format, columns, rows, { bom: opts.bom === true });
        } catch (err) {
          throw new CommandFailure(`cannot write ${out}: ${oneLine(err)}`, { cause: err });
        }
        const what = opts.coverage ? 'coverage row' : opts.long ? 'cell' : 'report';
        process.stdout.write(`wrote ${rows.length} ${what}${rows.length === 1 ? '' : 's'} × ${columns.length} columns to ${out}\n`);
        process.stdout.write(`data dictionary: ${dict}\n`);
        if (opts.coverage) return;
        // Reviewed values are in the export; the values they replaced are here, beside it.
        const corrections = await writeCorrections(store.db, out, [...new Set(rows.map((r) => Number(r.report_id)))]);
        process.stdout.write(`corrections (extracted and reviewed values): ${corrections.path} (${corrections.rows} cell${corrections.rows === 1 ? '' : 's'})\n`);
      });
    });
}
