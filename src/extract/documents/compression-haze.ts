/**
 * Lossy compression's haze, made paper again before OCR. JPEG (and JPEG 2000) ring in light
 * grey around every stroke and rule of a screenshot or scan; scaled up or read as is, the
 * haze blurs each character into its neighbours and tesseract misreads whole labels
 * (规范性文件 as 规范'生文人), so their rows go unread. Pixels within HAZE of white are paper;
 * the rest are stretched to fill the range. Only for images stored lossily: a lossless one
 * has no haze, and its anti-aliased strokes read better as they are (bench:probe-scan: the
 * same stretch on PNG captures read fewer cells).
 */
import type { Gray } from './raster-rules.js';

const HAZE = 35;

export function withoutHaze(img: Gray): Gray {
  const paper = 255 - HAZE;
  return { ...img, data: img.data.map((v) => (v >= paper ? 255 : Math.round((v * 255) / paper))) };
}

/** Inches an image must span each way to be a page's scan (or a table's picture), not a logo or a photo beside the text. */
const SCAN_INCHES = 4;

/**
 * The pages of a PDF that show an image stored lossily and large, from `pdfimages -list` (a
 * header of two lines, then one row an image: page, num, type, width, height, color, comp,
 * bpc, enc, interp, object, ID, x-ppi, y-ppi, …). A page a scanner wrote as JPEG says `jpeg`
 * (DCT); JPEG 2000 says `jpx`. A small JPEG (a logo on a page of text) leaves its page as it is.
 */
export function lossyPages(list: string): Set<number> {
  const pages = new Set<number>();
  for (const line of list.split('\n').slice(2)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14 || f[2] !== 'image' || !/^(jpeg|jpx)$/.test(f[8]!)) continue;
    const inches = (px: string, ppi: string): number => Number(px) / Math.max(1, Number(ppi));
    if (inches(f[3]!, f[12]!) >= SCAN_INCHES && inches(f[4]!, f[13]!) >= SCAN_INCHES) pages.add(Number(f[0]));
  }
  return pages;
}
