/**
 * Table rules found in a scanned page's pixels. Generated pages: rules drawn at
 * varying places — touching the image's edges or not, broken by small gaps,
 * one to several pixels thick — beside text-like blots that are no rules.
 */
import { describe, expect, it } from 'vitest';
import { findPixelRules, inkMap, parsePgm, toRules, wipe, writePgm, type Gray } from '../../src/extract/documents/raster-rules.js';

function blank(width: number, height: number): Gray {
  return { width, height, data: new Uint8Array(width * height).fill(255) };
}
function hline(img: Gray, y: number, x0: number, x1: number, thick = 1, value = 0): void {
  for (let t = 0; t < thick; t++) for (let x = x0; x <= x1; x++) img.data[(y + t) * img.width + x] = value;
}
function vline(img: Gray, x: number, y0: number, y1: number, thick = 1): void {
  for (let t = 0; t < thick; t++) for (let y = y0; y <= y1; y++) img.data[y * img.width + x + t] = 0;
}

describe('findPixelRules', () => {
  // Every combination of a rule reaching the left, the right, both or neither edge.
  const spans = [[0, 399], [0, 300], [40, 399], [40, 300]] as const;
  for (const [x0, x1] of spans) {
    for (const thick of [1, 2, 5]) {
      it(`finds a horizontal rule from x ${x0} to ${x1}, ${thick} px thick`, () => {
        const img = blank(400, 120);
        hline(img, 50, x0, x1, thick);
        const rules = findPixelRules(img).filter((r) => r.horizontal);
        expect(rules).toEqual([{ horizontal: true, at: 50 + (thick - 1) / 2, from: x0, to: x1, thick }]);
      });
      it(`finds a vertical rule from y ${x0} to ${x1}, ${thick} px thick`, () => {
        const img = blank(120, 400);
        vline(img, 60, x0, x1, thick);
        const rules = findPixelRules(img).filter((r) => !r.horizontal);
        expect(rules).toEqual([{ horizontal: false, at: 60 + (thick - 1) / 2, from: x0, to: x1, thick }]);
      });
    }
  }

  it('bridges gaps of two pixels and no more', () => {
    const img = blank(400, 60);
    hline(img, 10, 0, 150); hline(img, 10, 153, 399); // a 2-pixel gap: one rule
    hline(img, 30, 0, 150); hline(img, 30, 154, 399); // a 3-pixel gap: two rules
    const rules = findPixelRules(img).filter((r) => r.horizontal).map((r) => [r.at, r.from, r.to]);
    expect(rules).toEqual([[10, 0, 399], [30, 0, 150], [30, 154, 399]]);
  });

  it('takes neither short dashes, light lines nor a thick dark block for rules', () => {
    const img = blank(400, 200);
    for (let x = 0; x < 400; x += 8) hline(img, 20, x, x + 3); // text-like dashes
    hline(img, 60, 0, 399, 1, 200); // too light to be ink
    hline(img, 100, 0, 399, 12); // a shaded band
    expect(findPixelRules(img)).toEqual([]);
  });

  it('finds a thin grey rule that wanders between two lines (a scan at low resolution, a page turned straight)', () => {
    // Neither line alone is dark for more than 30 pixels at a stretch; the two together all along.
    const img = blank(400, 80);
    for (let x = 0; x < 400; x++) {
      const upper = Math.floor(x / 30) % 2 === 0;
      img.data[40 * 400 + x] = upper ? 120 : 190;
      img.data[41 * 400 + x] = upper ? 190 : 120;
    }
    const rules = findPixelRules(img).filter((r) => r.horizontal);
    expect(rules).toEqual([{ horizontal: true, at: 40.5, from: 0, to: 399, thick: 2 }]);
  });

  it('counts a rule one line thicker per line, however many runs of that line join it', () => {
    // Letters touching a rule all along: the line beside it holds many short-enough-to-count runs.
    const img = blank(120, 400);
    vline(img, 60, 0, 399, 2);
    for (let y = 0; y < 400; y += 60) vline(img, 62, y, y + 45);
    const rules = findPixelRules(img).filter((r) => !r.horizontal);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ from: 0, to: 399, thick: 3 });
  });

  it('gives the rules in points, y up, and wipes them from the image', () => {
    const img = blank(400, 200);
    hline(img, 100, 0, 399);
    vline(img, 0, 0, 199);
    const found = findPixelRules(img);
    expect(toRules(found, img, 144).map((r) => [r.x0, r.x1, r.y0, r.y1])).toEqual([[0, 199.5, 50, 50], [0, 0, 0.5, 100]]);
    wipe(img, found);
    expect(img.data.every((v) => v === 255)).toBe(true);
    expect(inkMap(img, 144).counts.every((c) => c === 0)).toBe(true);
  });

  it('reads back the PGM it writes, and refuses a truncated one', () => {
    const img = blank(7, 3);
    hline(img, 1, 2, 5);
    expect(parsePgm(writePgm(img))).toEqual(img);
    expect(() => parsePgm(writePgm(img).subarray(0, 20))).toThrow(/truncated/);
  });
});
