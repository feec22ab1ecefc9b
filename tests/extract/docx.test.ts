/**
 * DOCX through the document reader and the same aligner: random values with random
 * blank cells, labels spanning two grid columns and vertically merged group labels.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { synthDoc, toDocx } from '../../fixtures/documents/synthetic.js';

describe('extract on generated DOCX reports', () => {
  it('reads every value and keeps every blank cell null', async () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const d = synthDoc(seed);
      const r = await extract({ fileName: `synth-${seed}.docx`, bytes: await toDocx(d) });
      if (!r.ok) { bad.push(`seed ${seed}: ${r.error}`); continue; }
      const wrong = Object.keys(d.values).filter((k) => r.cells[k] !== d.values[k]);
      if (wrong.length) bad.push(`seed ${seed}: ${wrong.slice(0, 3).map((k) => `${k} ${d.values[k]}→${r.cells[k]}`).join(', ')}`);
      expect(r.template).toBe('2021');
    }
    expect(bad).toEqual([]);
  }, 60_000);
});
