/**
 * Extraction speed, measured side by side:
 *  - the HTML-table path on portal report pages (20–80 KB, with site chrome)
 *    against a bare `cheerio.load` of the same pages in the same run: warmed up,
 *    rounds alternating which goes first, median and range of the per-round ratio;
 *  - flattened-text pages (one cell per line, the text-lines style) per CPU-second
 *    of one core, and every other render style: each measured twice, alone in a
 *    process of its own (the JIT has seen only that style) and in this process after
 *    the HTML pages (as in a nightly run, where formats mix — V8's caches then hold
 *    every shape of token, and the same code runs slower);
 *  - the extraction pool: throughput with 1 worker and with one per core;
 *  - memory growth over 10,000 pages, and PDF pages/s on the corpus PDFs.
 * Prints a table, then one JSON line.
 *
 *   npm run bench:extract [-- --pages 300 --rounds 7 --pdf-dir ../shared/corpus/pdf]
 */
import fs from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import * as cheerio from 'cheerio';
import { generateReport, renderReport, RENDER_STYLES } from '../src/synth/index.js';
import { extract, extractText } from '../src/extract/index.js';
import { htmlTokens } from '../src/extract/tokens.js';
import { ExtractPool } from '../src/extract/extract-pool.js';
import { readDocument, closeDocumentWorkers } from '../src/extract/documents/index.js';
import { portalPages } from './portal-pages.js';

const { values: args } = parseArgs({ options: {
  pages: { type: 'string', default: '300' }, rounds: { type: 'string', default: '7' }, 'pdf-dir': { type: 'string', default: '../shared/corpus/pdf' },
  'style-alone': { type: 'string' },
} });
const PAGES = Number(args.pages);
const ROUNDS = Number(args.rounds);
const mb = (n: number) => Math.round(n / 1048576 * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };
const spread = (xs: number[]) => ({ median: r2(median(xs)), min: r2(Math.min(...xs)), max: r2(Math.max(...xs)) });

/** CPU and wall time of one pass over `items`, per item (ms). */
function pass<T>(items: readonly T[], f: (x: T) => unknown): { cpu: number; wall: number } {
  const c0 = process.cpuUsage(), t0 = performance.now();
  for (const x of items) f(x);
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000 / items.length, wall: (performance.now() - t0) / items.length };
}

function htmlVsCheerio(pages: readonly string[]) {
  const extractPage = (p: string) => { const x = extractText(p, { fileName: 'r.html' }); if (!x.ok || x.details.length === 0) throw new Error('no cells'); };
  const runs = { cheerio: (p: string) => cheerio.load(p), extract: extractPage, walk: (p: string) => htmlTokens(p) };
  for (let w = 0; w < 2; w++) for (const f of Object.values(runs)) pass(pages, f);
  const ms: Record<keyof typeof runs, number[]> = { cheerio: [], extract: [], walk: [] };
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate who goes first: neither gets the warmer caches every time.
    const order = (r % 2 ? ['extract', 'walk', 'cheerio'] : ['cheerio', 'walk', 'extract']) as (keyof typeof runs)[];
    const round: Partial<Record<keyof typeof runs, number>> = {};
    for (const k of order) { global.gc?.(); round[k] = pass(pages, runs[k]).cpu; ms[k].push(round[k]!); }
    ratios.push(round.extract! / round.cheerio!);
  }
  const kb = pages.map((p) => Buffer.byteLength(p) / 1024);
  return {
    pages: pages.length, kb: { min: Math.round(Math.min(...kb)), median: Math.round(median(kb)), max: Math.round(Math.max(...kb)) },
    cheerio_load_ms: spread(ms.cheerio), extract_ms: spread(ms.extract), walk_ms: spread(ms.walk), ratio_to_cheerio_load: spread(ratios),
  };
}

function styleThroughput(style: (typeof RENDER_STYLES)[number]) {
  const pages = Array.from({ length: PAGES }, (_, i) => renderReport(generateReport(i + 1), style));
  const fileName = style.startsWith('html') ? 'r.html' : style === 'markdown' ? 'r.md' : 'r.txt';
  const f = (p: string) => { const x = extractText(p, { fileName }); if (!x.ok || !x.details.length) throw new Error(`${style}: no cells`); };
  for (let w = 0; w < 2; w++) pass(pages, f);
  const cpu: number[] = [];
  for (let r = 0; r < ROUNDS; r++) cpu.push(pass(pages, f).cpu);
  return { style, pages_per_cpu_s: spread(cpu.map((ms) => 1000 / ms)) };
}

async function poolScaling(pages: readonly string[]) {
  const docs = pages.map((p, i) => ({ fileName: `p${i}.html`, bytes: new TextEncoder().encode(p) }));
  const out: { workers: number; pages_per_s: number }[] = [];
  for (const workers of [1, availableParallelism()]) {
    const pool = new ExtractPool({ workers });
    await Promise.all(docs.slice(0, workers * 4).map((d) => pool.extract(d))); // start and warm the workers
    const t0 = performance.now();
    const rs = await Promise.all(docs.map((d) => pool.extract(d)));
    const s = (performance.now() - t0) / 1000;
    await pool.close();
    if (rs.some((r) => !r.ok)) throw new Error('pool: a page failed');
    out.push({ workers, pages_per_s: Math.round(docs.length / s) });
  }
  return { runs: out, speedup: r2(out[1]!.pages_per_s / out[0]!.pages_per_s) };
}

function memoryGrowth(n = 10_000) {
  const sample = RENDER_STYLES.map((s, i) => renderReport(generateReport(900_000 + i), s));
  for (let i = 0; i < 500; i++) extractText(sample[i % sample.length]!, { fileName: 'r.html' });
  global.gc?.();
  const before = process.memoryUsage();
  for (let i = 0; i < n; i++) extractText(sample[i % sample.length]!, { fileName: i % 2 ? 'r.txt' : 'r.html' });
  global.gc?.();
  const after = process.memoryUsage();
  return { pages: n, rss_growth_mb: mb(after.rss - before.rss), heap_growth_mb: mb(after.heapUsed - before.heapUsed) };
}

async function pdfThroughput(dir: string) {
  if (!fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f));
  const inputs = files.map((f) => ({ f, bytes: new Uint8Array(fs.readFileSync(f)) }));
  let perRound = 0;
  for (const { f, bytes } of inputs) { const read = await readDocument(bytes, { fileName: f }); if (read.ok) perRound += read.pages; }
  const t0 = performance.now();
  for (let round = 0; round < 3; round++) {
    for (const { f, bytes } of inputs) { const x = await extract({ bytes, fileName: f }); if (!x.ok) throw new Error(`${f}: ${x.error}`); }
  }
  const s = (performance.now() - t0) / 1000;
  return { files: files.length, pages: perRound * 3, pages_per_s: Math.round(perRound * 3 / s * 10) / 10 };
}

/** One style's throughput measured in a fresh process (this script, asked for that style only). */
function styleAlone(style: (typeof RENDER_STYLES)[number]): ReturnType<typeof styleThroughput> {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--style-alone', style, '--pages', String(PAGES), '--rounds', String(ROUNDS)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

if (args['style-alone']) {
  console.log(JSON.stringify(styleThroughput(args['style-alone'] as (typeof RENDER_STYLES)[number])));
  process.exit(0);
}

const portal = portalPages(PAGES);
const html = htmlVsCheerio(portal);
console.log(`portal pages   ${html.pages} pages, ${html.kb.min}–${html.kb.max} KB (median ${html.kb.median})`);
console.log(`cheerio.load   ${html.cheerio_load_ms.median} ms/page CPU (${html.cheerio_load_ms.min}–${html.cheerio_load_ms.max})`);
console.log(`HTML walk      ${html.walk_ms.median} ms/page CPU (${html.walk_ms.min}–${html.walk_ms.max})`);
console.log(`extract        ${html.extract_ms.median} ms/page CPU (${html.extract_ms.min}–${html.extract_ms.max})`);
console.log(`ratio          extract / cheerio.load = ${html.ratio_to_cheerio_load.median} (${html.ratio_to_cheerio_load.min}–${html.ratio_to_cheerio_load.max} over ${ROUNDS} rounds; target ≤ 1.5)`);
const styles = RENDER_STYLES.map((style) => ({ style, alone: styleAlone(style).pages_per_cpu_s, after_html: styleThroughput(style).pages_per_cpu_s }));
const rate = (s: { median: number; min: number; max: number }) => `${String(Math.round(s.median)).padStart(5)} (${Math.round(s.min)}–${Math.round(s.max)})`;
console.log('pages per CPU-second   alone in a process   after the HTML pages');
for (const s of styles) console.log(`${s.style.padEnd(14)}         ${rate(s.alone).padEnd(21)}${rate(s.after_html)}${s.style === 'text-lines' ? '   target ≥ 2,000 (flattened text)' : ''}`);
const pool = await poolScaling(portal);
console.log(`pool           ${pool.runs.map((r) => `${r.workers} worker${r.workers > 1 ? 's' : ''}: ${r.pages_per_s} pages/s`).join(', ')} (×${pool.speedup})`);
const mem = memoryGrowth();
console.log(`memory         +${mem.rss_growth_mb} MB RSS, +${mem.heap_growth_mb} MB heap over ${mem.pages} pages`);
const pdf = await pdfThroughput(args['pdf-dir']!);
if (pdf) console.log(`pdf            ${pdf.pages_per_s} pages/s (extract end to end, ${pdf.files} files, ${pdf.pages} pages)`);
await closeDocumentWorkers();
console.log(JSON.stringify({ rounds: ROUNDS, html, styles, pool, memory: mem, pdf }));
