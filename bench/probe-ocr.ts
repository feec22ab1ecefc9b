/**
 * The OCR half of the document probe: each shared case with an HTML or text form is
 * printed to PDF (as the probe prints it), rasterised by pdftoppm at 200 dpi, made an
 * image-only PDF again (one page image per page, nothing else), and read by `extract`
 * under a neutral file name, so through OCR. Each cell is compared with what the case's
 * own text form reads (its gold, for every case the text form reads exactly):
 *
 *   right       the same value
 *   wrong       another value stated — split by how it was stated: `read` with OCR
 *               confidence ≥ HIGH — the bar below which OCR values are left out, so
 *               every value stated as read (the ones a researcher would trust) — and the rest
 *               (`inferred`, or below HIGH)
 *   left out    not stated (a cell OCR could not vouch for is left out with a warning)
 *
 *   npm run bench:probe-ocr -- [--variations a4-wqy,office-wqy] [--cases N] [--only ID,ID] [--dpi 200]
 *
 * `--only` keeps the cases whose id holds one of the strings given (the prints are made anew for another set).
 *
 * Targets (issue 11): ≥ 98 % of cells right and no wrong value read at high confidence.
 * Last line: JSON figures.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { corpusCases } from '../fixtures/documents/corpus-cases.js';
import { pdfName, renderAll } from '../fixtures/documents/probe-render.js';
import { VARIATIONS } from '../fixtures/documents/probe-variations.js';
import { imagePagesPdf, launch } from '../fixtures/documents/render.js';
import { closeDocumentWorkers } from '../src/extract/documents/index.js';
import { extract, extractText } from '../src/extract/index.js';
import { OCR_SURE } from '../src/extract/documents/layout-render.js';
import { arg } from './measure/args.js';

const run = promisify(execFile);
const NAMES = arg('variations', 'a4-wqy').split(',');
const DPI = Number(arg('dpi', '200'));
// High confidence: what the extractor states as read on an OCR'd page (below it, a value is left out).
const HIGH = OCR_SURE / 100;

/** A left-out reason with what varies from cell to cell (the text read, confidences, counts) taken out, so reasons tally. */
const reasonOf = (why: string): string => why.replace(/\(read "[^"]*"\)/, '').replace(/"[^"]*"/g, '"…"')
  .replace(/\d+\.\d+/g, 'N').replace(/(?<!\ba )\b\d+\b/g, 'N').replace(/\s+/g, ' ').trim();

async function main(): Promise<void> {
  const only = arg('only', '').split(',').filter(Boolean);
  const cases = corpusCases().filter((c) => !only.length || only.some((o) => c.id.includes(o))).slice(0, Number(arg('cases', '1000')));
  const variations = VARIATIONS.filter((v) => NAMES.includes(v.name));
  if (variations.length !== NAMES.length) throw new Error(`unknown variation in ${NAMES.join(', ')}; known: ${VARIATIONS.map((v) => v.name).join(', ')}`);
  const dir = path.join(os.tmpdir(), `nianbao-probe-ocr-${createHash('sha256').update(cases.map((c) => c.id + c.source).join('\n') + NAMES.join()).digest('hex').slice(0, 12)}`);
  const t0 = Date.now();
  if (!fs.existsSync(path.join(dir, 'complete'))) {
    await renderAll(cases, variations, dir);
    fs.writeFileSync(path.join(dir, 'complete'), '');
  }
  console.log(`${cases.length} cases × ${variations.length} prints (${NAMES.join(', ')}), rasterised at ${DPI} dpi and read through OCR; high confidence = OCR confidence ≥ ${HIGH}`);
  const browser = await launch();
  const total = { cells: 0, right: 0, wrongHigh: 0, wrongOther: 0, left: 0, pages: 0, failed: 0 };
  const wrongs: string[] = [];
  const reasons = new Map<string, number>();
  // HTML forms print as ruled tables, as real reports do; text forms print as the text itself —
  // pipe rows or one cell a line — which a scan of a real report seldom looks like.
  const byForm: Record<string, { cases: number; cells: number; right: number; wrong: number; left: number }> = {};
  try {
    for (const c of cases) {
      const text = extractText(c.source, { fileName: c.form === 'html' ? 'case.html' : 'case.txt' });
      if (!text.ok) continue;
      for (const v of variations) {
        const pdf = path.join(dir, pdfName(c.id, v.name));
        const prefix = path.join(dir, `${c.id}.${v.name}.r${DPI}`);
        if (!fs.existsSync(`${prefix}.scan.pdf`)) {
          await run('pdftoppm', ['-r', String(DPI), '-png', pdf, prefix]);
          const pngs = fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.png')).sort().map((f) => path.join(dir, f));
          fs.writeFileSync(`${prefix}.scan.pdf`, await imagePagesPdf(browser, pngs.map((f) => fs.readFileSync(f)), DPI));
          for (const p of pngs) fs.rmSync(p);
        }
        const r = await extract({ bytes: new Uint8Array(fs.readFileSync(`${prefix}.scan.pdf`)), fileName: 'document.pdf' });
        const line = { cells: 0, right: 0, wrongHigh: 0, wrongOther: 0, left: 0 };
        if (!r.ok) { total.failed++; console.log(`  ${c.id} ${v.name}: not read: ${r.error}`); }
        const details = new Map((r.ok ? r.details : []).map((d) => [d.key, d]));
        // Why each cell left out was: the warning naming its key, else its row's or table's.
        const named = new Map((r.ok ? r.warnings : []).flatMap((w) => { const m = /^([a-z_.]+): left out: (.*)$/.exec(w); return m ? [[m[1]!, reasonOf(m[2]!)]] : []; }));
        for (const k of new Set([...Object.keys(text.cells), ...details.keys()])) {
          const want = text.cells[k];
          const d = details.get(k);
          if (k in text.cells) line.cells++;
          if (!d) { line.left++; if (k in text.cells) { const why = named.get(k) ?? 'its row or table not read'; reasons.set(why, (reasons.get(why) ?? 0) + 1); } continue; }
          if (d.value === want) { line.right++; continue; }
          const high = d.how === 'read' && (d.confidence ?? 1) >= HIGH;
          if (high) line.wrongHigh++; else line.wrongOther++;
          wrongs.push(`${c.id} ${v.name} ${k}: ${want === undefined ? '(not stated)' : want} read as ${d.value} (${d.how}, confidence ${d.confidence?.toFixed(2) ?? '—'})`);
        }
        for (const [key, n] of Object.entries(line)) (total as Record<string, number>)[key] = ((total as Record<string, number>)[key] ?? 0) + n;
        const f = (byForm[c.form] ??= { cases: 0, cells: 0, right: 0, wrong: 0, left: 0 });
        f.cases++; f.cells += line.cells; f.right += line.right; f.wrong += line.wrongHigh + line.wrongOther; f.left += line.left;
        console.log(`  ${c.id.padEnd(40)} ${v.name.padEnd(12)} ${line.right}/${line.cells} right, ${line.wrongHigh + line.wrongOther} wrong (${line.wrongHigh} at high confidence), ${line.left} left out`);
      }
    }
  } finally {
    await browser.close();
    await closeDocumentWorkers();
  }
  const pct = (a: number) => `${((100 * a) / Math.max(total.cells, 1)).toFixed(2)} %`;
  console.log(`\ncells ${total.cells}: right ${total.right} (${pct(total.right)}), wrong ${total.wrongHigh + total.wrongOther} (${total.wrongHigh} read at high confidence, ${total.wrongOther} inferred or low), left out ${total.left} (${pct(total.left)}); ${total.failed} documents not read; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const w of wrongs.slice(0, 20)) console.log(`  wrong: ${w}`);
  for (const [form, f] of Object.entries(byForm)) console.log(`  ${form} forms (${f.cases} prints): ${f.cells} cells, right ${f.right} (${((100 * f.right) / Math.max(f.cells, 1)).toFixed(1)} %), wrong ${f.wrong}, left out ${f.left}`);
  console.log('cells left out, by reason:');
  for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${why}`);
  console.log(JSON.stringify({ variations: NAMES, dpi: DPI, high: HIGH, ...total, by_form: byForm, right_pct: Number(((100 * total.right) / Math.max(total.cells, 1)).toFixed(2)) }));
}

await main();
process.exit(0);
