/**
 * Straightening a scanned page. A sheet fed a little askew comes out turned by a
 * degree or so; over an A4 page at 200 dpi that moves a rule's far end by 30
 * pixels, so no rule is found, rows drift into each other and the page reads
 * nothing. The page's angle is the one at which its ink, projected onto the
 * vertical, falls into the sharpest rows (text lines and table rules both line
 * up then); the image is turned back by it.
 */
import { DARK, type Gray } from './raster-rules.js';

/** The largest skew looked for, in degrees: beyond it a page was scanned sideways or is a photo. */
const MAX_DEG = 4;
/** Below this a page is left as it is: over 1,700 pixels it moves a line end by under 3, within a rule's thickness. */
const MIN_DEG = 0.1;

/** The page's skew in degrees (positive: lines fall to the right, y grows downward). */
export function skewAngle(img: Gray): number {
  const pts = inkSample(img);
  if (pts.length < 200) return 0;
  // Coarse steps first, then finer ones around the best: the score is smooth near its peak.
  let best = 0, top = sharpness(pts, img.height, img.width, 0);
  const level = top;
  for (const step of [0.25, 0.05, 0.01]) {
    const span = step === 0.25 ? MAX_DEG : step * 5;
    let arg = best;
    for (let a = best - span; a <= best + span + 1e-9; a += step) {
      const s = sharpness(pts, img.height, img.width, a);
      if (s > top) { top = s; arg = a; }
    }
    best = arg;
  }
  // A page whose ink shows no rows (a photo, a stamp) is as sharp at any angle: left level.
  return Math.abs(best) < MIN_DEG || top < level * 1.02 ? 0 : Number(best.toFixed(2));
}

/** The page turned back by its skew (a new image; the input is left as it is), and the angle found. */
export function deskew(img: Gray): { img: Gray; angle: number } {
  const angle = skewAngle(img);
  return angle === 0 ? { img, angle } : { img: rotate(img, angle), angle };
}

/** At most this many ink pixels are looked at: a dark page (a photo) costs no more than a page of text. */
const MAX_POINTS = 400_000;

/** Ink pixels' coordinates, every other column or sparser (enough to find rows), as x, y pairs. */
function inkSample(img: Gray): Int32Array {
  const { width, height, data } = img;
  let ink = 0;
  for (let i = 0; i < data.length; i += 2) if (data[i]! < DARK) ink++;
  const step = Math.max(2, 2 * Math.ceil(ink / MAX_POINTS));
  const out = new Int32Array(2 * Math.min(MAX_POINTS + height, Math.ceil(ink / (step / 2)) + height));
  let n = 0;
  for (let y = 0; y < height && n < out.length; y++) {
    const row = y * width;
    for (let x = 0; x < width && n < out.length; x += step) if (data[row + x]! < DARK) { out[n++] = x; out[n++] = y; }
  }
  return out.subarray(0, n);
}

/**
 * How sharply ink falls into rows when projected at angle `deg`: the sum of squared row
 * counts, rows one pixel high. (Every row of the image is sampled: leaving out every other
 * one would leave every other bin empty at 0° alone and make a level page of a skewed one.)
 */
function sharpness(pts: Int32Array, height: number, width: number, deg: number): number {
  const t = Math.tan((deg * Math.PI) / 180);
  const pad = Math.ceil(Math.abs(t) * width) + 1;
  const bins = new Float64Array(height + 2 * pad + 1);
  for (let i = 0; i < pts.length; i += 2) bins[Math.round(pts[i + 1]! - pts[i]! * t) + pad]! += 1;
  let s = 0;
  for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
  return s;
}

/** The image turned by −deg about its centre (bilinear), white where nothing comes in. */
function rotate(img: Gray, deg: number): Gray {
  const { width, height, data } = img;
  const out = new Uint8Array(width * height).fill(255);
  const a = (deg * Math.PI) / 180, cos = Math.cos(a), sin = Math.sin(a);
  const cx = (width - 1) / 2, cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      // Where this pixel of the straight page lies on the skewed one.
      const sx = cx + dx * cos - dy * sin, sy = cy + dx * sin + dy * cos;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) continue;
      const fx = sx - x0, fy = sy - y0, i = y0 * width + x0;
      const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bottom = data[i + width]! + (data[i + width + 1]! - data[i + width]!) * fx;
      out[y * width + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { width, height, data: out };
}

/**
 * The image turned clockwise by `quarters` quarter turns (a sheet fed sideways or upside
 * down); a new image, the input left as it is.
 */
export function quarterTurn(img: Gray, quarters: number): Gray {
  const q = ((quarters % 4) + 4) % 4;
  if (q === 0) return img;
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  if (q === 2) {
    for (let i = 0; i < data.length; i++) out[data.length - 1 - i] = data[i]!;
    return { width: w, height: h, data: out };
  }
  // One quarter clockwise: (x, y) goes to (h − 1 − y, x); three: to (y, w − 1 − x).
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) out[q === 1 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y] = data[row + x]!;
  }
  return { width: h, height: w, data: out };
}
