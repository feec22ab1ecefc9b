/** `nianbao export`: cells_wide of the newest reports with bodies, flags and metrics, plus a data dictionary. */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { withStore } from '../context.js';
import { CommandFailure, UserError, oneLine } from '../errors.js';
import { EXPORT_COLUMNS } from '../../research/export-columns.js';
import { exportRows } from '../../research/export-query.js';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from '../../research/export-writers.js';
import { resolveRegion } from '../../research/region.js';
import { LEVELS } from '../../research/compare.js';
import { writeCorrections } from '../../review/export-corrections.js';

interface ExportOptions { year?: string; region?: string; level?: string; format: string; out?: string }

export function registerExport(program: Command): void {
  program.command('export')
    .description('write one row per body and year (newest report) with every template cell, flags and metrics, and a data dictionary beside it')
    .option('--year <year>', 'report year (default: every year)')
    .option('--region <code|name>', 'GB/T 2260 code prefix (330000 = 浙江) or a region name')
    .option('--level <level>', '省, 市, 县 or 乡')
    .option('--format <format>', EXPORT_FORMATS.join(', '), 'csv')
    .option('--out <path>', 'file to write (default nianbao-<year>[-<region>].<format> in the current directory)')
    .action(async (opts: ExportOptions, cmd: Command) => {
      const format = opts.format as ExportFormat;
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UserError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${opts.format}"`);
      const year = opts.year === undefined ? undefined : Number(opts.year);
      if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) throw new UserError(`--year expects a report year like 2023, got "${opts.year}"`);
      let regionPrefix: string | undefined;
      if (opts.region !== undefined) {
        const r = resolveRegion(opts.region);
        if (!r.ok) throw new UserError(r.error);
        regionPrefix = r.prefix;
      }
      if (opts.level !== undefined && !(LEVELS as readonly string[]).includes(opts.level)) throw new UserError(`--level must be one of ${LEVELS.join(' ')}, got "${opts.level}"`);
      const out = path.resolve(opts.out ?? `nianbao-${year ?? 'all'}${regionPrefix ? `-${regionPrefix}` : ''}.${format}`);
      if (!fs.existsSync(path.dirname(out))) throw new UserError(`cannot write ${out}: directory ${path.dirname(out)} does not exist`);
      await withStore(cmd, async (store) => {
        const rows = await exportRows(store.db, { year, regionPrefix, level: opts.level });
        let dict: string;
        try {
          dict = await writeExport(out, format, EXPORT_COLUMNS, rows);
        } catch (err) {
          throw new CommandFailure(`cannot write ${out}: ${oneLine(err)}`, { cause: err });
        }
        process.stdout.write(`wrote ${rows.length} report${rows.length === 1 ? '' : 's'} × ${EXPORT_COLUMNS.length} columns to ${out}\n`);
        process.stdout.write(`data dictionary: ${dict}\n`);
        // Reviewed values are in the export; the values they replaced are here, beside it.
        const corrections = await writeCorrections(store.db, out, rows.map((r) => Number(r.report_id)));
        process.stdout.write(`corrections (extracted and reviewed values): ${corrections.path} (${corrections.rows} cell${corrections.rows === 1 ? '' : 's'})\n`);
      });
    });
}
