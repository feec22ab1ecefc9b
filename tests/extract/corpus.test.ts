/**
 * Every gold-annotated corpus case, read generically: strict cells (exact value,
 * null kept apart from 0), no values a page does not state, year and template.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';

const CORPUS = '/work/shared/corpus';
const DIRS = [CORPUS, path.join(CORPUS, 'dev'), path.join(CORPUS, 'pdf')];

interface Gold { year: number | null; template: string | null; truncated?: boolean; cells: Record<string, number | null> }

const cases = DIRS.flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.gold.json')).map((f) => {
  const id = f.replace(/\.gold\.json$/, '');
  const src = fs.readdirSync(dir).find((x) => x.startsWith(`${id}.`) && !x.endsWith('.gold.json'));
  return { id, dir, src: src!, gold: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Gold };
}));

describe('extract on the gold corpus', () => {
  it('finds the corpus', () => { expect(cases.length).toBeGreaterThanOrEqual(20); });
  for (const c of cases) {
    it(`${c.id}: cells as the page states them`, async () => {
      const r = await extract({ fileName: c.src, bytes: new Uint8Array(fs.readFileSync(path.join(c.dir, c.src))) });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const got: Record<string, number | null> = {};
      for (const k of Object.keys(c.gold.cells)) got[k] = k in r.cells ? r.cells[k]! : (undefined as unknown as null);
      const extra = Object.entries(r.cells).filter(([k, v]) => !(k in c.gold.cells) && v !== null && (!c.gold.truncated || Object.keys(c.gold.cells).length === 0));
      expect(got).toEqual(c.gold.cells);
      expect(extra).toEqual([]);
      expect(r.template).toBe(c.gold.template);
    }, 60_000);
  }
});
