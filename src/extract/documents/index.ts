/**
 * Documents (contract 2): turn PDF / DOCX / DOC / OFD bytes into plain text lines,
 * with every table row as one pipe line, for the shared text aligner.
 */

export type DocumentFormat = 'pdf' | 'docx' | 'doc' | 'ofd' | 'image' | 'xlsx' | 'xls';

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
/**
 * `timeoutMs`: for parsing the file (default 20 s); `ocr`: read scanned or broken pages by OCR
 * (default true); `ocrTimeoutMs`: for OCR, per page it reads (default 60 s).
 */
export interface ReadOptions {
  timeoutMs?: number; ocr?: boolean; ocrTimeoutMs?: number;
  /** The format the caller already told from the bytes (`documentFormat`): a zip's directory is then not listed again. */
  format?: DocumentFormat;
}

import type { LinePlace } from './layout.js';
import { closePdfWorker } from './pdf.js';
import { readPdf } from './read-pdf.js';
import { readDocx } from './docx.js';
import { readDoc } from './doc.js';
import { readXls, readXlsx } from './xlsx.js';
import { isOfdZip, readOfd } from './ofd.js';
import { imageFormat } from './images.js';
import { readImages } from './read-images.js';
import { OCR_PAGE_BUDGET_MS } from './ocr.js';
import { unzipSync } from 'fflate';

const startsWith = (b: Uint8Array, sig: number[]): boolean => sig.every((x, i) => b[i] === x);

/** Magic bytes first (servers lie about types); the name/content type only break ties. */
export function documentFormat(bytes: Uint8Array, info: { fileName?: string; contentType?: string }): DocumentFormat | null {
  const head = bytes.subarray(0, 1024);
  const text = String.fromCharCode(...head);
  if (text.includes('%PDF-')) return 'pdf';
  if (imageFormat(bytes)) return 'image';
  // An OLE2 container: an Excel workbook names its stream Workbook (Book before Excel 97); else a Word (or WPS) document.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return isOleWorkbook(bytes) ? 'xls' : 'doc';
  const name = (info.fileName ?? '').toLowerCase();
  const ct = (info.contentType ?? '').toLowerCase();
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipNames(bytes);
    // A zip too damaged to list its entries is what its name or type says it is.
    if (isOfdZip(names) || (!names.length && (name.endsWith('.ofd') || ct.includes('ofd')))) return 'ofd';
    if (names.includes('xl/workbook.xml') || (!names.length && (name.endsWith('.xlsx') || ct.includes('spreadsheetml')))) return 'xlsx';
    return 'docx';
  }
  if (name.endsWith('.pdf') || ct.includes('pdf')) return 'pdf';
  if (name.endsWith('.docx') || ct.includes('officedocument.wordprocessingml')) return 'docx';
  if (name.endsWith('.doc') || ct.includes('msword')) return 'doc';
  if (name.endsWith('.ofd') || ct.includes('ofd')) return 'ofd';
  if (name.endsWith('.xlsx') || ct.includes('spreadsheetml')) return 'xlsx';
  if (name.endsWith('.xls') || ct.includes('ms-excel')) return 'xls';
  // Said to be an image but not one we decode (a GIF named .png): the image reader says which.
  if (/\.(png|jpe?g)$/.test(name) || /^image\//.test(ct)) return 'image';
  return null;
}

/** An OLE2 file holding an Excel workbook stream (its directory names it in UTF-16). */
function isOleWorkbook(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (b.includes(Buffer.from('Workbook', 'utf16le')) || b.includes(Buffer.from('Book\0', 'utf16le'))) && !b.includes(Buffer.from('WordDocument', 'utf16le'));
}

/** The entry names of a zip archive, read from its directory without inflating anything ([] when unreadable). */
function zipNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  try { unzipSync(bytes, { filter: (f) => { names.push(f.name); return false; } }); } catch { /* a corrupt zip: the reader says so */ }
  return names;
}

/** Never throws, never hangs: every failure becomes `ok:false` naming the file and the problem. */
export async function readDocument(bytes: Uint8Array, info: DocumentInfo, opts: ReadOptions = {}): Promise<DocumentRead> {
  const where = info.fileName ?? info.url ?? 'document';
  const timeoutMs = opts.timeoutMs ?? 20_000;
  if (bytes.length === 0) return { ok: false, error: `${where}: empty file (0 bytes)`, warnings: [] };
  const format = opts.format ?? documentFormat(bytes, info);
  if (!format) return { ok: false, error: `${where}: not a PDF, DOCX, DOC, XLSX, XLS, OFD, PNG or JPEG file`, warnings: [] };
  try {
    const ocrPageMs = opts.ocrTimeoutMs ?? OCR_PAGE_BUDGET_MS;
    if (format === 'image') return opts.ocr === false ? { ok: false, error: `${where}: an image, and OCR is off`, warnings: [] } : await readImages([{ bytes, name: where }], where, { timeoutMs: ocrPageMs });
    if (format === 'pdf') return await readPdf(bytes, where, { timeoutMs, ocr: opts.ocr ?? true, ocrPageMs });
    // LibreOffice's conversion ends a second before the reader's deadline, so its own message comes first.
    const office = { timeoutMs: Math.max(1000, timeoutMs - 1000) };
    const work = format === 'docx' ? Promise.resolve().then(() => readDocx(bytes, where))
      : format === 'ofd' ? Promise.resolve().then(() => readOfd(bytes, where))
        : format === 'xlsx' ? readXlsx(bytes, where)
          : format === 'xls' ? readXls(bytes, where, office)
            : readDoc(bytes, where, office);
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

/** Lets the CLI end the process: stops the PDF worker thread. */
export async function closeDocumentWorkers(): Promise<void> {
  await closePdfWorker();
}
