/**
 * PDF → text: the text layer where it is readable, OCR where there is none (a
 * scan) or where it is broken (fonts without a Unicode map), page by page, then
 * one layout over all pages. A broken layer is never read: its "digits" may be
 * glyph numbers.
 */
import type { DocumentRead } from './index.js';
import { layoutPages } from './layout.js';
import type { PageItems } from './layout-words.js';
import { ocrPdf, turnedWarning } from './ocr.js';
import { snapLine } from './ocr-labels.js';
import { readPdfRaw } from './pdf.js';
import { checkTextLayer } from './text-layer-check.js';
import { slantedWarning } from './slant.mjs';

const GENERIC_TITLE = /^(政府信息公开工作年度报告|untitled|about:blank|microsoft word.*|wps.*|\s*)$/i;
/** OCR word boxes sit further apart than text-layer runs: the gap, in glyph heights, that separates cells. */
export const OCR_CELL_GAP = 1.6;

export async function readPdf(bytes: Uint8Array, where: string, opts: { timeoutMs: number; ocr: boolean; ocrPageMs: number }): Promise<DocumentRead> {
  const { timeoutMs, ocr } = opts;
  const raw = await readPdfRaw(bytes, timeoutMs);
  if (raw === null) return { ok: false, error: `${where}: PDF timed out after ${timeoutMs} ms (abandoned)`, warnings: [] };
  if (!raw.ok) return { ok: false, error: `${where}: ${pdfProblem(raw.name, raw.message)}`, warnings: [] };
  const n = raw.pages.length;
  const chars = raw.pages.reduce((k, p) => k + p.items.reduce((m, i) => m + i.str.trim().length, 0), 0);
  const warnings: string[] = [];
  // Pages to OCR: all of a scan (no text layer to speak of), else those whose layer is broken.
  let redo: number[];
  if (chars < (20 * Math.max(1, n)) / 4) {
    warnings.push(`${where}: PDF has no text layer (scanned, ${n} page(s))`);
    redo = raw.pages.map((_, i) => i + 1);
  } else {
    redo = [];
    raw.pages.forEach((p, i) => {
      const v = checkTextLayer(p.items.map((it) => it.str).join(''));
      if (v.readable) return;
      redo.push(i + 1);
      warnings.push(`${where}: page ${i + 1}: the text layer is unreadable (${v.why}; fonts without a Unicode map), ${ocr ? 'read by OCR' : 'not read'}`);
    });
  }
  raw.pages.forEach((p, i) => {
    if (p.slanted && !redo.includes(i + 1)) warnings.push(slantedWarning(where, i + 1, p.slanted));
  });
  const pages: PageItems[] = raw.pages.map((p, i) => (redo.includes(i + 1) ? { ...p, items: [], rules: [] } : p));
  let confidence = 1;
  if (redo.length) {
    if (!ocr) warnings.push('OCR disabled');
    else {
      const o = await ocrPdf(bytes, where, opts.ocrPageMs * redo.length, redo);
      if (!o.ok) warnings.push(o.error);
      else {
        redo.forEach((num, k) => { pages[num - 1] = { ...o.pages[k]!, cellGap: OCR_CELL_GAP }; });
        confidence = o.confidence;
        for (const t of o.turned) warnings.push(turnedWarning(where, 'page', redo[t.page - 1]!, t.degrees));
      }
    }
  }
  const ocrUsed = confidence < 1;
  if (pages.every((p) => p.items.length === 0)) return { ok: true, format: 'pdf', pages: n, text: '', title: null, ocr: false, confidence: 0, warnings };
  const laid = layoutPages(pages);
  // Labels on OCR'd pages snapped to the template's words (grid cells were snapped cell by cell).
  const lines = laid.lines.map((l, i) => (redo.includes(laid.places[i]?.page ?? 0) ? snapLine(l) : l));
  const meta = raw.title?.trim() ?? '';
  const title = meta && !GENERIC_TITLE.test(meta) && !redo.length ? meta : laid.title;
  return {
    ok: true, format: 'pdf', pages: n, text: lines.join('\n'), title, ocr: ocrUsed, confidence,
    warnings: [...warnings, ...laid.warnings.map((w) => `${where}: ${w}`)], places: laid.places,
  };
}

function pdfProblem(name: string, message: string): string {
  if (name === 'PasswordException' || /password/i.test(message)) return `PDF is encrypted (password required): ${message}`;
  if (name === 'InvalidPDFException' || /invalid pdf/i.test(message)) return `PDF is corrupt or truncated: ${message}`;
  return `PDF could not be read (${name}): ${message}`;
}
