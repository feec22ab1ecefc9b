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

/**
 * The pages of a PDF that show an image stored lossily, from `pdfimages -list` (a header of
 * two lines, then one row an image: page, num, type, width, height, color, comp, bpc, enc …).
 * A page a scanner wrote as JPEG says `jpeg` (DCT); JPEG 2000 says `jpx`.
 */
export function lossyPages(list: string): Set<number> {
  const pages = new Set<number>();
  for (const line of list.split('\n').slice(2)) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 9 && f[2] === 'image' && /^(jpeg|jpx)$/.test(f[8]!)) pages.add(Number(f[0]));
  }
  return pages;
}
