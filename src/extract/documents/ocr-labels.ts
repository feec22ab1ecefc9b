/**
 * OCR'd labels snapped to the template's own words. A table cell OCR read as
 * `1.申请人无正当理由谊期不补正…` is the template's `…逾期不补正…` row label with one
 * character misread; the aligner matches labels by their words and would miss it.
 * A cell's text is replaced by a label of the template (tables A, B and C: rows,
 * columns, headings) only when it is close to that label and clearly closer than
 * to any other; short texts are never guessed at.
 */
import { TABLE_A_2019, TABLE_A_2021, TABLE_B_COLUMNS, TABLE_B_ROWS, TABLE_C_COLUMNS, TABLE_C_GROUPS } from '../../template/index.js';
import { toHalfWidth } from '../values.js';
import { ITEM_NUMBER } from '../labels.js';

const MIN_LENGTH = 5; // characters (after folding) below which a text is left as read
const CLOSE = 0.8; // similarity a snapped text must reach
const MARGIN = 0.1; // …and by which it must beat the next-best label

const fold = (s: string): string => toHalfWidth(s).replace(/[\s\p{P}\p{S}]/gu, '');

const VOCABULARY: readonly { label: string; folded: string }[] = (() => {
  const labels = new Set<string>(['信息内容', '申请人情况', '法人或其他组织', '行政诉讼', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）']);
  for (const block of [...TABLE_A_2021, ...TABLE_A_2019]) {
    labels.add(block.article);
    for (const c of block.cells) for (const s of [c.row, ...c.rowVariants, c.column, ...c.columnVariants]) labels.add(s);
  }
  for (const r of TABLE_B_ROWS) for (const s of [r.label, ...r.variants, ...(r.parent ? [r.parent] : [])]) labels.add(s);
  for (const a of [...TABLE_B_COLUMNS, ...TABLE_C_GROUPS, ...TABLE_C_COLUMNS]) for (const s of [a.label, ...a.variants]) labels.add(s);
  const byFold = new Map<string, string>();
  for (const label of labels) if (!byFold.has(fold(label))) byFold.set(fold(label), label);
  return [...byFold].map(([folded, label]) => ({ label, folded }));
})();

/** 2·LCS / (|a| + |b|): 1 for equal texts, lower for each character missing, extra or misread. */
function similarity(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const ca of a) {
    const cur = [0];
    for (let j = 0; j < b.length; j++) cur.push(ca === b[j] ? prev[j]! + 1 : Math.max(prev[j + 1]!, cur[j]!));
    prev = cur;
  }
  return (2 * prev[b.length]!) / (a.length + b.length);
}

/** The template label an OCR'd text stands for, or the text as read. */
export function snapLabel(text: string): string {
  const t = fold(text);
  if (t.length < MIN_LENGTH || /^\d+$/.test(t)) return text;
  // Two item numbers in one text are two rows' labels run together (a cell whose rule to the next
  // row was lost): no misread label, and snapping it to one of them would drop the other row's name.
  if ((text.match(ITEM_NUMBER) ?? []).length >= 2) return text;
  let best = { label: '', score: 0 }, second = 0;
  for (const v of VOCABULARY) {
    if (v.folded.length < 0.6 * t.length || v.folded.length > 1.6 * t.length) continue;
    const score = similarity(t, v.folded);
    if (score > best.score) { second = best.score; best = { label: v.label, score }; } else if (score > second) second = score;
  }
  // A label never takes a number away: digits it lacks are a value glued to it (`行政许可97`).
  const digits = (x: string): string => fold(x).replace(/\D/g, '');
  return best.score >= CLOSE && best.score - second >= MARGIN && digits(best.label) === digits(text) ? best.label : text;
}

/** A number standing apart in a segment: a value, which no label holds. */
const LOOSE_NUMBER = /(^|\s)[+\-]?\d[\d,.]*(?=\s|$)/;
const HAN_RUN = /\p{Script=Han}{3}/u;

/**
 * A laid-out OCR line with its label segments snapped: each stretch between bars (the whole
 * line when it has none) that holds Chinese words and no number standing apart. A page OCR'd
 * one cell a line or as pipe rows, not as a ruled grid, gets its row labels (`(一)巴以公开`
 * for `(一)予以公开`) the way grid cells get theirs.
 */
export function snapLine(line: string): string {
  return line.split('|').map((seg) => {
    const t = seg.trim();
    if (!HAN_RUN.test(t) || LOOSE_NUMBER.test(t)) return seg;
    const s = snapLabel(t);
    return s === t ? seg : seg.replace(t, s);
  }).join('|');
}
