/** `nianbao extract FILE...`: the template cells of report files (HTML, text, markdown, PDF, DOCX, DOC). */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { UserError, EXIT_FAILURE, oneLine } from '../errors.js';
import { extract } from '../../extract/index.js';
import type { ExtractionResult } from '../../model/report.js';

interface ExtractOptions { jsonl?: boolean }

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html', '.htm': 'text/html', '.txt': 'text/plain', '.md': 'text/markdown',
  '.pdf': 'application/pdf', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.doc': 'application/msword',
};

export function resultLine(file: string, r: ExtractionResult): Record<string, unknown> {
  return r.ok
    ? { file, ok: true, template: r.template, year: r.year, organization: r.organization, title: r.title, cells: r.cells, warnings: r.warnings }
    : { file, ok: false, error: r.error };
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
  program.command('extract')
    .description('extract the statistical tables of report files onto the template keys')
    .argument('<file...>', 'report files: .html .txt .md .pdf .docx .doc')
    .option('--jsonl', 'print one JSON object per file')
    .action(async (files: string[], opts: ExtractOptions) => {
      if (!files.length) throw new UserError('extract: give at least one file');
      let failed = 0;
      for (const file of files) {
        let r: ExtractionResult;
        try {
          const bytes = new Uint8Array(await fs.readFile(file));
          const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
          r = await extract({ fileName: path.basename(file), bytes, ...(contentType ? { contentType } : {}) });
        } catch (err) {
          r = { ok: false, error: `${file}: ${oneLine(err)}`, warnings: [] };
        }
        if (!r.ok) {
          failed++;
          process.stderr.write(`nianbao: ${oneLine(r.error)}\n`);
        }
        if (opts.jsonl) process.stdout.write(`${JSON.stringify(resultLine(file, r))}\n`);
        else if (r.ok) process.stdout.write(`${summary(file, r)}\n`);
      }
      if (failed) process.exitCode = EXIT_FAILURE;
    });
}
