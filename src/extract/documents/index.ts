/**
 * Documents (contract 2): turn PDF / DOCX / DOC bytes into plain text lines,
 * with every table row as one pipe line, for the shared text aligner.
 */

export type DocumentFormat = 'pdf' | 'docx' | 'doc';

export interface DocumentText {
  ok: true;
  format: DocumentFormat;
  pages: number;
  /** Plain lines for prose; each table row as ONE pipe line `| 申请人 | 1 |  | 3 |` keeping empty cells. */
  text: string;
  title: string | null;
  ocr: boolean;
  /** 1 text layer, <1 OCR */
  confidence: number;
  warnings: string[];
  /** Per line of `text`, where it sits on its page (PDF text layer and OCR); absent where the reader knows no pages. */
  places?: readonly LinePlace[];
}

export type DocumentRead = DocumentText | { ok: false; error: string; warnings: string[] };

export interface DocumentInfo { fileName?: string; url?: string; contentType?: string }
export interface ReadOptions { timeoutMs?: number; ocr?: boolean }

import { layoutPages, type LinePlace } from './layout.js';
import { readPdfRaw, closePdfWorker } from './pdf.js';
import { readDocx } from './docx.js';
import { readDoc } from './doc.js';
import { ocrPdf } from './ocr.js';

const startsWith = (b: Uint8Array, sig: number[]): boolean => sig.every((x, i) => b[i] === x);

/** Magic bytes first (servers lie about types); the name/content type only break ties. */
export function documentFormat(bytes: Uint8Array, info: { fileName?: string; contentType?: string }): DocumentFormat | null {
  const head = bytes.subarray(0, 1024);
  const text = String.fromCharCode(...head);
  if (text.includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'doc';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'docx';
  const name = (info.fileName ?? '').toLowerCase();
  const ct = (info.contentType ?? '').toLowerCase();
  if (name.endsWith('.pdf') || ct.includes('pdf')) return 'pdf';
  if (name.endsWith('.docx') || ct.includes('officedocument.wordprocessingml')) return 'docx';
  if (name.endsWith('.doc') || ct.includes('msword')) return 'doc';
  return null;
}

const GENERIC_TITLE = /^(政府信息公开工作年度报告|untitled|about:blank|microsoft word.*|wps.*|\s*)$/i;

/** Never throws, never hangs: every failure becomes `ok:false` naming the file and the problem. */
export async function readDocument(bytes: Uint8Array, info: DocumentInfo, opts: ReadOptions = {}): Promise<DocumentRead> {
  const where = info.fileName ?? info.url ?? 'document';
  const timeoutMs = opts.timeoutMs ?? 20_000;
  if (bytes.length === 0) return { ok: false, error: `${where}: empty file (0 bytes)`, warnings: [] };
  const format = documentFormat(bytes, info);
  if (!format) return { ok: false, error: `${where}: not a PDF, DOCX or DOC file`, warnings: [] };
  try {
    if (format === 'pdf') return await readPdf(bytes, where, timeoutMs, opts.ocr ?? true);
    const work = format === 'docx' ? Promise.resolve().then(() => readDocx(bytes, where)) : readDoc(bytes, where);
    return await withTimeout(work, timeoutMs, where);
  } catch (err) {
    return { ok: false, error: `${where}: ${format.toUpperCase()} could not be read: ${(err as Error)?.message ?? String(err)}`, warnings: [] };
  }
}

function withTimeout(p: Promise<DocumentRead>, ms: number, where: string): Promise<DocumentRead> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ ok: false, error: `${where}: timed out after ${ms} ms`, warnings: [] }), ms);
    p.then((r) => { clearTimeout(t); resolve(r); }, (err) => { clearTimeout(t); resolve({ ok: false, error: `${where}: ${String(err?.message ?? err)}`, warnings: [] }); });
  });
}

async function readPdf(bytes: Uint8Array, where: string, timeoutMs: number, ocr: boolean): Promise<DocumentRead> {
  const started = Date.now();
  const raw = await readPdfRaw(bytes, timeoutMs);
  if (raw === null) return { ok: false, error: `${where}: PDF timed out after ${timeoutMs} ms (abandoned)`, warnings: [] };
  if (!raw.ok) return { ok: false, error: `${where}: ${pdfProblem(raw.name, raw.message)}`, warnings: [] };
  const chars = raw.pages.reduce((n, p) => n + p.items.reduce((m, i) => m + i.str.trim().length, 0), 0);
  if (chars < 20 * Math.max(1, raw.pages.length) / 4) {
    // No text layer: a scan. OCR it if the tools are there.
    const warnings = [`${where}: PDF has no text layer (scanned, ${raw.pages.length} page(s))`];
    if (!ocr) return { ok: true, format: 'pdf', pages: raw.pages.length, text: '', title: null, ocr: false, confidence: 0, warnings: [...warnings, 'OCR disabled'] };
    const left = Math.max(1000, timeoutMs - (Date.now() - started));
    const o = await ocrPdf(bytes, where, left);
    if (!o.ok) return { ok: true, format: 'pdf', pages: raw.pages.length, text: '', title: null, ocr: false, confidence: 0, warnings: [...warnings, o.error] };
    const laid = layoutPages(o.pages, { cellGap: 1.6 });
    return { ok: true, format: 'pdf', pages: o.pages.length, text: laid.lines.join('\n'), title: laid.title, ocr: true, confidence: o.confidence, warnings: [...warnings, ...laid.warnings.map((w) => `${where}: ${w}`)], places: laid.places };
  }
  const laid = layoutPages(raw.pages);
  const meta = raw.title?.trim() ?? '';
  const title = meta && !GENERIC_TITLE.test(meta) ? meta : laid.title;
  return { ok: true, format: 'pdf', pages: raw.pages.length, text: laid.lines.join('\n'), title, ocr: false, confidence: 1, warnings: laid.warnings.map((w) => `${where}: ${w}`), places: laid.places };
}

function pdfProblem(name: string, message: string): string {
  if (name === 'PasswordException' || /password/i.test(message)) return `PDF is encrypted (password required): ${message}`;
  if (name === 'InvalidPDFException' || /invalid pdf/i.test(message)) return `PDF is corrupt or truncated: ${message}`;
  return `PDF could not be read (${name}): ${message}`;
}

/** Lets the CLI end the process: stops the PDF worker thread. */
export async function closeDocumentWorkers(): Promise<void> {
  await closePdfWorker();
}
