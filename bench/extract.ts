/**
 * Extraction throughput: pages/s per input style (synthetic reports rendered
 * as real sites print them), memory growth over 10,000 pages, and PDF pages/s
 * on the real published PDFs of the corpus. Prints a table, then one JSON line.
 *
 *   npm run bench:extract [-- --pages 2000] [--pdf-dir ../shared/corpus/pdf]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateReport, renderReport, RENDER_STYLES } from '../src/synth/index.js';
import { extract, extractText } from '../src/extract/index.js';
import { readDocument, closeDocumentWorkers } from '../src/extract/documents/index.js';

const { values: args } = parseArgs({ options: { pages: { type: 'string', default: '2000' }, 'pdf-dir': { type: 'string', default: '../shared/corpus/pdf' } } });
const PAGES = Number(args.pages);
const mb = (n: number) => Math.round(n / 1048576 * 10) / 10;

function styleThroughput(style: (typeof RENDER_STYLES)[number]): { style: string; pages_per_s: number } {
  const pages = Array.from({ length: PAGES }, (_, i) => renderReport(generateReport(i + 1), style));
  const fileName = style.startsWith('html') ? 'r.html' : style === 'markdown' ? 'r.md' : 'r.txt';
  const t0 = performance.now();
  let cells = 0;
  for (const p of pages) {
    const x = extractText(p, { fileName });
    if (x.ok) cells += x.details.length;
  }
  const s = (performance.now() - t0) / 1000;
  if (cells === 0) throw new Error(`${style}: no cells extracted`);
  return { style, pages_per_s: Math.round(PAGES / s) };
}

function memoryGrowth(n = 10_000): { pages: number; rss_growth_mb: number; heap_growth_mb: number } {
  const sample = RENDER_STYLES.map((s, i) => renderReport(generateReport(900_000 + i), s));
  const warm = () => { for (let i = 0; i < 500; i++) extractText(sample[i % sample.length]!, { fileName: 'r.html' }); };
  warm();
  global.gc?.();
  const before = process.memoryUsage();
  for (let i = 0; i < n; i++) extractText(sample[i % sample.length]!, { fileName: i % 2 ? 'r.txt' : 'r.html' });
  global.gc?.();
  const after = process.memoryUsage();
  return { pages: n, rss_growth_mb: mb(after.rss - before.rss), heap_growth_mb: mb(after.heapUsed - before.heapUsed) };
}

async function pdfThroughput(dir: string): Promise<{ files: number; pages: number; pages_per_s: number } | null> {
  if (!fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f));
  const inputs = files.map((f) => ({ f, bytes: new Uint8Array(fs.readFileSync(f)) }));
  let perRound = 0;
  for (const { f, bytes } of inputs) {
    const read = await readDocument(bytes, { fileName: f });
    if (read.ok) perRound += read.pages;
  }
  const ROUNDS = 3;
  const pages = perRound * ROUNDS;
  const t0 = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const { f, bytes } of inputs) {
      const x = await extract({ bytes, fileName: f });
      if (!x.ok) throw new Error(`${f}: ${x.error}`);
    }
  }
  const s = (performance.now() - t0) / 1000;
  return { files: files.length, pages, pages_per_s: Math.round(pages / s * 10) / 10 };
}

const styles = RENDER_STYLES.map(styleThroughput);
for (const r of styles) console.log(`${r.style.padEnd(12)} ${String(r.pages_per_s).padStart(7)} pages/s`);
const mem = memoryGrowth();
console.log(`memory       +${mem.rss_growth_mb} MB RSS, +${mem.heap_growth_mb} MB heap over ${mem.pages} pages`);
const pdf = await pdfThroughput(args['pdf-dir']!);
if (pdf) console.log(`pdf          ${pdf.pages_per_s} pages/s (extract end to end, ${pdf.files} files, ${pdf.pages} pages)`);
await closeDocumentWorkers();
console.log(JSON.stringify({ pages: PAGES, styles, memory: mem, pdf }));
