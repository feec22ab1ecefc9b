/**
 * Table rules in a scanned page: long thin runs of dark pixels, horizontal and
 * vertical. They give OCR'd pages the same grid a text layer's drawn borders give
 * (layout-grid.ts), and are wiped from the image before OCR so a border is never
 * read as a `1` or an `l` beside a number.
 */
import type { Rule } from './layout-words.js';

export interface Gray { width: number; height: number; data: Uint8Array }

/** A pixel darker than this is ink (rules, text; what deskew.ts sorts into rows). */
export const DARK = 150;
const GAP = 2; // pixels a run may skip (scan noise, anti-aliasing)
const THICK = 6; // a rule is at most this many pixels thick

/** Binary PGM (P5, 8-bit) as written by `pdftoppm -gray`. */
export function parsePgm(buf: Uint8Array): Gray {
  let pos = 0;
  const token = (): string => {
    while (pos < buf.length) {
      const c = buf[pos]!;
      if (c === 0x23) { while (pos < buf.length && buf[pos] !== 0x0a) pos++; continue; } // comment
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) { pos++; continue; }
      break;
    }
    let s = '';
    while (pos < buf.length && ![0x20, 0x0a, 0x0d, 0x09].includes(buf[pos]!)) s += String.fromCharCode(buf[pos++]!);
    return s;
  };
  if (token() !== 'P5') throw new Error('not a binary PGM image');
  const width = Number(token()), height = Number(token()), max = Number(token());
  pos++; // the single white space after the header
  if (!(width > 0 && height > 0) || max !== 255 || buf.length < pos + width * height) throw new Error('unsupported or truncated PGM image');
  return { width, height, data: buf.subarray(pos, pos + width * height) };
}

export function writePgm(img: Gray): Uint8Array {
  const head = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(head.length + img.data.length);
  out.set(head);
  out.set(img.data, head.length);
  return out;
}

interface PixelRule { horizontal: boolean; at: number; from: number; to: number; thick: number }

/**
 * Runs at least `minLength` pixels long, joined across neighbouring rows (or columns) into
 * rules. A thin rule a scan greyed over two lines (or one turned straight, deskew.ts) is dark
 * in one line or the other all along, in neither alone for long: so a run may also be dark in
 * this line or the one before — but only a long one (an eighth of the page), since strokes of
 * neighbouring characters, a line apart, would make short ones.
 */
export function findPixelRules(img: Gray, minLength = Math.round(img.width / 40)): PixelRule[] {
  const out: PixelRule[] = [];
  for (const horizontal of [true, false]) {
    const lines = horizontal ? img.height : img.width, along = horizontal ? img.width : img.height;
    const at = (line: number, i: number): number => pixel(img, horizontal, line, i);
    const longRun = Math.max(minLength, Math.round(along / 8));
    let open: PixelRule[] = [];
    for (let line = 0; line < lines; line++) {
      const runs = mergedRuns([
        ...darkRuns(along, (i) => at(line, i) < DARK, minLength),
        ...(line > 0 ? darkRuns(along, (i) => Math.min(at(line, i), at(line - 1, i)) < DARK, longRun) : []),
      ]);
      // A run joins every rule of the line before that it overlaps, and they become one: a rule
      // with ink touching it all along (runs between the letters), or one that wanders from line
      // to line, is one rule.
      const next: PixelRule[] = [];
      const absorbed = new Set<PixelRule>();
      for (const [a, b] of runs) {
        const hits = open.filter((r) => r.from <= b && a <= r.to && !absorbed.has(r));
        const keep = hits[0];
        if (!keep) { next.push({ horizontal, at: line, from: a, to: b, thick: 1 }); continue; }
        for (const r of hits.slice(1)) {
          keep.at = Math.min(keep.at, r.at); keep.from = Math.min(keep.from, r.from); keep.to = Math.max(keep.to, r.to);
          absorbed.add(r);
        }
        keep.from = Math.min(keep.from, a); keep.to = Math.max(keep.to, b); keep.thick = line - keep.at + 1;
        if (!next.includes(keep)) next.push(keep);
      }
      for (const r of open) if (!next.includes(r) && !absorbed.has(r)) out.push(r);
      open = next.filter((r) => !absorbed.has(r));
    }
    out.push(...open);
  }
  // Thick dark areas (a shaded header, a photo) are no rules.
  return out.map((r) => measured(img, r)).filter((r) => r.thick <= THICK).map((r) => ({ ...r, at: r.at + (r.thick - 1) / 2 }));
}

/** The pixel `i` along row (or column) `line`. */
const pixel = (img: Gray, horizontal: boolean, line: number, i: number): number =>
  (horizontal ? img.data[line * img.width + i]! : img.data[i * img.width + line]!);

/** Runs of `dark` positions along a line, bridging gaps of up to GAP, at least `min` long. */
function darkRuns(along: number, dark: (i: number) => boolean, min: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1, gap = 0;
  for (let i = 0; i <= along; i++) {
    if (i < along && dark(i)) { if (start < 0) start = i; gap = 0; continue; }
    // A run closes after more than GAP light pixels, or at the image's edge (a rule drawn to it).
    if (start >= 0 && (++gap > GAP || i === along)) { const end = i - gap; if (end - start + 1 >= min) runs.push([start, end]); start = -1; gap = 0; }
  }
  return runs;
}

/** Overlapping runs of one line as one. */
function mergedRuns(runs: [number, number][]): [number, number][] {
  runs.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * The lines a rule really covers (its runs may reach a line past it, dark only in the line
 * before): those dark over at least a quarter of its length. A rule that wanders between two
 * lines is dark over about half of each.
 */
function measured(img: Gray, r: PixelRule): PixelRule {
  const len = r.to - r.from + 1;
  const lines = r.horizontal ? img.height : img.width;
  let first = -1, last = -1;
  for (let line = r.at; line < Math.min(lines, r.at + r.thick); line++) {
    let n = 0;
    for (let i = r.from; i <= r.to; i++) if (pixel(img, r.horizontal, line, i) < DARK) n++;
    if (n * 4 >= len) { if (first < 0) first = line; last = line; }
  }
  return first < 0 ? r : { ...r, at: first, thick: last - first + 1 };
}

/** Pixel rules in PDF points (y up) for a page rendered at `dpi`. */
export function toRules(rules: readonly PixelRule[], img: Gray, dpi: number): Rule[] {
  const k = 72 / dpi;
  return rules.map((r) => (r.horizontal
    ? { x0: r.from * k, x1: r.to * k, y0: (img.height - r.at) * k, y1: (img.height - r.at) * k }
    : { x0: r.at * k, x1: r.at * k, y0: (img.height - r.to) * k, y1: (img.height - r.from) * k }));
}

/** Paints rules white, a pixel wider than they are thick. */
export function wipe(img: Gray, rules: readonly PixelRule[]): void {
  for (const r of rules) {
    const half = Math.ceil(r.thick / 2) + 1;
    for (let line = Math.floor(r.at - half); line <= Math.ceil(r.at + half); line++) {
      for (let i = r.from; i <= r.to; i++) {
        const x = r.horizontal ? i : line, y = r.horizontal ? line : i;
        if (x >= 0 && y >= 0 && x < img.width && y < img.height) img.data[y * img.width + x] = 255;
      }
    }
  }
}

/**
 * Where a page has ink, in blocks of `block` points: dark pixels per block (capped at 255).
 * Lets the layout tell a cell OCR found empty from one it failed to read.
 */
export function inkMap(img: Gray, dpi: number, block = 2): InkMap {
  const px = (block * dpi) / 72;
  const cols = Math.ceil(img.width / px), rows = Math.ceil(img.height / px);
  const counts = new Uint8Array(cols * rows);
  for (let y = 0; y < img.height; y++) {
    const r = Math.floor(y / px);
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x]! >= DARK) continue;
      const k = r * cols + Math.floor(x / px);
      if (counts[k]! < 255) counts[k]!++;
    }
  }
  return { block, cols, rows, heightPt: (img.height * 72) / dpi, counts };
}

export interface InkMap { block: number; cols: number; rows: number; heightPt: number; counts: Uint8Array }
