/**
 * A watermark printed across every page (a site's name, a date, 仅供参考), turned as
 * watermarks are: its text lies over the table's cells in the text layer. Text set at a
 * slant is no cell's text: each print reads back as the same report without it. (Before,
 * the watermark's characters joined the cells they crossed: about 100 cells of each
 * report left out, the rows they fell in unread.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDocumentWorkers } from '../../src/extract/documents/index.js';
import { extract } from '../../src/extract/index.js';
import { launch } from '../../fixtures/documents/render.js';
import { synthDoc } from '../../fixtures/documents/synthetic.js';
import { LAYOUTS, variationHtml, variationPrint } from '../../fixtures/documents/layout-variations.js';

let browser: Browser;
beforeAll(async () => { browser = await launch(); }, 30_000);
afterAll(async () => { await browser?.close(); await closeDocumentWorkers(); });

/** A watermark Chromium prints on every page (position: fixed), turned `deg` degrees. */
const watermark = (deg: number) => `<div style="position:fixed;top:38%;left:2%;width:96%;text-align:center;transform:rotate(${deg}deg);`
  + `font-size:34px;color:rgba(0,0,0,0.12);z-index:9">某县人民政府门户网站 2023-05-06 仅供参考 3 5 7</div>`;

describe('a watermark printed across each page', () => {
  it.each([[-30, 3], [-45, 17], [30, 8], [-60, 21]])('turned %i°, seed %i: every value, none wrong', async (deg, seed) => {
    const d = synthDoc(seed);
    const layout = LAYOUTS[0]!;
    const page = await browser.newPage();
    let pdf: Uint8Array;
    try {
      await page.setContent(variationHtml(d, layout).replace(/<body([^>]*)>/i, `<body$1>${watermark(deg)}`));
      pdf = new Uint8Array(await page.pdf(variationPrint(layout, d.title) as Parameters<typeof page.pdf>[0]));
    } finally { await page.close(); }
    const x = await extract({ url: 'http://127.0.0.1/nb/report.pdf', contentType: 'application/pdf', bytes: pdf });
    expect(x.ok, x.ok ? '' : x.error).toBe(true);
    if (!x.ok) return;
    const keys = Object.keys(d.values);
    expect(keys.filter((k) => x.cells[k] !== undefined && x.cells[k] !== d.values[k]).map((k) => `${k}: ${x.cells[k]} for ${d.values[k]}`)).toEqual([]);
    expect(keys.filter((k) => x.cells[k] === undefined), x.warnings.join('\n')).toEqual([]);
    expect(x.warnings.some((w) => /page 1: \d+ text run\(s\) set at a slant \(a watermark\?\) not read/.test(w)), x.warnings.join('\n')).toBe(true);
  }, 60_000);
});
