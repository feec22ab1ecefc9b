/**
 * OFD (GB/T 33190): reports printed by Chromium to PDF, converted to OFD packages
 * the ways converters write them (fixtures/documents/ofd-writer.ts), read back
 * through `extract`: every value, none wrong, the page's title; broken packages
 * give an error naming the file and what is wrong.
 */
import type { Browser } from 'playwright-core';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDocumentWorkers, documentFormat, readDocument } from '../../src/extract/documents/index.js';
import { readPdfRaw } from '../../src/extract/documents/pdf.js';
import { deltas } from '../../src/extract/documents/ofd.js';
import { extract } from '../../src/extract/index.js';
import { htmlToPdf, launch } from '../../fixtures/documents/render.js';
import { synthDoc, toHtml } from '../../fixtures/documents/synthetic.js';
import { LAYOUTS, variationHtml, variationPrint } from '../../fixtures/documents/layout-variations.js';
import { OFD_STYLES, writeOfd } from '../../fixtures/documents/ofd-writer.js';
import type { PageItems } from '../../src/extract/documents/layout-words.js';

let browser: Browser;
beforeAll(async () => { browser = await launch(); }, 30_000);
afterAll(async () => { await browser?.close(); await closeDocumentWorkers(); });

async function pagesOf(pdf: Uint8Array): Promise<PageItems[]> {
  const raw = await readPdfRaw(pdf, 20_000);
  if (!raw?.ok) throw new Error('fixture PDF unreadable');
  return raw.pages;
}

async function printed(html: string, options?: Record<string, unknown>): Promise<Uint8Array> {
  if (!options) return htmlToPdf(browser, html);
  const page = await browser.newPage();
  try { await page.setContent(html); return new Uint8Array(await page.pdf(options)); } finally { await page.close(); }
}

const unruled = LAYOUTS.find((l) => l.name === 'wrapped-unruled')!;
const sources = [
  { name: 'ruled', html: (seed: number) => toHtml(synthDoc(seed)), print: undefined },
  { name: 'wrapped-unruled', html: (seed: number) => variationHtml(synthDoc(seed), unruled), print: variationPrint(unruled, '') },
];

describe.each(OFD_STYLES)('OFD written as $name', (style) => {
  it.each(sources)('reads a $name report back exactly', async (src) => {
    for (const seed of [4, 9]) {
      const d = synthDoc(seed);
      const ofd = writeOfd(await pagesOf(await printed(src.html(seed), src.print)), style, d.title);
      expect(documentFormat(ofd, {})).toBe('ofd');
      const x = await extract({ url: `http://127.0.0.1/nb/P0${seed}.ofd`, bytes: ofd });
      expect(x.ok, x.ok ? '' : x.error).toBe(true);
      if (!x.ok) return;
      expect(x.title).toBe(d.title);
      const keys = Object.keys(d.values);
      expect(keys.filter((k) => x.cells[k] !== undefined && x.cells[k] !== d.values[k]).map((k) => `${k}: ${x.cells[k]} for ${d.values[k]}`)).toEqual([]);
      expect(keys.filter((k) => x.cells[k] === undefined), x.warnings.join('\n')).toEqual([]);
      // Provenance: a value's page and box on it.
      expect(x.details.find((c) => c.key === 'applications.granted.total')?.provenance.page).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);
});

describe('OFD objects that are not drawn as page text', () => {
  it('leaves out text set at a slant (a watermark) and objects marked Visible="false"', async () => {
    const d = synthDoc(9);
    const files = unzipSync(writeOfd(await pagesOf(await printed(toHtml(d))), OFD_STYLES[0]!, d.title));
    let hiddenCopies = 0;
    for (const name of Object.keys(files).filter((n) => /Pages\/Page_\d+\/Content\.xml$/.test(n))) {
      let xml = strFromU8(files[name]!);
      const p = /<ofd:TextObject/.test(xml) ? 'ofd:' : '';
      // A watermark turned 30° across the page, with digits in it.
      const wm = `<${p}TextObject ID="99001" Boundary="20 120 170 40" Font="1" Size="9" CTM="0.866 -0.5 0.5 0.866 0 0"><${p}TextCode X="0" Y="9">某县人民政府 2023-05-06 仅供参考 3 5 7</${p}TextCode></${p}TextObject>`;
      // An undrawn copy of each one-digit value, shifted half a glyph: read, it would join the value.
      xml = xml.replace(new RegExp(`<${p}TextObject ID="(\\d+)"([^>]*)>(<${p}TextCode[^>]*>)(\\d)(</${p}TextCode></${p}TextObject>)`, 'g'), (m, id: string, a: string, code: string, v: string, end: string) => {
        hiddenCopies++;
        return `${m}<${p}TextObject ID="${Number(id) + 50000}" Visible="false"${a.replace(/Boundary="([\d.]+)/, (_x: string, x: string) => `Boundary="${Number(x) + 1.5}`)}>${code}${(Number(v) + 1) % 10}${end}`;
      });
      files[name] = strToU8(xml.replace(new RegExp(`(<${p}Layer[^>]*>)`), `$1${wm}`));
    }
    expect(hiddenCopies).toBeGreaterThan(20);
    const x = await extract({ url: 'http://127.0.0.1/nb/P09.ofd', bytes: zipSync(files) });
    expect(x.ok, x.ok ? '' : x.error).toBe(true);
    if (!x.ok) return;
    const keys = Object.keys(d.values);
    expect(keys.filter((k) => x.cells[k] !== undefined && x.cells[k] !== d.values[k]).map((k) => `${k}: ${x.cells[k]} for ${d.values[k]}`)).toEqual([]);
    expect(keys.filter((k) => x.cells[k] === undefined), x.warnings.join('\n')).toEqual([]);
    expect(x.warnings.some((w) => /page 1: 1 text run\(s\) set at a slant \(a watermark\?\) not read/.test(w)), x.warnings.join('\n')).toBe(true);
  }, 60_000);
});

describe('OFD packages that are not what they claim', () => {
  const zip = (files: Record<string, string>): Uint8Array => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
  it('names the file and the problem', async () => {
    const noDoc = zip({ 'OFD.xml': '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>' });
    expect(await readDocument(noDoc, { fileName: 'a.ofd' })).toMatchObject({ ok: false, error: 'a.ofd: OFD names no readable document (DocRoot Doc_0/Document.xml)' });
    const noPages = zip({
      'OFD.xml': '<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>',
      'Doc_0/Document.xml': '<Document><Pages><Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></Pages></Document>',
    });
    const r = await readDocument(noPages, { fileName: 'b.ofd' });
    expect(r).toMatchObject({ ok: false, error: 'b.ofd: OFD has no readable pages' });
    expect(r.warnings).toEqual(['b.ofd: page 1: content Pages/Page_0/Content.xml missing, left out']);
    const cut = (await (async () => { const d = synthDoc(1); return writeOfd(await pagesOf(await htmlToPdf(browser, toHtml(d))), OFD_STYLES[0]!, d.title); })()).subarray(0, 900);
    expect(await readDocument(cut, { fileName: 'c.ofd' })).toMatchObject({ ok: false, error: expect.stringMatching(/^c\.ofd: (OFD is corrupt or truncated|OFD could not be read)/) });
  }, 60_000);

  it('expands DeltaX runs', () => {
    expect(deltas('g 3 2.5 1 g 2 0.5')).toEqual([2.5, 2.5, 2.5, 1, 0.5, 0.5]);
    expect(deltas(null)).toEqual([]);
  });
});
