/**
 * Positioned text → words → lines. A text layer's item may hold several cells
 * joined by spaces (pdfjs writes a space for a gap of ≥ 0.1 em): split there, with
 * each part's position estimated from the glyph widths of CJK and Latin text.
 * Coordinates are PDF-style: points, y grows upwards, `y` is the baseline.
 */
import { unifyRadicals } from './cjk-radicals.js';
import type { InkMap } from './raster-rules.js';

export interface TextItem {
  str: string; x: number; y: number; w: number; h: number;
  /** Rotated text: x/y/w/h are its box. */
  vertical?: boolean;
  /** OCR word confidence, 0–100; absent for a text layer. */
  conf?: number;
  /** Where each character of `str` sits across the line, when the reader knows (OCR). */
  chars?: readonly CharSpan[];
}
export interface CharSpan { x0: number; x1: number }
/** A ruling line (table border); horizontal when y0 == y1. */
export interface Rule { x0: number; y0: number; x1: number; y1: number }
export interface Rect { x0: number; y0: number; x1: number; y1: number }
export interface PageItems {
  width: number; height: number; items: TextItem[]; rules?: Rule[];
  /** The visible area when the page clips its content (a print area): text crossing it is cut off. */
  clip?: Rect;
  /** Gap, in glyph heights, that separates cells (OCR word boxes sit further apart than text-layer runs). */
  cellGap?: number;
  /** OCR pages: where the image has ink (see raster-rules.ts), to tell an empty cell from an unread one. */
  ink?: InkMap;
}

/** Dark pixels the ink map counts inside a box (points, y up). */
export function inkIn(ink: InkMap, box: Rect): number {
  let n = 0;
  const c0 = Math.max(0, Math.floor(box.x0 / ink.block)), c1 = Math.min(ink.cols - 1, Math.floor(box.x1 / ink.block));
  const r0 = Math.max(0, Math.floor((ink.heightPt - box.y1) / ink.block)), r1 = Math.min(ink.rows - 1, Math.floor((ink.heightPt - box.y0) / ink.block));
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) n += ink.counts[r * ink.cols + c]!;
  return n;
}

export interface Word {
  text: string; x0: number; x1: number; y: number; h: number; vertical: boolean; conf?: number;
  /** The text layer had a space right before this word (within one item). */
  spaced?: boolean;
  /** The word runs past the visible area: what is printed of it may be a part. */
  clipped?: boolean;
  chars?: readonly CharSpan[];
}
export interface Cell { text: string; x0: number; x1: number; y: number; h: number; conf?: number; clipped?: boolean }
export interface Line { page: number; y: number; h: number; cells: Cell[]; text: string; words: Word[] }

/** Advance of a character in ems: CJK and full-width forms take a whole em (the OFD reader places glyphs with it too). */
export const advance = (ch: string): number => (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 1 : /[0-9]/.test(ch) ? 0.55 : /[A-Za-z]/.test(ch) ? 0.55 : 0.35);

export function wordsOf(items: readonly TextItem[], clip?: Rect): Word[] {
  const out = splitItems(items);
  if (!clip) return out;
  return out.map((w) => (w.x0 < clip.x0 - 0.5 || w.x1 > clip.x1 + 0.5 || w.y < clip.y0 - 0.5 || w.y + 0.7 * w.h > clip.y1 + 0.5 ? { ...w, clipped: true } : w));
}

function splitItems(items: readonly TextItem[]): Word[] {
  const out: Word[] = [];
  for (const it of items) {
    const str = unifyRadicals(it.str);
    const h = it.h || 10;
    const conf = it.conf === undefined ? {} : { conf: it.conf };
    // Characters stacked one per line (a narrow column's group label) read like rotated text.
    const stacked = [...str.trim()].length >= 2 && h > 2.5 * it.w;
    if (it.vertical || stacked || !/\S\s+\S/.test(str.trim())) {
      const chars = it.chars && it.chars.length === [...str].length && str === str.trim() ? { chars: it.chars } : {};
      if (str.trim()) out.push({ text: str.trim(), x0: it.x, x1: it.x + it.w, y: it.y, h, vertical: !!it.vertical || stacked, ...conf, ...chars });
      continue;
    }
    // Split at spaces: glyphs get their estimated share of the width, spaces what is left.
    const parts = str.trim().split(/(\s+)/);
    const glyphs = parts.filter((_, i) => i % 2 === 0).reduce((n, p) => n + [...p].reduce((m, ch) => m + advance(ch), 0), 0);
    const spaces = parts.length >> 1;
    const em = Math.min(h, spaces ? it.w / Math.max(glyphs, 0.01) : h);
    const gap = spaces ? Math.max(0, (it.w - glyphs * em) / spaces) : 0;
    let x = it.x;
    parts.forEach((p, i) => {
      if (i % 2 === 1) { x += gap; return; }
      const w = [...p].reduce((m, ch) => m + advance(ch), 0) * em;
      out.push({ text: p, x0: x, x1: x + w, y: it.y, h, vertical: false, ...conf, ...(i > 0 ? { spaced: true } : {}) });
      x += w;
    });
  }
  return out;
}

/** Words on one baseline (within half the smaller glyph height), left to right. */
export function groupLines(words: readonly Word[], page: number, cellGap: number): Line[] {
  // Stacked or rotated group labels sit beside many rows; they label no single row.
  const sorted = words.filter((w) => !w.vertical).sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const lines: { y: number; h: number; words: Word[] }[] = [];
  for (const w of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - w.y) <= 0.5 * Math.min(last.h, w.h)) last.words.push(w);
    else lines.push({ y: w.y, h: w.h, words: [w] });
  }
  const first = lines.map((l) => splitCells(l.words, cellGap, []));
  const anchors = columnStarts(first.flat());
  return lines.map((l, i) => {
    const cells = anchors.length ? splitCells(l.words, cellGap, anchors) : first[i]!;
    return { page, y: l.y, h: l.h, cells, text: cells.map((c) => c.text).join(' '), words: l.words };
  });
}

/**
 * Where the cells of an unruled table's columns start: left edges shared by at least three
 * cells (within a point and a half). A column printed without padding leaves less than the
 * cell gap between one column's text and the next; a word starting on such an edge starts a
 * cell of its own.
 */
function columnStarts(cells: readonly Cell[]): number[] {
  const xs = cells.map((c) => c.x0).sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1]! - xs[i]! <= 1.5) j++;
    if (j - i + 1 >= 3) out.push(xs[i]! + (xs[j]! - xs[i]!) / 2);
    i = j + 1;
  }
  return out;
}

const NUMBER_WORD = /^[+\-−]?\d[\d,，.]*%?$/;

/**
 * A gap wider than `cellGap` em starts a new cell; CJK runs are joined without spaces.
 * Two numbers standing apart are two cells even when the gap is narrow, and so is a word
 * standing apart on a column's left edge (`anchors`).
 */
function splitCells(words: readonly Word[], cellGap: number, anchors: readonly number[]): Cell[] {
  const cells: Cell[] = [];
  for (const w of [...words].sort((a, b) => a.x0 - b.x0)) {
    const last = cells[cells.length - 1];
    const gap = last ? w.x0 - last.x1 : Infinity;
    const visible = w.spaced || gap > 0.12 * w.h;
    // On a column's edge even touching text starts a cell (a column printed without padding).
    const apart = (visible && NUMBER_WORD.test(w.text) && NUMBER_WORD.test(last?.text ?? '')) || (gap > -0.5 && anchors.some((x) => Math.abs(x - w.x0) <= 1.5));
    if (last && !apart && gap <= Math.max(3, cellGap * Math.min(w.h, last.h))) {
      // A space the text layer wrote stays; between items, a wide gap between Latin or digits is one.
      const space = w.spaced || (gap > 0.25 * w.h && /[A-Za-z0-9]$/.test(last.text) && /^[A-Za-z0-9]/.test(w.text)) ? ' ' : '';
      last.text += space + w.text;
      last.x1 = Math.max(last.x1, w.x1);
      if (w.conf !== undefined) last.conf = Math.min(last.conf ?? 100, w.conf);
      if (w.clipped) last.clipped = true;
    } else cells.push({ text: w.text, x0: w.x0, x1: w.x1, y: w.y, h: w.h, ...(w.conf === undefined ? {} : { conf: w.conf }), ...(w.clipped ? { clipped: true } : {}) });
  }
  return cells.filter((c) => c.text);
}
