/**
 * Rows printed as text between bars, scanned: the bars are found in the image — thin,
 * as tall as the line, white on both sides — and cut the line into cells; a stroke of a
 * character (crossed, or short) is no bar; a line where OCR read more bars than the image
 * shows is not cut; OCR's readings of the bars give way to the bars of the image.
 */
import { describe, expect, it } from 'vitest';
import { barsAlone, barsIn, pipeRows, rebar } from '../../src/extract/documents/ocr-pipe-rows.js';
import { unreadRows } from '../../src/extract/documents/ocr-tangled-lines.js';
import type { TextItem } from '../../src/extract/documents/layout-words.js';
import type { Gray } from '../../src/extract/documents/raster-rules.js';

const DPI = 200;
const page = (): Gray => ({ width: 800, height: 200, data: new Uint8Array(800 * 200).fill(255) });
const ink = (img: Gray, x0: number, y0: number, x1: number, y1: number, v = 0): void => {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) img.data[y * img.width + x] = v;
};
/** A bar as a print rasterises it: `width` dark columns with a grey column of anti-aliasing each side. */
const bar = (img: Gray, x: number, top: number, bottom: number, width = 2): void => {
  ink(img, x - 1, top, x - 1, bottom, 180); ink(img, x, top, x + width - 1, bottom); ink(img, x + width, top, x + width, bottom, 180);
};
/** A zero: a ring 12 px wide, 20 high, on the baseline. */
const zero = (img: Gray, x: number, baseline: number): void => {
  ink(img, x, baseline - 19, x + 11, baseline - 18); ink(img, x, baseline - 1, x + 11, baseline);
  ink(img, x, baseline - 19, x + 1, baseline); ink(img, x + 10, baseline - 19, x + 11, baseline);
};
const LINE = { left: 100, top: 60, right: 400, bottom: 89 };

/** `规章 | 0 | 0 | 0 |` at 200 dpi: label, then bars every 44 px with a zero between. */
function pipeLine(img: Gray, barWidth = 2): number[] {
  ink(img, 100, 62, 150, 86); // the label's ink, a block
  const xs = [190, 234, 278, 322];
  for (const x of xs) bar(img, x, 61, 88, barWidth);
  for (const x of xs.slice(0, 3)) zero(img, x + 16, 84);
  return xs;
}

describe('bars found in the image of a pipe row', () => {
  it.each([1, 2, 3])('bars %i px wide: each found where it is printed', (w) => {
    const img = page();
    const xs = pipeLine(img, w);
    expect(barsIn(img, LINE, DPI)).toEqual(xs.map((x) => [x, x + w - 1]));
  });

  it('a vertical stroke crossed by another (十, 中) is no bar, nor is a short one (a digit 1)', () => {
    const img = page();
    ink(img, 200, 61, 201, 88); ink(img, 190, 74, 212, 75); // 十
    ink(img, 250, 68, 251, 84); // 1: 17 of the line's 29 px
    bar(img, 300, 61, 88);
    expect(barsIn(img, LINE, DPI)).toEqual([[300, 301]]);
  });

  it('a thick stroke is no bar', () => {
    const img = page();
    ink(img, 200, 61, 209, 88);
    expect(barsIn(img, LINE, DPI)).toEqual([]);
  });
});

describe('a pipe row cut into cells', () => {
  const k = 72 / DPI;
  const item = (str: string, xPx: number, wPx: number): TextItem => ({ str, x: xPx * k, w: wPx * k, y: (200 - 88) * k, h: 27 * k, conf: 60 });

  it('cells between the bars, up to them and not over them; OCR\'s bars give way to the image\'s', () => {
    const img = page();
    const xs = pipeLine(img);
    const items = [item('规章', 100, 50), item('|0|0|0|', 188, 140)];
    const [row, ...rest] = pipeRows(img, [LINE], items, DPI, 1.5);
    expect(rest).toEqual([]);
    // The label's cell, then one between each pair of bars; none after the last bar (nothing read there).
    expect(row!.inner.map((c) => [Math.round(c.x0 / k), Math.round(c.x1 / k)])).toEqual([[97, 187], [194, 231], [238, 275], [282, 319]]);
    const after = rebar([item('规章', 100, 50), item('0', 205, 12), item('1', 232, 4), item('0', 249, 12), item('0', 293, 12), item('|', 322, 3)], [row!]);
    expect(after.map((i) => i.str)).toEqual(['规章', '0', '0', '0', '|', '|', '|', '|']);
    expect(after.filter((i) => i.str === '|').map((i) => Math.round(i.x / k))).toEqual(xs);
  });

  it.each(['11', 'l1', '|1'])('a line of bars only that OCR read as %s: the image\'s bars, no value', (read) => {
    const img = page();
    for (const x of [150, 194, 238]) bar(img, x, 61, 88);
    const [row] = pipeRows(img, [LINE], [item(read, 150, 60)], DPI, 1.5);
    expect(rebar([item(read, 150, 60)], [row!]).map((i) => i.str)).toEqual(['|', '|', '|']);
    // …whatever OCR read beside them where the image has no ink: the bars are all there is.
    expect(rebar([item(`${read}11`, 150, 60)], pipeRows(img, [LINE], [item(`${read}11`, 150, 60)], DPI, 1.5)).map((i) => i.str)).toEqual(['|', '|', '|']);
    // …but not when OCR read more characters than the image has bars over a faint stroke (a bar, or a 1, the image check missed).
    ink(img, 282, 64, 283, 86, 170);
    if (!read.includes('|')) expect(pipeRows(img, [LINE], [item(`${read}11`, 150, 140)], DPI, 1.5)).toEqual([]);
  });

  it.each(['出', '川', ''])('a line whose ink is all bars (`|||`) read as "%s": the image\'s bars, no value', (read) => {
    const img = page();
    for (const x of [150, 160, 170]) bar(img, x, 61, 88);
    const words = read ? [item(read, 148, 26)] : [];
    const [row] = pipeRows(img, [{ ...LINE, left: 148, right: 173 }], words, DPI, 1.5);
    expect(row!.cells).toEqual([]);
    expect(rebar(words, [row!]).map((i) => i.str)).toEqual(['|', '|', '|']);
    // With ink beside the bars (a character's stroke), OCR's reading stands.
    ink(img, 176, 70, 186, 72);
    expect(pipeRows(img, [{ ...LINE, left: 148, right: 186 }], words, DPI, 1.5)).toEqual([]);
  });

  it('a rule row (`|---|---|`, a markdown separator printed as text) gives back its dashes, whatever OCR read', () => {
    const img = page();
    const xs = [150, 194, 238];
    for (const x of xs) bar(img, x, 61, 88);
    for (const x of xs.slice(0, 2)) for (const d of [0, 10, 20]) ink(img, x + 8 + d, 74, x + 14 + d, 75); // three hyphens a cell
    const read = [item('|一||上|', 148, 95)];
    const [row] = pipeRows(img, [LINE], read, DPI, 1.5);
    expect(row!.cells).toEqual([]);
    expect(rebar(read, [row!]).map((i) => i.str)).toEqual(['|', '|', '|', '---', '---']);
  });

  it('a row of single long dashes (`| — | — |`, printed for none) is no rule row: its cells are read', () => {
    const img = page();
    for (const x of [150, 194, 238]) bar(img, x, 61, 88);
    for (const x of [150, 194]) ink(img, x + 10, 74, x + 32, 75);
    const [row] = pipeRows(img, [LINE], [item('|—|—|', 148, 95)], DPI, 1.5);
    expect(row!.dashes).toEqual([]);
    expect(row!.cells.length).toBe(3); // the line's start up to its first bar, and the two dashes' cells
  });

  it('is not cut where OCR read more bars than the image shows (a bar the image check missed)', () => {
    const img = page();
    pipeLine(img);
    expect(pipeRows(img, [LINE], [item('规章|', 100, 90), item('|0|0|0|0|', 188, 200)], DPI, 1.5)).toEqual([]);
  });

  /** A word with its characters' spans across (px), as tesseract boxes them. */
  const word = (str: string, spans: [number, number][]): TextItem => ({ ...item(str, spans[0]![0], spans.at(-1)![1] - spans[0]![0]), chars: spans.map(([a, b]) => ({ x0: a * k, x1: b * k })) });

  it('is cut where OCR read every bar as a 1 and each bar reaches below the line\'s other ink (`0 |` read `0 1`)', () => {
    const img = page();
    zero(img, 120, 82); bar(img, 150, 63, 88); // the bar descends 6 px below the zero, as `|` does in CJK fonts
    const line = { ...LINE, right: 160 };
    const [row] = pipeRows(img, [line], [word('01', [[116, 132], [143, 155]])], DPI, 1.5);
    expect(row!.inner.map((c) => [Math.round(c.x0 / k), Math.round(c.x1 / k)])).toEqual([[97, 147]]);
    // …and the 1 gives way to the bar.
    expect(rebar([word('0', [[116, 132]]), word('1', [[143, 155]])], [row!]).map((i) => i.str)).toEqual(['0', '|']);
  });

  it.each([
    ['a digit 1 on the others\' baseline', 82, '01'],
    ['a bar OCR read as a 7', 88, '07'],
  ])('is not cut at %s', (_, bottom, read) => {
    const img = page();
    zero(img, 120, 82); bar(img, 150, 63, bottom);
    // The line's box as tesseract gives it, around its ink: the stroke is as tall as the line, a bar to the image.
    const line = { ...LINE, top: 62, bottom: bottom + 1, right: 160 };
    expect(barsIn(img, line, DPI)).toEqual([[150, 151]]);
    expect(pipeRows(img, [line], [word(read, [[116, 132], [143, 155]])], DPI, 1.5)).toEqual([]);
  });

  it('counts a bar read twice, as a word of its own beside the number it closes, once (`52 |` read `5|` and `|`)', () => {
    const img = page();
    zero(img, 120, 84); zero(img, 135, 84); bar(img, 168, 61, 88);
    const [row] = pipeRows(img, [{ ...LINE, right: 175 }], [word('5|', [[116, 153], [168, 170]]), word('|', [[162, 174]])], DPI, 1.5);
    expect(row!.inner.map((c) => [Math.round(c.x0 / k), Math.round(c.x1 / k)])).toEqual([[97, 165]]);
    // A `|` read where the image has no bar still counts: the line is not cut.
    expect(pipeRows(img, [{ ...LINE, right: 175 }], [word('5|', [[116, 125], [132, 136]]), word('|', [[162, 174]])], DPI, 1.5)).toEqual([]);
  });

  it('is not cut where OCR read no bar at all, but is at a single bar', () => {
    const img = page();
    pipeLine(img);
    expect(pipeRows(img, [LINE], [item('规章', 100, 50), item('0 0 0', 200, 120)], DPI, 1.5)).toEqual([]);
    // `0 |`, a text form printed one cell a line: the value's cell, up to its bar.
    const one = page();
    zero(one, 120, 84); bar(one, 150, 61, 88);
    const [row] = pipeRows(one, [{ ...LINE, right: 160 }], [item('0|', 118, 36)], DPI, 1.5);
    expect(row!.inner.map((c) => [Math.round(c.x0 / k), Math.round(c.x1 / k)])).toEqual([[97, 147]]);
  });
});

describe('lines of bars alone that OCR dropped', () => {
  it('are found where no line of OCR\'s lies and all the ink is bars; a row of text OCR missed, or a speck, is not', () => {
    const img: Gray = { width: 800, height: 400, data: new Uint8Array(800 * 400).fill(255) };
    const read = [{ left: 100, top: 20, right: 160, bottom: 48 }, { left: 100, top: 113, right: 160, bottom: 141 }];
    ink(img, 100, 22, 150, 46); ink(img, 100, 115, 150, 139); // the rows OCR read
    bar(img, 104, 52, 80); // a lone `|`, dropped
    bar(img, 104, 82, 108); bar(img, 118, 82, 108); // `||`, dropped (a row of white above it)
    ink(img, 100, 150, 140, 176); // text OCR missed
    ink(img, 300, 200, 302, 204); // a speck
    expect(unreadRows(img, read).filter((l) => barsAlone(img, l, DPI))).toEqual([{ left: 104, right: 105, top: 52, bottom: 80 }, { left: 104, right: 119, top: 82, bottom: 108 }]);
  });
});
