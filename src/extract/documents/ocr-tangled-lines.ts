/**
 * Lines tesseract tangled. Reading a page as one block (`--psm 6`), tesseract fits its text
 * lines to the page's slant; on a page of short lines (a text form printed one cell a line:
 * `0 |`, `0 |`, then a long label) it can fit them across several printed rows — a label's
 * characters come out in three pieces, each glued to the bar of a row above
 * (`1 上年结`, `1 寺转政府信息`, `1 息公开申请数量`). Such a line is plain in the image: its
 * box is several rows tall and holds rows of ink with white between them.
 *
 * Those rows are read again as sparse text (`--psm 11`: each run of ink found on its own,
 * no block to fit), which reads short lines well and tangles none; the rest of the page keeps
 * the block reading, which reads prose and tables better.
 */
import type { PageItems, TextItem } from './layout-words.js';
import type { PixelLine } from './ocr-pipe-rows.js';
import type { Gray } from './raster-rules.js';
import { OCR_SURE } from './layout-render.js';

const DARK = 128;
/** A line this many times the page's usual line height may be tangled; a title's large print is not as tall. */
const TALL = 1.8;
/** White rows between two rows of ink, in pixels at 200 dpi, for them to be two printed rows. */
const GAP = 2;

export interface HocrReading { page: PageItems; lines: PixelLine[]; confSum: number; n: number }

/** The rows of ink across a line's columns, top to bottom: [first, last] pixel rows. */
function inkRows(img: Gray, line: PixelLine): [number, number][] {
  const rows: [number, number][] = [];
  let start = -1, white = 0;
  for (let y = Math.max(0, line.top); y <= Math.min(img.height - 1, line.bottom); y++) {
    let dark = false;
    for (let x = Math.max(0, line.left); x <= Math.min(img.width - 1, line.right) && !dark; x++) dark = img.data[y * img.width + x]! < DARK;
    if (dark) {
      if (start < 0) start = y;
      else if (white >= GAP) { rows.push([start, y - white - 1]); start = y; }
      white = 0;
    } else if (start >= 0) white++;
  }
  if (start >= 0) rows.push([start, Math.min(img.height - 1, line.bottom) - white]);
  return rows;
}

/**
 * The vertical spans (pixels, y down) of the lines tesseract tangled: much taller than the
 * page's usual line and holding two rows of ink or more, each as tall as a usual line's half.
 */
export function tangledSpans(img: Gray, lines: readonly PixelLine[]): [number, number][] {
  const usual = usualHeight(lines);
  if (usual <= 0) return [];
  const spans = lines.filter((l) => l.bottom - l.top > TALL * usual && inkRows(img, l).filter(([a, b]) => b - a + 1 >= usual / 2).length >= 2)
    .map((l): [number, number] => [l.top, l.bottom]).sort((a, b) => a[0] - b[0]);
  // Overlapping spans as one.
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]); else out.push([...s]);
  }
  return out;
}

/**
 * The block reading with what lies in `spans` (pixels, y down) taken from the sparse reading:
 * its words whose middles fall there, and its lines; the block reading's words and lines there
 * go. Items are in points (y up) on a page `heightPx` tall at `dpi`.
 */
export function withSparse(block: HocrReading, sparse: HocrReading, spans: readonly [number, number][], heightPx: number, dpi: number): HocrReading {
  const k = 72 / dpi;
  const inSpans = (yPx: number): boolean => spans.some(([a, b]) => yPx >= a && yPx <= b);
  const itemIn = (it: TextItem): boolean => inSpans(heightPx - (it.y + it.h / 2) / k);
  const lineIn = (l: PixelLine): boolean => inSpans((l.top + l.bottom) / 2);
  // A re-read word vouches for no value by itself: below OCR's bar, it stands only where a cell's second look confirms it.
  const items = [...block.page.items.filter((it) => !itemIn(it)), ...sparse.page.items.filter(itemIn).map((it) => ({ ...it, conf: Math.min(it.conf ?? 0, OCR_SURE - 1) }))];
  const lines = [...block.lines.filter((l) => !lineIn(l)), ...sparse.lines.filter(lineIn)].sort((a, b) => a.top - b.top || a.left - b.left);
  return { page: { ...block.page, items }, lines, confSum: items.reduce((s, it) => s + (it.conf ?? 0), 0), n: items.length };
}

/** The median height of OCR's lines (pixels): the page's usual line. */
export function usualHeight(lines: readonly PixelLine[]): number {
  const heights = lines.map((l) => l.bottom - l.top).sort((a, b) => a - b);
  return heights[heights.length >> 1] ?? 0;
}

/**
 * Rows of ink no line of the reading lies on, as lines (pixels, y down): rows across the page at
 * least half a usual line tall. Tesseract's block reading drops a short line now and then (`2 |`
 * between `11 |` and `38 |`), and lone bars (a text form's empty cells) more often: the first
 * are read again as sparse text on the page with all else whited out, the second given back
 * as bars (ocr-pipe-rows.ts).
 */
export function unreadRows(img: Gray, lines: readonly PixelLine[]): PixelLine[] {
  const usual = usualHeight(lines);
  if (usual <= 0) return [];
  const read = (top: number, bottom: number): boolean => lines.some((l) => Math.min(l.bottom, bottom) - Math.max(l.top, top) > (bottom - top) / 2);
  const out: PixelLine[] = [];
  for (const [top, bottom] of pageRows(img)) {
    if (bottom - top + 1 < usual / 2 || read(top, bottom)) continue;
    let left = img.width, right = -1;
    for (let y = top; y <= bottom; y++) for (let x = 0; x < img.width; x++) if (img.data[y * img.width + x]! < DARK) { left = Math.min(left, x); right = Math.max(right, x); }
    out.push({ left, right, top, bottom });
  }
  return out;
}

/** The page's rows of ink, top to bottom: [first, last] pixel rows with white rows between. */
export function pageRows(img: Gray): [number, number][] {
  const rows: [number, number][] = [];
  let top = -1;
  for (let y = 0; y < img.height; y++) {
    let dark = false;
    for (let x = 0; x < img.width && !dark; x++) dark = img.data[y * img.width + x]! < DARK;
    if (dark && top < 0) top = y;
    if (!dark && top >= 0) { rows.push([top, y - 1]); top = -1; }
  }
  if (top >= 0) rows.push([top, img.height - 1]);
  return rows;
}

/** The image with everything outside `spans` (pixel rows, a few rows of margin each side) white. */
export function onlySpans(img: Gray, spans: readonly [number, number][]): Gray {
  const out = { ...img, data: new Uint8Array(img.width * img.height).fill(255) };
  for (const [a, b] of spans) {
    const from = Math.max(0, a - 3) * img.width, to = Math.min(img.height, b + 4) * img.width;
    out.data.set(img.data.subarray(from, to), from);
  }
  return out;
}
