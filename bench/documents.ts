/**
 * bench:documents — reading speed (PDF pages/s, DOCX docs/s) and OCR accuracy
 * on image-only renders of synthetic reports, through `extract`: cells right, wrong, left out.
 * Usage: npm run bench:documents [-- --pdfs 40 --docx 200 --ocr 10]
 */
import { readFileSync } from 'node:fs';
import { htmlToImagePdf, htmlToPdf, launch } from '../fixtures/documents/render.js';
import { synthDoc, toDocx, toHtml } from '../fixtures/documents/synthetic.js';
import { extract } from '../src/extract/index.js';
import { closeDocumentWorkers, readDocument } from '../src/extract/documents/index.js';
import { arg } from './measure/args.js';

const NPDF = Number(arg('pdfs', '40')), NDOCX = Number(arg('docx', '200')), NOCR = Number(arg('ocr', '10'));

async function main(): Promise<void> {
  const browser = await launch();
  try {
    // Inputs are made first so only reading is timed.
    const pdfs: Uint8Array[] = [];
    for (let s = 1; s <= NPDF; s++) pdfs.push(await htmlToPdf(browser, toHtml(synthDoc(s))));
    for (const id of ['hongze-2023', 'hongze-2024']) pdfs.push(new Uint8Array(readFileSync(`/work/shared/corpus/pdf/${id}.pdf`)));
    await readDocument(pdfs[0]!, { fileName: 'warmup.pdf' });
    let pages = 0;
    let t = performance.now();
    for (const [i, b] of pdfs.entries()) { const r = await readDocument(b, { fileName: `b${i}.pdf` }); if (r.ok) pages += r.pages; }
    const pdfSec = (performance.now() - t) / 1000;
    console.log(`PDF  (text layer): ${pdfs.length} docs, ${pages} pages in ${pdfSec.toFixed(2)} s → ${(pages / pdfSec).toFixed(1)} pages/s`);

    const docs: Uint8Array[] = [];
    for (let s = 1; s <= NDOCX; s++) docs.push(await toDocx(synthDoc(s)));
    t = performance.now();
    for (const [i, b] of docs.entries()) await readDocument(b, { fileName: `b${i}.docx` });
    const docxSec = (performance.now() - t) / 1000;
    console.log(`DOCX: ${docs.length} docs in ${docxSec.toFixed(2)} s → ${(docs.length / docxSec).toFixed(1)} docs/s`);

    // OCR judged as extraction is: cells stated right, stated wrong, left out (a cell left out is
    // visible, a wrong one gets cited), through `extract` on image-only PDFs of synthetic reports.
    let right = 0, wrong = 0, leftOut = 0, total = 0, ocrPages = 0;
    const wrongAt: string[] = [];
    t = performance.now();
    for (let s = 1001; s < 1001 + NOCR; s++) {
      const d = synthDoc(s);
      const pdf = await htmlToImagePdf(browser, toHtml(d));
      const x = await extract({ url: `http://127.0.0.1/nb/scan-${s}.pdf`, bytes: pdf });
      const keys = Object.keys(d.values);
      total += keys.length;
      if (!x.ok) { console.log(`scan-${s}.pdf: ${x.error}`); leftOut += keys.length; continue; }
      for (const k of keys) {
        if (x.cells[k] === undefined) leftOut++;
        else if (x.cells[k] === d.values[k]) right++;
        else { wrong++; wrongAt.push(`scan-${s} ${k}: ${x.cells[k]} for ${d.values[k]}`); }
      }
      const r = await readDocument(pdf, { fileName: `scan-${s}.pdf` }, { ocr: false });
      ocrPages += r.ok ? r.pages : 0;
    }
    const ocrSec = (performance.now() - t) / 1000;
    const pct = (n: number): string => `${((100 * n) / Math.max(1, total)).toFixed(1)} %`;
    console.log(`OCR: ${NOCR} image-only PDFs (${ocrPages} pages, ${(ocrSec / Math.max(1, ocrPages)).toFixed(1)} s/page incl. rendering): `
      + `${total} cells, right ${right} (${pct(right)}), wrong values stated ${wrong} (${pct(wrong)}), left out ${leftOut} (${pct(leftOut)})`);
    for (const w of wrongAt.slice(0, 10)) console.log(`  wrong: ${w}`);
  } finally {
    await browser.close();
    await closeDocumentWorkers();
  }
}

await main();
