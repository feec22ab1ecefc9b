/** Round trip: synthetic reports rendered in every style read back to exactly their cells. */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, renderReport, RENDER_STYLES } from '../../src/synth/index.js';

describe('extract on synthetic reports', () => {
  it('reads every cell, the year, the template and the one-row （六） layout in every render style', () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const rep = generateReport(seed);
      for (const style of RENDER_STYLES) {
        const r = extractText(renderReport(rep, style), { fileName: style.startsWith('html') ? 'r.html' : 'r.txt' });
        if (!r.ok) { bad.push(`${seed}/${style}: ${r.error}`); continue; }
        const wrong = Object.keys(rep.cells).filter((k) => r.cells[k] !== rep.cells[k]);
        const extra = Object.keys(r.cells).filter((k) => !(k in rep.cells));
        const oneRow = rep.template === '2021' && rep.otherAsOneRow;
        if (wrong.length || extra.length || r.year !== rep.year || r.template !== rep.template || Boolean(r.otherAsOneRow) !== oneRow) {
          bad.push(`${seed}/${style}: wrong ${wrong.slice(0, 3).join(',')} extra ${extra.slice(0, 3).join(',')} year ${r.year} template ${r.template}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
