/**
 * bench:documents — reading speed (PDF pages/s, DOCX docs/s) and OCR accuracy
 * on image-only renders of synthetic reports (share of values read back).
 * Usage: npm run bench:documents [-- --pdfs 40 --docx 200 --ocr 10]
 */
import { readFileSync } from 'node:fs';
import { htmlToImagePdf, htmlToPdf, launch } from '../fixtures/documents/render.js';
import { recovered, synthDoc, toDocx, toHtml } from '../fixtures/documents/synthetic.js';
import { closeDocumentWorkers, readDocument } from '../src/extract/documents/index.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const NPDF = arg('pdfs', 40), NDOCX = arg('docx', 200), NOCR = arg('ocr', 10);

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

    let found = 0, total = 0, conf = 0, ocrPages = 0;
    t = performance.now();
    for (let s = 1001; s < 1001 + NOCR; s++) {
      const d = synthDoc(s);
      const r = await readDocument(await htmlToImagePdf(browser, toHtml(d)), { fileName: `scan-${s}.pdf` }, { timeoutMs: 120_000 });
      if (!r.ok || !r.ocr) { console.log(`scan-${s}.pdf: ${r.ok ? r.warnings.join('; ') : r.error}`); total += 200; continue; }
      const g = recovered(d, r.text, { fuzzyLabels: true });
      found += g.found; total += g.total; conf += r.confidence; ocrPages += r.pages;
    }
    const ocrSec = (performance.now() - t) / 1000;
    console.log(`OCR: ${NOCR} image-only PDFs (${ocrPages} pages, ${(ocrSec / Math.max(1, ocrPages)).toFixed(1)} s/page incl. rendering): ` +
      `${found}/${total} values read back = ${((100 * found) / Math.max(1, total)).toFixed(1)} %, mean tesseract confidence ${(conf / Math.max(1, NOCR)).toFixed(2)}`);
  } finally {
    await browser.close();
    await closeDocumentWorkers();
  }
}

await main();
