/**
 * `nianbao check FILE... [--json]`: extract each file and run the checks on it, without a
 * database. Files of one body (same organization) are also compared across years.
 */
import { Command } from 'commander';
import { oneLine } from '../errors.js';
import { addExtractOptions, poolOptions, type ExtractCliOptions } from '../extract-options.js';
import { extractFiles } from '../extract-files.js';
import { ExtractPool, type PoolOptions } from '../../extract/extract-pool.js';
import { checkReports } from '../../check/index.js';
import { classifyBody } from '../../model/body-kind.js';
import type { Flag } from '../../model/flag.js';
import type { ExtractionOk, Report } from '../../model/report.js';

interface FileResult { file: string; ok: boolean; error?: string; flags: Flag[] }

/** The report as the checks see it; the file name is its id, the body known only by its name. */
export function reportOfExtraction(file: string, x: ExtractionOk): Report {
  const name = x.organization;
  // No site registry behind a file: the body is known by its name alone, classified as the pipeline classifies it.
  const body = name ? classifyBody(name) : null;
  return {
    id: file, year: x.year, template: x.template, otherAsOneRow: x.otherAsOneRow, cells: x.cells, text: x.text,
    inferred: x.details.filter((d) => d.how === 'inferred').map((d) => d.key),
    title: x.title, publishedDate: x.publishedDate ?? null,
    body: { name: body?.name ?? null, level: body?.level ?? null, regionName: body?.regionName ?? null, regionCode: body?.regionCode ?? null, kind: body?.kind ?? null },
  };
}

/** Extracts every file (a missing or unreadable one is its own error, as in `extract`), then checks them together. */
export async function checkFiles(files: readonly string[], opts: PoolOptions = {}): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const reports: Report[] = [];
  const pool = new ExtractPool(opts);
  try {
    for await (const { file, result: x } of extractFiles(files, pool)) {
      if (!x.ok) { results.push({ file, ok: false, error: x.error, flags: [] }); continue; }
      reports.push(reportOfExtraction(file, x));
      results.push({ file, ok: true, flags: [] });
    }
  } finally {
    await pool.close();
  }
  const flags = checkReports(reports);
  for (const r of results) {
    if (r.error) continue;
    r.flags = flags.get(r.file) ?? [];
    // Info flags (a jump, first seen late) are worth a look but do not make a report wrong.
    r.ok = r.flags.every((f) => f.severity === 'info');
  }
  return results;
}

function printText(results: readonly FileResult[]): string {
  return results.map((r) => {
    if (r.error) return `${r.file}: cannot extract: ${r.error}`;
    if (r.flags.length === 0) return `${r.file}: ok`;
    return [`${r.file}: ${r.flags.length} flag${r.flags.length === 1 ? '' : 's'}`,
      ...r.flags.map((f) => `  ${f.severity.padEnd(7)} ${f.rule}  ${f.message}`)].join('\n');
  }).join('\n');
}

export function registerCheck(program: Command): void {
  addExtractOptions(program.command('check')
    .description('extract report files (HTML, text, PDF, DOCX) and check that they add up; no database needed')
    .argument('<file...>', 'report files; files of one body are also compared year on year')
    .option('--json', 'one JSON object per file: {"file","ok","flags":[{"rule","severity","message","cells"}]}'))
    .action(async (files: string[], opts: ExtractCliOptions & { json?: boolean }) => {
      const results = await checkFiles(files, poolOptions(opts));
      const out = opts.json
        ? results.map((r) => JSON.stringify({ file: r.file, ok: r.ok, ...(r.error ? { error: r.error } : {}),
          flags: r.flags.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, cells: f.cells,
            ...(f.relatedReportId ? { related: f.relatedReportId } : {}) })) })).join('\n')
        : printText(results);
      process.stdout.write(`${out}\n`);
      for (const r of results) if (r.error) process.stderr.write(`nianbao: ${oneLine(r.error)}\n`);
      // Exit 1 when a file did not extract or broke a rule, so scripts can gate on it.
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    });
}
