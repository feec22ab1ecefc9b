/**
 * One report printed the ways real ones are (fixtures/documents/layout-variations.ts):
 * wrapped labels, cells without padding, with and without borders, repeated headers,
 * page furniture, landscape, headings between tables. Each print, read back through
 * `extract`, states no wrong value; all but the lossiest state every value.
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

async function print(html: string, options: Record<string, unknown>): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setContent(html);
    return new Uint8Array(await page.pdf(options));
  } finally { await page.close(); }
}

describe.each(LAYOUTS)('a report printed $name', (layout) => {
  it.each([3, 17])('reads back seed %i: no wrong value, every value stated', async (seed) => {
    const d = synthDoc(seed);
    const pdf = await print(variationHtml(d, layout), variationPrint(layout, d.title));
    const x = await extract({ url: `http://127.0.0.1/nb/${layout.name}-${seed}.pdf`, contentType: 'application/pdf', bytes: pdf });
    expect(x.ok, x.ok ? '' : x.error).toBe(true);
    if (!x.ok) return;
    const keys = Object.keys(d.values);
    const wrong = keys.filter((k) => x.cells[k] !== undefined && x.cells[k] !== d.values[k]).map((k) => `${k}: ${x.cells[k]} for ${d.values[k]}`);
    expect(wrong).toEqual([]);
    expect(keys.filter((k) => x.cells[k] === undefined), x.warnings.join('\n')).toEqual([]);
  }, 60_000);
});
