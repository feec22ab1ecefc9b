/**
 * OCR for scanned PDFs: poppler's pdftoppm renders pages, tesseract (chi_sim,
 * --psm 6, TSV) reads words with their boxes, which go through the same layout
 * as a text layer. Everything runs as child processes bounded by the deadline.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PageItems, TextItem } from './layout-words.js';

export type OcrResult = { ok: true; pages: PageItems[]; confidence: number } | { ok: false; error: string };

const DPI = 200;

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 << 20, killSignal: 'SIGKILL' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

let tools: Promise<string | null> | null = null;
/** null when OCR is possible, else what is missing. */
export function ocrMissing(): Promise<string | null> {
  tools ??= (async () => {
    try { await run('pdftoppm', ['-v'], 5000); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'pdftoppm (poppler-utils) is not installed'; }
    try {
      const langs = await run('tesseract', ['--list-langs'], 5000);
      if (!/\bchi_sim\b/.test(langs)) return 'tesseract has no chi_sim language (install tesseract-ocr-chi-sim)';
    } catch { return 'tesseract is not installed'; }
    return null;
  })();
  return tools;
}

export async function ocrPdf(bytes: Uint8Array, where: string, timeoutMs: number): Promise<OcrResult> {
  const missing = await ocrMissing();
  if (missing) return { ok: false, error: `${where}: cannot OCR: ${missing}` };
  const deadline = Date.now() + timeoutMs;
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-ocr-'));
  try {
    await writeFile(join(dir, 'in.pdf'), bytes);
    await run('pdftoppm', ['-r', String(DPI), '-gray', '-png', join(dir, 'in.pdf'), join(dir, 'p')], Math.max(1000, deadline - Date.now()));
    const images = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
    const pages: PageItems[] = [];
    let confSum = 0, confN = 0;
    for (const img of images) {
      const tsv = await run('tesseract', [join(dir, img), 'stdout', '-l', 'chi_sim', '--psm', '4', 'tsv'], Math.max(1000, deadline - Date.now()));
      const page = parseTsv(tsv);
      pages.push(page.page);
      confSum += page.confSum; confN += page.n;
    }
    return { ok: true, pages, confidence: confN ? Math.min(0.99, confSum / confN / 100) : 0 };
  } catch (err) {
    return { ok: false, error: `${where}: OCR failed: ${(err as Error).message}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Tesseract TSV (pixels, y down) → items in points, y up. */
export function parseTsv(tsv: string): { page: PageItems; confSum: number; n: number } {
  const scale = 72 / DPI;
  let height = 0, width = 0, confSum = 0, n = 0;
  const raw: { l: number; t: number; w: number; h: number; s: string }[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    const f = line.split('\t');
    if (f.length < 12) continue;
    const [level, , , , , , l, t, w, h, conf, ...rest] = f;
    const s = rest.join('\t').trim();
    if (level === '1') { width = Number(w); height = Number(h); continue; }
    if (level !== '5' || !s) continue;
    raw.push({ l: Number(l), t: Number(t), w: Number(w), h: Number(h), s });
    if (Number(conf) >= 0) { confSum += Number(conf); n++; }
  }
  const items: TextItem[] = raw.map((r) => ({ str: r.s, x: r.l * scale, y: (height - r.t - r.h) * scale, w: r.w * scale, h: Math.max(r.h * scale, 6) }));
  return { page: { width: width * scale, height: height * scale, items }, confSum, n };
}
