/**
 * A text printed as it is (a plain-text page, a <pre>) keeps its empty lines as vertical
 * gaps, and some pages say which cells are blank by nothing else (a filled cell `0\n\n`, an
 * empty one `\n`). The layout gives a gap of a whole number of line pitches back as that
 * many empty lines, so the aligner reads such a print as it reads the page; a gap that is
 * no whole number of pitches (paragraph spacing) invents none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutPages, type TextItem } from '../../src/extract/documents/layout.js';
import { extractText } from '../../src/extract/index.js';
import { compare, CORPUS, corpusCases } from '../helpers/corpus.js';

/**
 * `text` as a <pre> prints it: each line an item `pitch` points below the one before (an
 * empty line a pitch of white), long lines wrapped at WRAP characters onto lines of their
 * own — which is where the pitch itself shows — with a little jitter as OCR gives (a pixel or two at 200 dpi).
 */
const WRAP = 40;
function printed(text: string, pitch: number, jitter: number): TextItem[] {
  const rows = text.split('\n').flatMap((l) => {
    const chars = [...l.trim()];
    return chars.length ? Array.from({ length: Math.ceil(chars.length / WRAP) }, (_, k) => chars.slice(k * WRAP, (k + 1) * WRAP).join('')) : [''];
  });
  return rows.flatMap((str, i) => (str
    ? [{ str, x: 40, y: 20 + (rows.length - i) * pitch + Math.sin(i * 12.9898) * jitter, w: [...str].length * 10, h: 10 }]
    : []));
}

const read = (items: TextItem[]) => {
  const height = Math.max(...items.map((it) => it.y)) + 40;
  const out = layoutPages([{ width: 600, height, items }]);
  const r = extractText(`${out.lines.join('\n')}\n`, { fileName: 'page.txt' }, {}, [], 'reader');
  if (!r.ok) throw new Error(r.error);
  return { lines: out.lines, r };
};

describe('empty lines of a text printed as it is', () => {
  // The pages whose text is one cell a line with no pipes: the layout sees them as prose.
  const cases = corpusCases([CORPUS, path.join(CORPUS, 'dev'), path.join(CORPUS, 'dev2')])
    .filter((c) => c.src.endsWith('.txt'))
    .map((c) => ({ ...c, text: fs.readFileSync(path.join(c.dir, c.src), 'utf8').replace(/^# source:.*\n/, '') }))
    .filter((c) => !c.text.includes('|') && /\n\n/.test(c.text));

  it('finds pages that print blank cells as empty lines', () => {
    expect(cases.some((c) => /\n\n\n/.test(c.text))).toBe(true);
  });

  for (const c of cases) {
    it.each([[12, 0], [14.5, 0.5], [18.7, 0.7]])(`${c.id} at a pitch of %s pt (±%s): no wrong value, and every value its text gives`, (pitch, jitter) => {
      const { r } = read(printed(c.text, pitch, jitter));
      const asText = extractText(c.text, { fileName: 'page.txt' });
      if (!asText.ok) throw new Error(asText.error);
      expect(compare(c.gold, r.cells).wrong).toEqual([]);
      // The print gives what the page gives, its blank cells included.
      expect(r.cells).toEqual(asText.cells);
    });
  }

  it('gives gaps of 2 and 3 pitches as 1 and 2 empty lines, and invents none for 1.5 or 2.5', () => {
    const at = (ys: number[]) => layoutPages([{ width: 600, height: 400, items: ys.map((y, i) => ({ str: `第${i}行内容`, x: 40, y, w: 60, h: 10 })) }]).lines;
    // Pitch 14 shows in the three gaps of one pitch.
    expect(at([300, 286, 272, 258, 230, 188])).toEqual(['第0行内容', '第1行内容', '第2行内容', '第3行内容', '', '第4行内容', '', '', '第5行内容']);
    expect(at([300, 286, 272, 258, 237, 202])).toEqual(['第0行内容', '第1行内容', '第2行内容', '第3行内容', '第4行内容', '第5行内容']);
  });

  it('keeps no empty line on a scan where the gap holds ink OCR did not read (it may be a value)', () => {
    const ys = [300, 286, 272, 258, 230, 188];
    const items = ys.map((y, i) => ({ str: `第${i}行内容`, x: 40, y, w: 60, h: 10, conf: 95 }));
    // An ink map of 2 pt blocks over a 600 × 400 pt page; a mark (an unread 0) at x 40–46 pt, y 208–214 pt, between the last two lines.
    const block = 2, cols = 300, rows = 200;
    const clean = { block, cols, rows, heightPt: 400, counts: new Uint8Array(cols * rows) };
    const marked = { ...clean, counts: new Uint8Array(cols * rows) };
    for (let r = (400 - 214) / block; r < (400 - 208) / block; r++) for (let c = 40 / block; c < 46 / block; c++) marked.counts[r * cols + c] = 6;
    const lines = (ink: typeof clean) => layoutPages([{ width: 600, height: 400, items, ink }]).lines;
    expect(lines(clean)).toEqual(['第0行内容', '第1行内容', '第2行内容', '第3行内容', '', '第4行内容', '', '', '第5行内容']);
    expect(lines(marked)).toEqual(['第0行内容', '第1行内容', '第2行内容', '第3行内容', '', '第4行内容', '第5行内容']);
  });
});
