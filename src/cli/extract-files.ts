/**
 * Local files through the extraction pool, answered one by one in the order
 * given: a missing path, a directory or an oversized file is that file's error,
 * never the batch's. A small window of files is read ahead so every worker
 * stays busy while memory holds only a few documents.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExtractionResult, PageImage } from '../model/report.js';
import { decodeDocument } from '../extract/decode.js';
import { mayHaveTableImages, pageImages } from '../extract/page-images.js';
import { sizeProblem } from '../extract/limits.js';
import type { ExtractPool } from '../extract/extract-pool.js';
import { oneLine } from './errors.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html', '.htm': 'text/html', '.shtml': 'text/html', '.txt': 'text/plain', '.md': 'text/markdown',
  '.pdf': 'application/pdf', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.doc': 'application/msword',
  '.ofd': 'application/ofd', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xls': 'application/vnd.ms-excel',
};

export interface FileResult { readonly file: string; readonly result: ExtractionResult }

async function extractFile(file: string, pool: ExtractPool): Promise<ExtractionResult> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) return { ok: false, error: `${file}: is a directory, not a file`, warnings: [] };
    const tooBig = sizeProblem(stat.size, pool.limits);
    if (tooBig) return { ok: false, error: `${file}: ${tooBig}`, warnings: [], limit: 'size-limit' };
    const bytes = new Uint8Array(await fs.readFile(file));
    const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
    const base = path.basename(file);
    const images = contentType === 'text/html' ? await localImages(file, bytes, pool) : [];
    const r = await pool.extract({ fileName: base, bytes, ...(contentType ? { contentType } : {}), ...(images.length ? { images } : {}) });
    // Errors name the path as given, not only the base name the extractor saw.
    return r.ok || !r.error.startsWith(`${base}: `) ? r : { ...r, error: `${file}${r.error.slice(base.length)}` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: `${file}: cannot read (${code ?? oneLine(err)})`, warnings: [] };
  }
}

/**
 * The images a saved page shows where its tables should be (page-images.ts), read from
 * beside it: a page saved whole keeps them in a folder next to it (`report_files/捕获2.PNG`).
 * Inline data images come with the page; srcs on other hosts or missing files are not read.
 */
async function localImages(file: string, bytes: Uint8Array, pool: ExtractPool): Promise<PageImage[]> {
  const { text } = decodeDocument(bytes, 'text/html');
  if (!mayHaveTableImages(text)) return [];
  const out: PageImage[] = [];
  for (const ref of pageImages(text)) {
    if (ref.data) { out.push({ src: ref.src, bytes: ref.data }); continue; }
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref.src) || ref.src.startsWith('/')) continue;
    const local = path.resolve(path.dirname(file), safeDecode(ref.src.split(/[?#]/)[0]!));
    const stat = await fs.stat(local).catch(() => null);
    if (!stat?.isFile() || sizeProblem(stat.size, pool.limits)) continue;
    out.push({ src: ref.src, bytes: new Uint8Array(await fs.readFile(local)) });
  }
  return out;
}

const safeDecode = (s: string): string => { try { return decodeURIComponent(s); } catch { return s; } };

/** Yields each file's result in input order, extracting up to the pool's capacity ahead. */
export async function* extractFiles(files: readonly string[], pool: ExtractPool): AsyncGenerator<FileResult> {
  const ahead = pool.size * 2;
  const pending: Promise<ExtractionResult>[] = [];
  let next = 0;
  for (let i = 0; i < files.length; i++) {
    while (next < files.length && next < i + ahead) pending.push(extractFile(files[next++]!, pool));
    yield { file: files[i]!, result: await pending.shift()! };
  }
}
