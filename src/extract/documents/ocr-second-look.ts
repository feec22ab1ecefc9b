/**
 * A second look at the cells of a scanned table. The page reading (chi_sim over
 * the whole page) mixes the lines of neighbouring cells — a label wrapped over
 * three lines beside a row of numbers comes out scrambled — so every cell with ink
 * is cut out and the cells are stacked into strips read cell by cell: all of them
 * by chi_sim again, and the value cells once more, enlarged, by a digits-only model
 * (eng). A label takes its cell's own reading. A value is sure when two of the
 * three readings give it and none gives another number (an unsure page reading is
 * outvoted by two sure cell readings); else the cell is left unread (empty, its ink
 * marking it), whatever a reader's own confidence said.
 */
import type { Rect, TextItem } from './layout-words.js';
import { inkIn } from './layout-words.js';
import { snapLabel } from './ocr-labels.js';
import { OCR_SURE } from './layout-render.js';
import type { Gray, InkMap } from './raster-rules.js';

const NUMERIC = /^[+\-]?\d[\d,.]*$/;
/** Digits with a stray mark or two, and no letters: a number OCR half read. */
const ALMOST = /^(?=.*\d)[^\p{L}]{1,12}$/u;
const GAP = 24; // white pixels between crops in a strip
export const CROP_MARGIN_PT = 1.5; // keep clear of the wiped rules
const INK = 12; // dark pixels that are more than specks

export interface Crop { box: Rect; first: string; items: TextItem[] }
export interface Reading { text: string; conf: number }
export interface StripWord { text: string; left: number; top: number; right: number; bottom: number; conf: number }

/**
 * Items cut where they cross from one cell into another (OCR joins the digits of neighbouring
 * cells once their border is wiped), by their characters' boxes.
 */
export function splitAtCells(items: readonly TextItem[], cells: readonly Rect[]): TextItem[] {
  const cellOf = (x: number, y: number): number => cells.findIndex((b) => x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1);
  return items.flatMap((it) => {
    const chars = [...it.str];
    if (!it.chars || it.chars.length !== chars.length || chars.length < 2) return [it];
    const cy = it.y + it.h / 2;
    const at = it.chars.map((c) => cellOf((c.x0 + c.x1) / 2, cy));
    if (at.every((k) => k === at[0])) return [it];
    const out: TextItem[] = [];
    let from = 0;
    for (let i = 1; i <= chars.length; i++) {
      if (i < chars.length && at[i] === at[from]) continue;
      const spans = it.chars.slice(from, i);
      out.push({ ...it, str: chars.slice(from, i).join(''), x: spans[0]!.x0, w: spans[spans.length - 1]!.x1 - spans[0]!.x0, chars: spans });
      from = i;
    }
    return out;
  });
}

/** The cells with something in them (a word read, or ink), each with the page's reading of it. */
export function cropsFor(cells: readonly Rect[], items: readonly TextItem[], ink: InkMap): Crop[] {
  const out: Crop[] = [];
  for (const box of cells) {
    const inside = items.filter((it) => { const cx = it.x + it.w / 2, cy = it.y + it.h / 2; return cx > box.x0 && cx < box.x1 && cy > box.y0 && cy < box.y1; });
    const first = [...inside].sort((a, b) => b.y - a.y || a.x - b.x).map((it) => it.str).join('').replace(/\s+/g, '');
    const inner = { x0: box.x0 + CROP_MARGIN_PT, x1: box.x1 - CROP_MARGIN_PT, y0: box.y0 + CROP_MARGIN_PT, y1: box.y1 - CROP_MARGIN_PT };
    if (inner.x1 <= inner.x0 || inner.y1 <= inner.y0) continue;
    if (first !== '' || inkIn(ink, inner) > INK) out.push({ box: inner, first, items: inside });
  }
  return out;
}

/** The crops, enlarged `scale` times and stacked top to bottom; `bands[i]` is where crop i's band starts and ends. */
export function strip(img: Gray, crops: readonly Crop[], dpi: number, scale: number): { image: Gray; bands: [number, number][] } {
  const k = dpi / 72;
  const px = crops.map((c) => ({ x: Math.floor(c.box.x0 * k), y: Math.floor(img.height - c.box.y1 * k), w: Math.ceil((c.box.x1 - c.box.x0) * k), h: Math.ceil((c.box.y1 - c.box.y0) * k) }));
  const width = Math.max(1, ...px.map((p) => p.w * scale)) + 2 * GAP;
  const height = px.reduce((n, p) => n + p.h * scale + GAP, GAP);
  const data = new Uint8Array(width * height).fill(255);
  const bands: [number, number][] = [];
  let top = GAP;
  for (const p of px) {
    for (let y = 0; y < p.h * scale; y++) {
      const sy = p.y + Math.floor(y / scale);
      if (sy < 0 || sy >= img.height) continue;
      for (let x = 0; x < p.w * scale; x++) {
        const sx = p.x + Math.floor(x / scale);
        if (sx >= 0 && sx < img.width) data[(top + y) * width + GAP + x] = img.data[sy * img.width + sx]!;
      }
    }
    bands.push([top, top + p.h * scale]);
    top += p.h * scale + GAP;
  }
  return { image: { width, height, data }, bands };
}

/** Words of a strip assigned to the band their centre falls in, read line by line. */
export function readings(words: readonly StripWord[], bands: readonly [number, number][]): Reading[] {
  return bands.map(([a, b]) => {
    const mine = words.filter((w) => (w.top + w.bottom) / 2 >= a - GAP / 2 && (w.top + w.bottom) / 2 < b + GAP / 2)
      .sort((x, y) => (Math.abs(x.top - y.top) < (x.bottom - x.top) / 2 ? x.left - y.left : x.top - y.top));
    return { text: mine.map((w) => w.text).join('').replace(/\s+/g, ''), conf: mine.length ? Math.min(...mine.map((w) => w.conf)) : 0 };
  });
}

/**
 * One ideograph alone in a cell, by both readings: the template has no one-character label,
 * so it is a number misread (`4` as `不`), unless it is a word a value cell may hold (无 空
 * for a blank, 一 for a dash, 〇 零 for a zero). Taken for a label, it ended its row.
 */
const LONE_IDEOGRAPH = /^(?![无空一〇零])\p{Script=Han}$/u;
/** Crops whose cell holds a number (or almost one, or unread ink, or a lone ideograph) by the page's or the cell's own reading. */
export const isValueCrop = (c: Crop, own: Reading): boolean => ALMOST.test(c.first) || ALMOST.test(own.text) || (c.first === '' && own.text === '')
  || (LONE_IDEOGRAPH.test(c.first) && LONE_IDEOGRAPH.test(own.text));

/**
 * The page's items after the second look. A label cell's words give way to its own reading.
 * In a value cell, a number at least two readings give and no reading contradicts stands,
 * sure (confidence 99); a cell without one is emptied, so the layout finds its ink and
 * reports it unread. `digits[i]` is undefined for crops that are no value cells.
 */
export function reconcile(items: readonly TextItem[], crops: readonly Crop[], own: readonly Reading[], digits: readonly (Reading | undefined)[]): TextItem[] {
  const gone = new Set<TextItem>();
  const added: TextItem[] = [];
  const place = (c: Crop, text: string, conf: number): TextItem => {
    const h = Math.min(c.box.y1 - c.box.y0, 10);
    // Where the page reading put the cell's words, across all of them (a line's ink under no word
    // reads as ink OCR missed), bars read in the cell aside — unless its character boxes put them outside the cell.
    const words = c.items.filter((it) => it.x + it.w / 2 > c.box.x0 && it.x + it.w / 2 < c.box.x1 && /[^|丨\s]/.test(it.str));
    const at = words[0];
    if (!at) return { str: text, x: c.box.x0 + 1, y: (c.box.y0 + c.box.y1) / 2 - h / 2, w: text.length * 5, h, conf };
    const x0 = Math.max(Math.min(...words.map((it) => it.x)), c.box.x0);
    const x1 = Math.min(Math.max(...words.map((it) => it.x + it.w)), c.box.x1);
    return { str: text, x: x0, y: at.y, w: Math.max(x1 - x0, text.length * 5), h: at.h, conf };
  };
  crops.forEach((c, i) => {
    const mine = own[i]!, d = digits[i];
    for (const it of c.items) gone.add(it);
    if (!d) {
      const text = snapLabel(mine.text || c.first);
      if (text) added.push(place(c, text, mine.text ? mine.conf : Math.min(...c.items.map((it) => it.conf ?? 0))));
      return;
    }
    // The page reading mixes neighbouring lines (a tall row's centred value): when it is unsure and
    // both readings of the cell alone give one number, sure, they outvote it.
    const firstConf = Math.min(100, ...c.items.map((it) => it.conf ?? 0));
    const cellsAgree = NUMERIC.test(d.text) && d.text === mine.text && Math.min(d.conf, mine.conf) >= OCR_SURE;
    const reads = [cellsAgree && firstConf < OCR_SURE ? '' : c.first, d.text, mine.text].filter((t) => t !== '');
    const numbers = reads.filter((t) => NUMERIC.test(t));
    const agreed = numbers.find((t) => numbers.filter((u) => u === t).length >= 2);
    // A reading with stray marks (`2:`, `7Z4`) does not contradict when its digits are the agreed ones;
    const digitsOf = (t: string): string => t.replace(/[^\d.]/g, '');
    // A reading with no digit at all (`|` for a 1) abstains.
    const ok = agreed !== undefined && reads.every((t) => t === agreed || (!NUMERIC.test(t) && (digitsOf(t) === digitsOf(agreed) || !/\d/.test(t))));
    if (process.env.NIANBAO_OCR_DEBUG) console.error('second look', JSON.stringify([c.first, d.text, mine.text]), c.items.map((it) => it.conf), d.conf, mine.conf, ok ? 'sure' : 'unread');
    if (ok) added.push(place(c, agreed!, 99));
  });
  return [...items.filter((it) => !gone.has(it)), ...added];
}
