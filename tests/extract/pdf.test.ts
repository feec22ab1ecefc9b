/** PDF (Chromium-printed) through the document reader and the same aligner. Needs /usr/bin/chromium. */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { htmlToPdf, launch } from '../../fixtures/documents/render.js';
import { synthDoc, toHtml } from '../../fixtures/documents/synthetic.js';

describe('extract on generated PDF reports', () => {
  it('reads every value and keeps every blank cell null', async () => {
    const browser = await launch();
    const bad: string[] = [];
    try {
      for (let seed = 1; seed <= 4; seed++) {
        const d = synthDoc(seed);
        const r = await extract({ fileName: `synth-${seed}.pdf`, bytes: await htmlToPdf(browser, toHtml(d)) });
        if (!r.ok) { bad.push(`seed ${seed}: ${r.error}`); continue; }
        const wrong = Object.keys(d.values).filter((k) => r.cells[k] !== d.values[k]);
        if (wrong.length) bad.push(`seed ${seed}: ${wrong.slice(0, 3).map((k) => `${k} ${d.values[k]}→${r.cells[k]}`).join(', ')}`);
      }
    } finally { await browser.close(); }
    expect(bad).toEqual([]);
  }, 120_000);
});
