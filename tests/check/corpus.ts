/** Reports built from the corpus gold cells and the page text (tags stripped), independent of the extractor. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Report, TemplateId } from '../../src/model/report.js';
import { classifyBody } from '../../src/model/body-kind.js';

export const CORPUS = '/work/shared/corpus';

interface Gold { organization: string; year: number; template: TemplateId; cells: Record<string, number | null>; notes?: string }

export function pageText(file: string): string {
  const raw = readFileSync(file, 'utf8');
  if (!file.endsWith('.html')) return raw;
  return raw.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<br\s*\/?>|<\/(p|div|tr|h\d|li)>/gi, '\n')
    .replace(/<[^>]+>/g, '').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

export function corpusReport(id: string, over: Partial<Report> = {}): Report {
  const dir = id.startsWith('seed') ? CORPUS : id.startsWith('hongze') ? join(CORPUS, 'pdf') : join(CORPUS, 'dev');
  const gold = JSON.parse(readFileSync(join(dir, `${id}.gold.json`), 'utf8')) as Gold;
  // PDF cases: gold cells only (reading the PDF is the documents reader's job, not the checks').
  const src = readdirSync(dir).find((f) => f.startsWith(`${id}.`) && !f.endsWith('.gold.json') && !f.endsWith('.pdf'));
  return {
    id, year: gold.year, template: gold.template, cells: gold.cells, text: src ? pageText(join(dir, src)) : '', title: null,
    body: classifyBody(gold.organization),
    ...over,
  };
}

export const corpusIds = (): string[] => [
  'seed-hezuo-2023',
  ...readdirSync(join(CORPUS, 'dev')).filter((f) => f.endsWith('.gold.json')).map((f) => f.replace('.gold.json', '')),
  ...readdirSync(join(CORPUS, 'pdf')).filter((f) => f.endsWith('.gold.json')).map((f) => f.replace('.gold.json', '')),
];
