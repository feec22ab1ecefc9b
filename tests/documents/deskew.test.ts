/**
 * Straightening a scanned page (deskew.ts): generated pages of ruled rows and text-like
 * dashes turned by a known angle, the way a sheet goes through a scanner askew.
 */
import { describe, expect, it } from 'vitest';
import { deskew, skewAngle } from '../../src/extract/documents/deskew.js';
import { findPixelRules, type Gray } from '../../src/extract/documents/raster-rules.js';

/** A 1000 × 1400 page: a ruled table of 20 rows with dash "text" in its cells, turned by `deg`. */
function page(deg: number): Gray {
  const width = 1000, height = 1400;
  const data = new Uint8Array(width * height).fill(255);
  const t = Math.tan((deg * Math.PI) / 180);
  const ink = (x: number, y: number) => {
    // Turned about the page's centre: y moves by (x − cx)·tan, x by −(y − cy)·tan.
    const X = Math.round(x - (y - height / 2) * t), Y = Math.round(y + (x - width / 2) * t);
    if (X >= 0 && Y >= 0 && X < width && Y < height) data[Y * width + X] = 0;
  };
  for (let r = 0; r <= 20; r++) for (let x = 100; x <= 900; x++) ink(x, 200 + r * 50);
  for (const x of [100, 400, 550, 700, 900]) for (let y = 200; y <= 1200; y++) ink(x, y);
  for (let r = 0; r < 20; r++) for (let x = 120; x < 380; x += 9) for (let dx = 0; dx < 5; dx++) for (let dy = 0; dy < 12; dy++) ink(x + dx, 215 + r * 50 + dy);
  return { width, height, data };
}

describe('deskew', () => {
  for (const deg of [-2.5, -1.2, -0.5, 0.3, 0.8, 1.7, 3]) {
    it(`finds a page turned by ${deg}° and turns it back: its rules found whole`, () => {
      const img = page(deg);
      expect(Math.abs(skewAngle(img) - deg)).toBeLessThan(0.05);
      const { img: straight, angle } = deskew(img);
      expect(angle).not.toBe(0);
      const rules = findPixelRules(straight);
      // 21 horizontal rules 800 px long and 5 vertical ones 1000 px long, each found in one piece.
      expect(rules.filter((r) => r.horizontal && r.to - r.from > 760)).toHaveLength(21);
      expect(rules.filter((r) => !r.horizontal && r.to - r.from > 960)).toHaveLength(5);
      // …where a page turned by a degree or more shows no rule that long (less, and its rules
      // drift within a rule's thickness: found whole, if slanted).
      if (Math.abs(deg) >= 1) expect(findPixelRules(img).filter((r) => r.horizontal && r.to - r.from > 760)).toHaveLength(0);
    });
  }

  it('leaves a level page, and a blank one, as they are (the same image, not a copy)', () => {
    const level = page(0);
    expect(skewAngle(level)).toBe(0);
    expect(deskew(level).img).toBe(level);
    const empty: Gray = { width: 300, height: 400, data: new Uint8Array(300 * 400).fill(255) };
    expect(deskew(empty)).toEqual({ img: empty, angle: 0 });
  });

  it('leaves a page of ink without rows (a photo: speckle everywhere) level', () => {
    const width = 1200, height = 1600;
    const data = new Uint8Array(width * height);
    let seed = 7;
    for (let i = 0; i < data.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; data[i] = seed >>> 24; }
    expect(skewAngle({ width, height, data })).toBe(0);
  });
});
