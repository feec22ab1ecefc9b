/**
 * A ruled table printed past the page's margin and then scanned: in the image its cross
 * rules simply stop, with no rule closing that side, while the other side is closed. The
 * column at the open side lost its text (or all but a sliver of it): its cells are not
 * read, rather than read as blanks. A table closed on both sides, or open on both (a
 * design without outer borders), is read whole.
 */
import { describe, expect, it } from 'vitest';
import { layoutPages, type Rule, type TextItem } from '../../src/extract/documents/layout.js';

const ROWS = [['行政处罚', '3', '0', '12'], ['行政强制', '0', '1', '7'], ['行政许可', '25', '4', '30']];

/** A table of label + 3 value columns at x = 60…; `right`: where the cross rules end; which sides carry a rule. */
function page(right: number, sides: { left: boolean; right: boolean }) {
  const xs = [60, 180, 260, 340, 420];
  const ys = [700, 680, 660, 640];
  const items: TextItem[] = [];
  ROWS.forEach((row, r) => row.forEach((text, c) => {
    const x = c === 0 ? xs[0]! + 4 : xs[c]! + 30;
    // Text past the end of the rules did not survive the print.
    if (x + 5 < right) items.push({ str: text, x, y: ys[r]! - 15, w: text.length * (c ? 5 : 10), h: 10 });
  }));
  const rules: Rule[] = [
    ...ys.map((y) => ({ x0: xs[0]!, x1: right, y0: y, y1: y })),
    ...xs.filter((x) => x < right - 2).slice(sides.left ? 0 : 1).map((x) => ({ x0: x, x1: x, y0: ys[3]!, y1: ys[0]! })),
    ...(sides.right && right >= 420 ? [{ x0: right, x1: right, y0: ys[3]!, y1: ys[0]! }] : []),
  ];
  return layoutPages([{ width: 595, height: 842, items, rules }]);
}

describe('a ruled table cut at one side', () => {
  it.each([343, 350, 380, 410])('cross rules ending at x = %i past the last column rule: that column is not read', (right) => {
    const out = page(right, { left: true, right: false });
    const rows = out.lines.filter((l) => l.startsWith('| 行政'));
    expect(rows).toEqual(ROWS.map((r) => `| ${r.slice(0, 3).join(' | ')} | …`));
  });

  it('reads every column when a rule closes the right side too', () => {
    const rows = page(420, { left: true, right: true }).lines.filter((l) => l.startsWith('| 行政'));
    expect(rows).toEqual(ROWS.map((r) => `| ${r.join(' | ')} |`));
  });

  it('reads every column of a table with no outer side rules at all', () => {
    const rows = page(420, { left: false, right: false }).lines.filter((l) => l.includes('行政'));
    expect(rows.length).toBe(3);
    for (const [i, r] of ROWS.entries()) for (const v of r) expect(rows[i]).toContain(v);
  });
});

describe('an empty column closing a ruled table (as Word tables carry one)', () => {
  /** Label + 3 value columns + an empty column, every side ruled; the first value of each row blank. */
  function padded() {
    const xs = [60, 180, 260, 340, 420, 440];
    const ys = [700, 680, 660, 640];
    const rows = [['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], ['行政处罚', '', '0', '12'], ['行政强制', '', '1', '7']];
    const items: TextItem[] = [];
    rows.forEach((row, r) => row.forEach((text, c) => {
      if (text) items.push({ str: text, x: c === 0 ? xs[0]! + 4 : xs[c]! + 5, y: ys[r]! - 15, w: text.length * 8, h: 10 });
    }));
    const rules: Rule[] = [...ys.map((y) => ({ x0: xs[0]!, x1: xs[5]!, y0: y, y1: y })), ...xs.map((x) => ({ x0: x, x1: x, y0: ys[3]!, y1: ys[0]! }))];
    return layoutPages([{ width: 595, height: 842, items, rules }]);
  }

  it('is padding: rows print their own cells only, the blank first value kept', () => {
    const rows = padded().lines.filter((l) => l.startsWith('| 行政'));
    expect(rows).toEqual(['| 行政处罚 |  | 0 | 12 |', '| 行政强制 |  | 1 | 7 |']);
  });
});
