/**
 * Images → text: each image decoded (images.ts), OCR'd as one page, then one layout
 * over them in order — the tables of a page pasted as screenshots read as a scanned
 * document's pages would.
 */
import type { DocumentRead } from './index.js';
import { decodeImage } from './images.js';
import { layoutPages } from './layout.js';
import { ocrImages, turnedWarning } from './ocr.js';
import { snapLine } from './ocr-labels.js';
import { OCR_CELL_GAP } from './read-pdf.js';
import type { Gray } from './raster-rules.js';

export interface ImageInput { readonly bytes: Uint8Array; readonly name: string }

/** `timeoutMs` bounds the OCR of all the images together. */
export async function readImages(images: readonly ImageInput[], where: string, opts: { timeoutMs: number }): Promise<DocumentRead> {
  const warnings: string[] = [];
  const decoded: Gray[] = [];
  const names: string[] = [];
  const small: string[] = [];
  const whys: string[] = [];
  for (const im of images) {
    const d = decodeImage(im.bytes);
    if (d.ok) { decoded.push(d.img); names.push(im.name); continue; }
    whys.push(d.why);
    if (d.small) small.push(im.name);
    else warnings.push(`${im.name}: image not read: ${d.why}`);
  }
  if (small.length) warnings.push(`too small to hold a table (icons, bullets), not read: ${small.join(', ')}`);
  if (names.length && names.length < images.length) warnings.push(`images read, in order (page n of a cell is the n-th): ${names.join(', ')}`);
  if (!decoded.length) {
    const error = images.length === 1 ? `${where}: image not read: ${whys[0]}` : `${where}: no image that could hold a table (${warnings.join('; ')})`;
    return { ok: false, error, warnings: [] };
  }
  const o = await ocrImages(decoded, where, opts.timeoutMs);
  if (!o.ok) return { ok: false, error: o.error, warnings };
  warnings.push(`${where}: read by OCR from ${decoded.length} image(s)`);
  for (const t of o.turned) warnings.push(turnedWarning(names[t.page - 1]!, 'image', t.page, t.degrees));
  const laid = layoutPages(o.pages.map((p) => ({ ...p, cellGap: OCR_CELL_GAP })));
  return {
    ok: true, format: 'image', pages: decoded.length, text: laid.lines.map(snapLine).join('\n'), title: laid.title, ocr: true,
    confidence: o.confidence, warnings: [...warnings, ...laid.warnings.map((w) => `${where}: ${w}`)], places: laid.places,
  };
}
