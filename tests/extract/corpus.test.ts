/**
 * Every gold-annotated corpus case, read generically and under a neutral file
 * name: strict cells (exact value, null kept apart from 0), no values a page does
 * not state, the year as the scorer judges it, and the template.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { compare, CORPUS, corpusCases, neutralName, yearOk } from '../helpers/corpus.js';

const cases = corpusCases([CORPUS, path.join(CORPUS, 'dev'), path.join(CORPUS, 'dev2'), path.join(CORPUS, 'pdf')]);

describe('extract on the gold corpus', () => {
  it('finds the corpus', () => { expect(cases.length).toBeGreaterThanOrEqual(40); });
  for (const c of cases) {
    it(`${c.id}: cells as the page states them`, async () => {
      const bytes = fs.readFileSync(path.join(c.dir, c.src));
      const r = await extract({ fileName: neutralName(c.src), bytes: new Uint8Array(bytes) });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(compare(c.gold, r.cells)).toEqual({ wrong: [], missing: [] });
      expect(r.template).toBe(c.gold.template);
      const text = /\.(txt|md|html?)$/.test(c.src) ? bytes.toString('utf8') : null;
      expect(yearOk(c.gold, text, r.year), `year ${r.year}`).toBe(true);
    }, 60_000);
  }
});
