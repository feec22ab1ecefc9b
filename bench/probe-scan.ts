/**
 * Scans as they come off a feeder: synthetic reports in the template's own grid (as most
 * portals' Word tables print) printed to A4 by Chromium, rasterised by pdftoppm, then turned,
 * blurred and rasterised at a lower resolution, one degradation at a time and together, fed
 * sideways or upside down, and
 * read through OCR by `extract`. Each cell is compared with the report it was printed from:
 * right, wrong (stated as read at OCR confidence ≥ the bar below which values are left out,
 * or not), left out. Then the same reports' tables pasted into a page as pictures (captured
 * at 100 % with 14 or 12 px text, as JPEG, the whole page in one capture, a red seal stamped
 * over each table) and read with the page.
 *
 *   npm run bench:probe-scan -- [--seeds 1,2,3]
 *
 * Last line: JSON figures per degradation.
 */
import type { Browser } from 'playwright-core';
import { launch, printedScanPdf, tableShots } from '../fixtures/documents/render.js';
import { closeDocumentWorkers } from '../src/extract/documents/index.js';
import { OCR_SURE } from '../src/extract/documents/layout-render.js';
import { extract } from '../src/extract/index.js';
import type { ExtractionResult } from '../src/model/report.js';
import { generateReport, renderReport } from '../src/synth/index.js';
import { arg } from './measure/args.js';

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
  // Sheets fed sideways (both ways) and upside down, a little askew as a feeder leaves them.
  { name: 'fed sideways (quarter turn clockwise), 0.5°', deg: 0.5, dpi: 200, quarterTurns: 1 },
  { name: 'fed sideways (quarter turn anticlockwise)', deg: 0, dpi: 200, quarterTurns: 3 },
  { name: 'fed upside down', deg: 0, dpi: 200, quarterTurns: 2 },
  // Pages stored as JPEG, as most scanners store them: light grey rings around every stroke.
  { name: 'stored as JPEG q40, 200 dpi', deg: 0, dpi: 200, jpegQuality: 40 },
  { name: 'turned 0.6°, stored as JPEG q60', deg: 0.6, dpi: 200, jpegQuality: 60 },
] as const;

interface Tally { cells: number; right: number; wrongHigh: number; wrongOther: number; left: number; seconds: number }

/**
 * Tables pasted into a report page as pictures: each table captured on its own (as a screen
 * capture tool does) or the whole page at once, then read with the page through `extract`.
 */
const CAPTURES = [
  { name: 'captured tables, 100 %, 14 px text', px: 14, zoom: 1 },
  { name: 'captured tables, 100 %, 12 px text', px: 12, zoom: 1 },
  { name: 'captured tables, JPEG q70, 150 %', px: 14, zoom: 1.5, jpegQuality: 70 },
  { name: 'whole page captured, 100 %', px: 14, zoom: 1, whole: true },
  { name: 'captured tables, red seal over each', px: 14, zoom: 1, seal: true },
] as const;
const SEAL = '<div style="position:absolute;left:380px;top:60px;width:150px;height:150px;border:5px solid #d22;border-radius:50%;color:#d22;font-size:20px;text-align:center;line-height:150px;mix-blend-mode:multiply">★ 人民政府 ★</div>';

async function captures(browser: Browser, html: string, c: (typeof CAPTURES)[number]): Promise<Buffer[]> {
  if ('whole' in c) {
    const p = await browser.newPage({ viewport: { width: 900, height: 800 } });
    try { await p.setContent(html); return [await p.screenshot({ fullPage: true })]; } finally { await p.close(); }
  }
  const sealed = 'seal' in c ? html.replace(/<table/g, '<div style="position:relative;display:inline-block"><table').replace(/<\/table>/g, `</table>${SEAL}</div>`) : html;
  return tableShots(browser, sealed, { zoom: c.zoom, ...('jpegQuality' in c ? { jpegQuality: c.jpegQuality } : {}) });
}

function tallyInto(t: Tally, x: ExtractionResult, cells: Record<string, number | null>): string[] {
  const details = new Map((x.ok ? x.details : []).map((c) => [c.key, c]));
  const wrong: string[] = [];
  for (const [k, v] of Object.entries(cells)) {
    t.cells++;
    const c = details.get(k);
    if (!c) { t.left++; continue; }
    if (c.value === v) { t.right++; continue; }
    if (c.how === 'read' && (c.confidence ?? 1) >= HIGH) t.wrongHigh++; else t.wrongOther++;
    wrong.push(`${k}=${c.value} (printed ${v})`);
  }
  return wrong;
}

async function main(): Promise<void> {
  const browser: Browser = await launch();
  const tallies = new Map<string, Tally>();
  console.log(`${SEEDS.length} reports (seeds ${SEEDS.join(', ')}) × ${DEGRADATIONS.length} scans and ${CAPTURES.length} captures; high confidence = OCR confidence ≥ ${HIGH}`);
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
        const wrong = tallyInto(t, x, rep.cells);
        console.log(`  seed ${seed}  ${d.name.padEnd(42)} ${x.ok ? '' : `not read: ${x.error} `}${wrong.length ? `wrong: ${wrong.slice(0, 3).join(', ')}` : ''}`);
      }
      for (const c of CAPTURES) {
        const t = tallies.get(c.name) ?? { cells: 0, right: 0, wrongHigh: 0, wrongOther: 0, left: 0, seconds: 0 };
        tallies.set(c.name, t);
        const shown = renderReport(rep, 'html-grid').replace('<head>', `<head>${STYLE.replace('12px', `${c.px}px`)}`);
        const images = await captures(browser, shown, c);
        const title = /<title>([^<]*)<\/title>/.exec(shown)?.[1] ?? '';
        const page = `<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${images.map((_, i) => `<p><img src="${i + 1}.png"></p>`).join('')}</body></html>`;
        const t0 = Date.now();
        const x = await extract({ fileName: 'page.html', bytes: new TextEncoder().encode(page), images: images.map((b, i) => ({ src: `${i + 1}.png`, bytes: new Uint8Array(b) })) });
        t.seconds += (Date.now() - t0) / 1000;
        const wrong = tallyInto(t, x, rep.cells);
        console.log(`  seed ${seed}  ${c.name.padEnd(42)} ${x.ok ? '' : `not read: ${x.error} `}${wrong.length ? `wrong: ${wrong.slice(0, 3).join(', ')}` : ''}`);
      }
    }
  } finally {
    await browser.close();
    await closeDocumentWorkers();
  }
  const pct = (a: number, n: number) => `${((100 * a) / Math.max(n, 1)).toFixed(1)} %`;
  console.log('\nscan or capture                              cells  right            wrong (high)  left out  OCR s/scan');
  for (const [name, t] of tallies) {
    console.log(`${name.padEnd(42)} ${String(t.cells).padStart(6)}  ${String(t.right).padStart(5)} (${pct(t.right, t.cells).padStart(7)})  ${String(t.wrongHigh + t.wrongOther).padStart(5)} (${t.wrongHigh})  ${String(t.left).padStart(8)}  ${(t.seconds / SEEDS.length).toFixed(1)}`);
  }
  console.log(JSON.stringify({ seeds: SEEDS, high: HIGH, scans: Object.fromEntries(tallies) }));
}

await main();
process.exit(0);
