/**
 * Scans as they come off a feeder: synthetic reports in the template's own grid (as most
 * portals' Word tables print) printed to A4 by Chromium, rasterised by pdftoppm, then turned,
 * blurred and rasterised at a lower resolution, one degradation at a time and together, and
 * read through OCR by `extract`. Each cell is compared with the report it was printed from:
 * right, wrong (stated as read at OCR confidence ≥ the bar below which values are left out,
 * or not), left out.
 *
 *   npm run bench:probe-scan -- [--seeds 1,2,3]
 *
 * Last line: JSON figures per degradation.
 */
import type { Browser } from 'playwright-core';
import { launch, printedScanPdf } from '../fixtures/documents/render.js';
import { closeDocumentWorkers } from '../src/extract/documents/index.js';
import { OCR_SURE } from '../src/extract/documents/layout-render.js';
import { extract } from '../src/extract/index.js';
import { generateReport, renderReport } from '../src/synth/index.js';

const arg = (name: string, dflt: string): string => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1]! : dflt; };
const SEEDS = arg('seeds', '1,2,3').split(',').map(Number);
const HIGH = OCR_SURE / 100;
const STYLE = '<style>body{font-family:"WenQuanYi Micro Hei";font-size:12px} table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px}</style>';

const DEGRADATIONS = [
  { name: 'level, 200 dpi', deg: 0, dpi: 200 },
  { name: 'turned 0.6°', deg: 0.6, dpi: 200 },
  { name: 'turned −1.5°', deg: -1.5, dpi: 200 },
  { name: 'blurred 0.7 px', deg: 0, blurPx: 0.7, dpi: 200 },
  { name: 'level, 150 dpi', deg: 0, dpi: 150 },
  { name: 'turned 0.8°, blurred, contrast, 150 dpi', deg: 0.8, blurPx: 0.5, contrast: 1.3, dpi: 150 },
] as const;

interface Tally { cells: number; right: number; wrongHigh: number; wrongOther: number; left: number; seconds: number }

async function main(): Promise<void> {
  const browser: Browser = await launch();
  const tallies = new Map<string, Tally>();
  console.log(`${SEEDS.length} reports (seeds ${SEEDS.join(', ')}) × ${DEGRADATIONS.length} scans; high confidence = OCR confidence ≥ ${HIGH}`);
  try {
    for (const seed of SEEDS) {
      const rep = generateReport(seed);
      const html = renderReport(rep, 'html-grid').replace('<head>', `<head>${STYLE}`);
      for (const d of DEGRADATIONS) {
        const t = tallies.get(d.name) ?? { cells: 0, right: 0, wrongHigh: 0, wrongOther: 0, left: 0, seconds: 0 };
        tallies.set(d.name, t);
        const pdf = await printedScanPdf(browser, html, d);
        const t0 = Date.now();
        const x = await extract({ fileName: 'document.pdf', bytes: pdf });
        t.seconds += (Date.now() - t0) / 1000;
        const details = new Map((x.ok ? x.details : []).map((c) => [c.key, c]));
        const wrong: string[] = [];
        for (const [k, v] of Object.entries(rep.cells)) {
          t.cells++;
          const c = details.get(k);
          if (!c) { t.left++; continue; }
          if (c.value === v) { t.right++; continue; }
          if (c.how === 'read' && (c.confidence ?? 1) >= HIGH) t.wrongHigh++; else t.wrongOther++;
          wrong.push(`${k}=${c.value} (printed ${v})`);
        }
        console.log(`  seed ${seed}  ${d.name.padEnd(42)} ${x.ok ? '' : `not read: ${x.error} `}${wrong.length ? `wrong: ${wrong.slice(0, 3).join(', ')}` : ''}`);
      }
    }
  } finally {
    await browser.close();
    await closeDocumentWorkers();
  }
  const pct = (a: number, n: number) => `${((100 * a) / Math.max(n, 1)).toFixed(1)} %`;
  console.log('\nscan                                        cells  right            wrong (high)  left out  OCR s/scan');
  for (const [name, t] of tallies) {
    console.log(`${name.padEnd(42)} ${String(t.cells).padStart(6)}  ${String(t.right).padStart(5)} (${pct(t.right, t.cells).padStart(7)})  ${String(t.wrongHigh + t.wrongOther).padStart(5)} (${t.wrongHigh})  ${String(t.left).padStart(8)}  ${(t.seconds / SEEDS.length).toFixed(1)}`);
  }
  console.log(JSON.stringify({ seeds: SEEDS, high: HIGH, scans: Object.fromEntries(tallies) }));
}

await main();
process.exit(0);
