/**
 * The gold corpus cases as the extraction tests read them. Pages are handed to
 * the extractor under a neutral name (`page.txt`): a year or body must come from
 * the page, never from our file names.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SourceKind } from '../extract/perturb.js';

export const CORPUS = '/work/shared/corpus';

export interface Gold { year: number | null; template: string | null; truncated?: boolean; cells: Record<string, number | null> }
export interface Case { readonly id: string; readonly dir: string; readonly src: string; readonly gold: Gold }

export const KIND: Record<string, SourceKind> = { html: 'html', htm: 'html', txt: 'txt', md: 'md' };

/** Every `<id>.<ext>` with `<id>.gold.json` beside it, in the given directories. */
export function corpusCases(dirs: readonly string[]): Case[] {
  return dirs.flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.gold.json')).sort().flatMap((f) => {
    const id = f.replace(/\.gold\.json$/, '');
    const src = fs.readdirSync(dir).find((x) => x.startsWith(`${id}.`) && !x.endsWith('.gold.json'));
    return src ? [{ id, dir, src, gold: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Gold }] : [];
  }));
}

export const neutralName = (src: string): string => `page${path.extname(src)}`;

/**
 * Cells stated against the gold: `wrong` lists values that differ from it (a key
 * the gold lacks counts when the gold is complete, or holds no cells at all);
 * `missing` the gold keys not stated.
 */
export function compare(gold: Gold, cells: Readonly<Record<string, number | null>>): { wrong: string[]; missing: string[] } {
  const wrong: string[] = [], missing: string[] = [];
  const n = Object.keys(gold.cells).length;
  for (const [k, v] of Object.entries(gold.cells)) {
    if (!(k in cells)) missing.push(k);
    else if (cells[k] !== v && !(typeof v === 'number' && typeof cells[k] === 'number' && Math.abs(v - cells[k]!) < 1e-6)) wrong.push(`${k}: want ${v} got ${cells[k]}`);
  }
  for (const [k, v] of Object.entries(cells)) {
    if (!(k in gold.cells) && v !== null && (!gold.truncated || n === 0)) wrong.push(`${k}: want (absent) got ${v}`);
  }
  return { wrong, missing };
}

/**
 * The year as the scorer judges it (../shared/tools/score.mjs): the gold year when
 * the page's text (past its `# source:` line) states it; where it does not, null
 * — or the right year, from the source URL — is the honest answer.
 */
export function yearOk(gold: Gold, text: string | null, year: number | null): boolean {
  const stated = gold.year !== null && text !== null && text.replace(/^# source:.*\n/, '').includes(String(gold.year));
  return year === gold.year || (!stated && year === null);
}
