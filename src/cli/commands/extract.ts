/** `nianbao extract FILE...`: the template cells of report files (HTML, text, markdown, PDF, DOCX, DOC). */
import { Command } from 'commander';
import { UserError, EXIT_FAILURE, oneLine } from '../errors.js';
import { addExtractOptions, poolOptions, type ExtractCliOptions } from '../extract-options.js';
import { extractFiles } from '../extract-files.js';
import { ExtractPool } from '../../extract/extract-pool.js';
import type { ExtractionResult } from '../../model/report.js';

interface ExtractOptions extends ExtractCliOptions { jsonl?: boolean }

export function resultLine(file: string, r: ExtractionResult): Record<string, unknown> {
  return r.ok
    ? { file, ok: true, template: r.template, year: r.year, organization: r.organization, title: r.title, cells: r.cells, warnings: r.warnings }
    : { file, ok: false, error: r.error, ...(r.limit ? { limit: r.limit } : {}) };
}

function summary(file: string, r: ExtractionResult): string {
  if (!r.ok) return `${file}: error: ${r.error}`;
  const stated = Object.values(r.cells);
  const nulls = stated.filter((v) => v === null).length;
  const head = `${file}: ${r.organization ?? '?'} ${r.year ?? '?'} template ${r.template ?? '?'}: ${stated.length} cells (${nulls} blank)`;
  const body = Object.entries(r.cells).map(([k, v]) => `  ${k} = ${v === null ? 'null' : v}`);
  return [head, ...body, ...r.warnings.map((w) => `  warning: ${w}`)].join('\n');
}

export function registerExtract(program: Command): void {
  addExtractOptions(program.command('extract')
    .description('extract the statistical tables of report files onto the template keys (exit 1 if any file failed)')
    .argument('<file...>', 'report files: .html .txt .md .pdf .docx .doc .ofd, scans as .png .jpg (a saved page\'s table images are read from beside it)')
    .option('--jsonl', 'print one JSON object per file, in the order given'))
    .action(async (files: string[], opts: ExtractOptions) => {
      if (!files.length) throw new UserError('extract: give at least one file');
      const pool = new ExtractPool(poolOptions(opts));
      let failed = 0;
      try {
        for await (const { file, result: r } of extractFiles(files, pool)) {
          if (!r.ok) {
            failed++;
            process.stderr.write(`nianbao: ${oneLine(r.error)}\n`);
          }
          if (opts.jsonl) process.stdout.write(`${JSON.stringify(resultLine(file, r))}\n`);
          else if (r.ok) process.stdout.write(`${summary(file, r)}\n`);
        }
      } finally {
        await pool.close();
      }
      if (failed) process.exitCode = EXIT_FAILURE;
    });
}
