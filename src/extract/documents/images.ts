/**
 * Images of report pages — tables pasted into a page as screenshots or scans
 * (`捕获2.PNG`), or a scan published as a .jpg — decoded to grey and scaled so their
 * text is as tall as a printed page's at OCR_DPI, for the OCR path (ocr.ts).
 *
 * Decoding is bounded: the size is read from the header before any pixel is, and an
 * image over MAX_PIXELS is refused. Pixels the red of an official seal (公章) are made
 * white: a seal stamped over a table would otherwise be read as ink over its cells.
 */
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { withoutHaze } from './compression-haze.js';
import { DARK, type Gray } from './raster-rules.js';

export type ImageFormat = 'png' | 'jpeg';

/** Largest image decoded (pixels): an A4 page scanned at 600 dpi is 35 million. */
export const MAX_PIXELS = 40_000_000;
/** Smaller than this (pixels, either side) is an icon, a bullet or a spacer, not a table. */
export const MIN_SIDE = { width: 200, height: 60 } as const;
/** Height (pixels) of a line of text at OCR_DPI in a printed report (10.5 pt at 200 dpi is 29). */
const TEXT_HEIGHT = 30;
const SCALE = { min: 0.4, max: 4 } as const;

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image format by magic bytes (names and content types lie). */
export function imageFormat(bytes: Uint8Array): ImageFormat | null {
  if (PNG_SIG.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

export type Decoded = { ok: true; img: Gray; scale: number } | { ok: false; why: string; small?: true };

/** Bytes → grey pixels at OCR scale, or why not (never throws). */
export function decodeImage(bytes: Uint8Array): Decoded {
  const format = imageFormat(bytes);
  if (!format) return { ok: false, why: `not a PNG or JPEG image (${describe(bytes)})` };
  const size = format === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) return { ok: false, why: `${format.toUpperCase()} header unreadable (truncated or corrupt)` };
  if (size.width * size.height > MAX_PIXELS) return { ok: false, why: `${size.width}×${size.height} pixels is over the limit of ${MAX_PIXELS.toLocaleString('en')}` };
  if (size.width < MIN_SIDE.width || size.height < MIN_SIDE.height) return { ok: false, why: `${size.width}×${size.height} pixels is too small to hold a table`, small: true };
  let rgba: { width: number; height: number; data: Uint8Array };
  try {
    rgba = format === 'png'
      ? PNG.sync.read(Buffer.from(bytes))
      : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
  } catch (err) {
    return { ok: false, why: `${format.toUpperCase()} could not be decoded: ${(err as Error).message}` };
  }
  // A JPEG's ringing around strokes is paper (compression-haze.ts).
  const grey = format === 'jpeg' ? withoutHaze(toGrey(rgba)) : toGrey(rgba);
  const scale = ocrScale(grey);
  return { ok: true, img: framed(Math.abs(scale - 1) < 0.05 ? grey : resample(grey, scale), MARGIN), scale };
}

/**
 * White paper around the image: a screenshot is cut at the table's own border, and a
 * rule on the image's edge reads as a table running off the page.
 */
const MARGIN = 40;
function framed(img: Gray, m: number): Gray {
  const width = img.width + 2 * m, height = img.height + 2 * m;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width, (y + 1) * img.width), (y + m) * width + m);
  return { width, height, data };
}

/**
 * RGBA → grey on white (transparent screenshots), seal red made white. Only a bright red:
 * where the seal's ink lies over black print the mix is darker, and stays ink — a rule
 * wiped there would join two rows' cells.
 */
function toGrey({ width, height, data }: { width: number; height: number; data: Uint8Array }): Gray {
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    const r = data[p]!, g = data[p + 1]!, b = data[p + 2]!, a = data[p + 3]! / 255;
    const seal = r > 180 && r - g > 80 && r - b > 80;
    const lum = seal ? 255 : 0.299 * r + 0.587 * g + 0.114 * b;
    out[i] = Math.round(a * lum + (1 - a) * 255);
  }
  return { width, height, data: out };
}

/**
 * The factor that makes the image's text lines TEXT_HEIGHT tall: the median height of
 * the bands of rows holding ink, not counting the table's rules — rows dark across half
 * the image, columns dark down a third of it (a vertical rule would join every row of a
 * table into one band). 1 when no text is seen.
 */
export function ocrScale(img: Gray): number {
  const { width, height, data } = img;
  const colInk = new Uint32Array(width);
  for (let y = 0; y < height; y++) for (let x = 0, o = y * width; x < width; x++) if (data[o + x]! < DARK) colInk[x]!++;
  const rule = colInk.map((k) => (k > height / 3 ? 1 : 0));
  const heights: number[] = [];
  let run = 0;
  for (let y = 0; y <= height; y++) {
    let ink = 0;
    if (y < height) for (let x = 0, o = y * width; x < width; x++) if (data[o + x]! < DARK && !rule[x]) ink++;
    if (ink > 0 && ink < width / 2) { run++; continue; }
    if (run >= 4) heights.push(run);
    run = 0;
  }
  if (heights.length < 3) return 1;
  heights.sort((a, b) => a - b);
  const median = heights[heights.length >> 1]!;
  return Math.min(SCALE.max, Math.max(SCALE.min, TEXT_HEIGHT / median));
}

/** Resized by `scale`: bilinear when enlarging, the mean of each source box when shrinking. */
export function resample(img: Gray, scale: number): Gray {
  const width = Math.max(1, Math.round(img.width * scale)), height = Math.max(1, Math.round(img.height * scale));
  const out = new Uint8Array(width * height);
  const src = (x: number, y: number): number => img.data[Math.min(img.height - 1, y) * img.width + Math.min(img.width - 1, x)]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (scale >= 1) {
        const fx = Math.max(0, (x + 0.5) / scale - 0.5), fy = Math.max(0, (y + 0.5) / scale - 0.5);
        const x0 = Math.floor(fx), y0 = Math.floor(fy), dx = fx - x0, dy = fy - y0;
        out[y * width + x] = Math.round((src(x0, y0) * (1 - dx) + src(x0 + 1, y0) * dx) * (1 - dy) + (src(x0, y0 + 1) * (1 - dx) + src(x0 + 1, y0 + 1) * dx) * dy);
      } else {
        const x0 = Math.floor(x / scale), x1 = Math.max(x0 + 1, Math.floor((x + 1) / scale));
        const y0 = Math.floor(y / scale), y1 = Math.max(y0 + 1, Math.floor((y + 1) / scale));
        let sum = 0, n = 0;
        for (let sy = y0; sy < y1; sy++) for (let sx = x0; sx < x1; sx++) { sum += src(sx, sy); n++; }
        out[y * width + x] = Math.round(sum / n);
      }
    }
  }
  return { width, height, data: out };
}

function pngSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 24) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/** The frame size from the first SOF marker. */
function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    }
    i += 2 + len;
  }
  return null;
}

function describe(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 6));
  if (head.startsWith('GIF8')) return 'a GIF';
  if (head.startsWith('BM')) return 'a BMP';
  if (head.startsWith('RIFF')) return 'a WebP';
  return `${bytes.length} bytes`;
}
