/**
 * Rows printed as text with bars between their cells (`规章 | 0 | 0 | 0 |`), scanned. OCR
 * reads such a line as one or two words (`|0|0|0|`, a bar now and then a `1`) at a
 * confidence too low to state its values. The bars themselves are plain in the image:
 * thin vertical strokes as tall as the line, with white on both sides. Found there, they
 * cut the line into cells that get the second look a ruled table's cells get
 * (ocr-second-look.ts), and they come back as bars placed where the image has them, so a
 * bar OCR read as a digit can never become a value.
 *
 * A line is cut only where OCR read a bar too, and the image shows at least as many bars as
 * OCR read: a bar the image check missed (broken ink) would leave two values in one cell. A
 * single bar counts (a text form one cell a line prints `0 |`).
 */
import type { Rect, TextItem } from './layout-words.js';
import type { Gray } from './raster-rules.js';

/** A text line tesseract found, in pixels (y down). */
export interface PixelLine { left: number; top: number; right: number; bottom: number }

export interface PipeRow {
  /** The line, in points (y up), a little taller than its box (see `cells`). */
  readonly box: Rect;
  /** Its cells between bars, in points, padded by `pad` so a crop inset by it is the line's own box. */
  readonly cells: readonly Rect[];
  /** The same cells unpadded: what lies outside them on the line is a bar. */
  readonly inner: readonly Rect[];
  /** A rule row (`|---|---|`, a markdown table's separator printed as text): where its dashes are. */
  readonly dashes: readonly Rect[];
  /** The bars, in points: x0, x1 across. */
  readonly bars: readonly { x0: number; x1: number }[];
}

const DARK = 128;
const MIN_HEIGHT = 0.8; // of the line's box: a bar spans the line (a CJK stroke seldom does, and is not alone)
const SIDE = 3; // px of white on each side of a bar (anti-aliasing takes the first)
/** px kept clear of a bar by a cell: its anti-aliased edge read alone is a `1`. */
const CLEAR = 3;

/** A dark-pixel run in column x through row `mid`, within [from, to]: its top and bottom, or null. */
function runThrough(img: Gray, x: number, mid: number, from: number, to: number): [number, number] | null {
  const dark = (y: number): boolean => img.data[y * img.width + x]! < DARK;
  if (x < 0 || x >= img.width || !dark(mid)) return null;
  let a = mid, b = mid;
  while (a - 1 >= from && dark(a - 1)) a--;
  while (b + 1 <= to && dark(b + 1)) b++;
  return [a, b];
}

/** Bars in a line of the image: [x0, x1] pixel columns, left to right. */
export function barsIn(img: Gray, line: PixelLine, dpi: number): [number, number][] {
  const h = line.bottom - line.top;
  const mid = Math.round((line.top + line.bottom) / 2);
  const from = Math.max(0, line.top - 4), to = Math.min(img.height - 1, line.bottom + 4);
  const maxWidth = Math.max(3, Math.round((dpi / 72) * 1.5));
  const tall = (x: number): [number, number] | null => {
    const r = runThrough(img, x, mid, from, to);
    return r && r[1] - r[0] + 1 >= MIN_HEIGHT * h ? r : null;
  };
  const out: [number, number][] = [];
  for (let x = Math.max(SIDE, line.left - 4); x <= Math.min(img.width - 1 - SIDE, line.right + 4); x++) {
    const first = tall(x);
    if (!first) continue;
    let x1 = x, top = first[0], bottom = first[1];
    for (let r = tall(x1 + 1); r; r = tall(x1 + 1)) { x1++; top = Math.min(top, r[0]); bottom = Math.max(bottom, r[1]); }
    if (x1 - x + 1 <= maxWidth && alone(img, x, x1, top, bottom)) out.push([x, x1]);
    x = x1;
  }
  return out;
}

/** No dark pixel beside the stroke (one column of anti-aliasing left out) along its height. */
function alone(img: Gray, x0: number, x1: number, top: number, bottom: number): boolean {
  for (let y = top; y <= bottom; y++) {
    for (const x of [x0 - SIDE, x0 - 2, x1 + 2, x1 + SIDE]) if (img.data[y * img.width + x]! < DARK) return false;
  }
  return true;
}

/**
 * What a cell of a line holds, by its ink in columns [a, b]: nothing; dashes (`---`: two or more
 * flat marks side by side, no taller than a fifth of the line — one long dash may be a printed
 * `—` meaning none, and is not taken for a rule); or something else.
 */
function inkOf(img: Gray, a: number, b: number, line: PixelLine): 'none' | 'dashes' | 'other' {
  let top = Infinity, bottom = -Infinity;
  const cols: boolean[] = [];
  for (let x = Math.max(0, a); x <= Math.min(img.width - 1, b); x++) {
    let any = false;
    for (let y = Math.max(0, line.top); y <= Math.min(img.height - 1, line.bottom); y++) {
      if (img.data[y * img.width + x]! >= DARK) continue;
      any = true; top = Math.min(top, y); bottom = Math.max(bottom, y);
    }
    cols.push(any);
  }
  if (top === Infinity) return 'none';
  const marks = cols.map((c, i) => (c && !cols[i - 1] ? 1 : 0) as number).reduce((n, m) => n + m, 0);
  return bottom - top + 1 <= Math.max(3, 0.2 * (line.bottom - line.top)) && marks >= 2 ? 'dashes' : 'other';
}

/**
 * How many bars OCR read: each of the image's bars once however often it was read (a doubled
 * `||`, or the bar read again as a word of its own), and each `|` (or run of them) read where
 * the image shows no bar.
 */
function barsRead(mine: readonly TextItem[], bars: readonly [number, number][], k: number): number {
  const seen = new Set<number>();
  let elsewhere = 0;
  for (const it of mine) {
    const chars = [...it.str];
    if (!it.chars || it.chars.length !== chars.length) { elsewhere += it.str.match(/\|+/g)?.length ?? 0; continue; }
    for (const run of it.str.matchAll(/\|+/g)) {
      const spans = it.chars.slice(chars.slice(0, run.index).length, chars.slice(0, run.index).length + run[0].length);
      const hit = bars.findIndex((bar) => spans.some((c) => overBar(c, bar, k)));
      if (hit < 0) elsewhere++; else seen.add(hit);
    }
  }
  return seen.size + elsewhere;
}

/** Whether a row of ink is bars alone (a lone `|`, `|||`): tesseract often drops such a row, and `pipeRows` gives back its bars. */
export const barsAlone = (img: Gray, line: PixelLine, dpi: number): boolean => onlyBars(img, line, barsIn(img, line, dpi));

/** Ink too light to be found dark (a faint stroke): still ink, where a line must have none but its bars. */
const FAINT = 200;

/** Whether all the line's ink, faint included, lies in its bars (or their anti-aliased edges). */
function onlyBars(img: Gray, line: PixelLine, bars: readonly [number, number][]): boolean {
  if (bars.length === 0) return false;
  for (let y = Math.max(0, line.top); y <= Math.min(img.height - 1, line.bottom); y++) {
    for (let x = Math.max(0, line.left - 4); x <= Math.min(img.width - 1, line.right + 4); x++) {
      if (img.data[y * img.width + x]! < FAINT && !bars.some(([a, b]) => x >= a - 2 && x <= b + 2)) return false;
    }
  }
  return true;
}

/** Whether a character's span (points) covers a bar's middle (pixel columns [a, b]). */
const overBar = (c: { x0: number; x1: number }, [a, b]: readonly [number, number], k: number): boolean => c.x0 <= ((a + b + 1) / 2) * k && c.x1 >= ((a + b + 1) / 2) * k;

/** What OCR reads a bar as when it reads no `|`. */
const BAR_LIKE = /^[1lI丨!]$/;

/**
 * A line where OCR read every bar as a `1` (`0 |` read `0 1`): each bar the image shows lies
 * under a character OCR read as one, and reaches below the rest of the line's ink — a `|`
 * descends in CJK fonts, a digit `1` sits on the baseline with the others. Tesseract's own
 * character boxes can't tell (it boxes a `0` as tall as two lines), the pixels can.
 */
function readAsOnes(img: Gray, line: PixelLine, bars: readonly [number, number][], mine: readonly TextItem[], k: number): boolean {
  const under = (bar: [number, number]): boolean => mine.some((it) => it.chars?.some((c, i) => BAR_LIKE.test([...it.str][i] ?? '') && overBar(c, bar, k)));
  const rest = inkRows(img, line, bars);
  if (!rest) return false;
  const drop = Math.max(2, 0.15 * (rest.bottom - rest.top + 1));
  const mid = Math.round((line.top + line.bottom) / 2);
  return bars.every((bar) => {
    const run = runThrough(img, bar[0], mid, Math.max(0, line.top - 4), Math.min(img.height - 1, line.bottom + 4));
    return under(bar) && run !== null && run[1] >= rest.bottom + drop;
  });
}

/** The top and bottom rows of the line's ink off its bars, or null when it has none. */
function inkRows(img: Gray, line: PixelLine, bars: readonly [number, number][]): { top: number; bottom: number } | null {
  let top = Infinity, bottom = -Infinity;
  for (let x = Math.max(0, line.left); x <= Math.min(img.width - 1, line.right); x++) {
    if (bars.some(([a, b]) => x >= a - SIDE && x <= b + SIDE)) continue;
    for (let y = Math.max(0, line.top); y <= Math.min(img.height - 1, line.bottom); y++) {
      if (img.data[y * img.width + x]! < DARK) { top = Math.min(top, y); bottom = Math.max(bottom, y); }
    }
  }
  return top === Infinity ? null : { top, bottom };
}

/**
 * The lines of a page that are pipe rows, with their cells. `items` are OCR's words (points),
 * to count the bars OCR read on each line; `pad` is the inset the cell crops take.
 */
export function pipeRows(img: Gray, lines: readonly PixelLine[], items: readonly TextItem[], dpi: number, pad: number): PipeRow[] {
  const k = 72 / dpi;
  const toY = (py: number): number => (img.height - py) * k;
  const out: PipeRow[] = [];
  for (const line of lines) {
    const bars = barsIn(img, line, dpi);
    if (bars.length === 0) continue;
    const y0 = toY(line.bottom) - pad, y1 = toY(line.top) + pad;
    const mine = items.filter((it) => { const cy = it.y + it.h / 2; return cy > y0 && cy < y1 && it.x < (line.right + 4) * k && it.x + it.w > (line.left - 4) * k; });
    const read = barsRead(mine, bars, k);
    // A line of bars only (`||||`, a text form's empty cells) that OCR read as `11`: every character a bar reading, as many as the bars.
    const chars = mine.map((it) => it.str).join('');
    // …or whatever OCR read it as (`出` for `|||`), or nothing at all, when the bars are all its ink.
    const inkBars = onlyBars(img, line, bars);
    const barsOnly = inkBars || (chars !== '' && /^[1lI|丨]+$/.test(chars) && chars.length <= bars.length);
    if (!inkBars && ((read === 0 && !barsOnly && !readAsOnes(img, line, bars, mine, k)) || read > bars.length)) continue;
    // Cells: from the line's start to the first bar, between bars, and after the last bar when OCR read words there.
    const edges = [line.left - 3, ...bars.flatMap(([a, b]) => [a - CLEAR, b + CLEAR]), line.right + 3];
    const cells: Rect[] = [], inner: Rect[] = [];
    // A line of bars only has no cells: all OCR read on it goes, the bars come back.
    for (let i = 0; i + 1 < edges.length && !barsOnly; i += 2) {
      const [a, b] = [edges[i]!, edges[i + 1]!];
      if (b - a < 2) continue;
      if (i + 1 === edges.length - 1 && !mine.some((it) => it.x + it.w / 2 > a * k && it.x + it.w / 2 < b * k)) continue;
      // Padded across so that the crop, inset by `pad`, is exactly [a, b]: up to the bars, not over them.
      cells.push({ x0: a * k - pad, x1: b * k + pad, y0, y1 });
      inner.push({ x0: a * k, x1: b * k, y0: y0 + pad, y1: y1 - pad });
    }
    // A rule row: every cell with ink holds dashes only. It has no cells to read, only its dashes to give back.
    const held = inner.map((c) => inkOf(img, Math.round(c.x0 / k), Math.round(c.x1 / k), line));
    const dashed = inner.filter((_, i) => held[i] !== 'none');
    const rule = dashed.length > 0 && held.every((h) => h !== 'other');
    if (rule) { cells.length = 0; inner.length = 0; }
    out.push({ box: { x0: (line.left - 4) * k, x1: (line.right + 4) * k, y0, y1 }, cells, inner, dashes: rule ? dashed : [], bars: bars.map(([a, b]) => ({ x0: a * k, x1: (b + 1) * k })) });
  }
  return out;
}

/**
 * The page's items with the words OCR read on the pipe rows' bars (`|`, or a bar read as `1`)
 * replaced by the bars the image shows: whatever lies between cells is a bar. A rule row's
 * dashes (OCR reads `---` as `一` or `上`) come back as `---`.
 */
export function rebar(items: readonly TextItem[], rows: readonly PipeRow[]): TextItem[] {
  const rowOf = (it: TextItem): PipeRow | undefined => {
    const cx = it.x + it.w / 2, cy = it.y + it.h / 2;
    return rows.find((r) => cx > r.box.x0 && cx < r.box.x1 && cy > r.box.y0 && cy < r.box.y1);
  };
  const kept = items.filter((it) => {
    const r = rowOf(it);
    if (!r) return true;
    const cx = it.x + it.w / 2;
    return r.inner.some((c) => cx > c.x0 && cx < c.x1) && it.str.replace(/\|/g, '') !== '';
  });
  const bars = rows.flatMap((r) => {
    const h = r.box.y1 - r.box.y0;
    return r.bars.map((b): TextItem => ({ str: '|', x: b.x0, w: b.x1 - b.x0, y: r.box.y0 + h * 0.15, h: h * 0.7, conf: 99 }));
  });
  const dashes = rows.flatMap((r) => r.dashes.map((c): TextItem => ({ str: '---', x: c.x0 + 1, w: c.x1 - c.x0 - 2, y: r.box.y0 + (r.box.y1 - r.box.y0) * 0.3, h: (r.box.y1 - r.box.y0) * 0.4, conf: 99 })));
  return [...kept, ...bars, ...dashes];
}
