import { describe, expect, it } from 'vitest';
import { gridKeys, reportGrids, tableBGrid, type Grid } from '../../src/template/grid.js';
import { templateKeys } from '../../src/template/keys.js';

/** Places every cell on a 2-D board, honouring spans; throws on overlap; returns the width of each row. */
function rowWidths(g: Grid): number[] {
  const board: boolean[][] = [];
  g.rows.forEach((row, r) => {
    board[r] ??= [];
    let col = 0;
    for (const cell of row) {
      while (board[r]![col]) col++;
      const cs = cell.kind === 'label' ? cell.colspan ?? 1 : 1;
      const rs = cell.kind === 'label' ? cell.rowspan ?? 1 : 1;
      for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) {
        board[r + dr] ??= [];
        if (board[r + dr]![col + dc]) throw new Error(`overlap at row ${r + dr}, column ${col + dc}`);
        board[r + dr]![col + dc] = true;
      }
      col += cs;
    }
  });
  return board.map((cells) => cells.filter(Boolean).length);
}

describe('template grids', () => {
  it.each([
    ['2021', false, 200], ['2021', true, 186], ['2019', false, 198],
  ] as const)('show every cell of template %s (one-row %s) once, in print order', (template, otherAsOneRow, n) => {
    const keys = reportGrids(template, { otherAsOneRow }).flatMap(gridKeys);
    expect(keys).toHaveLength(n);
    expect(keys).toEqual(templateKeys(template, { otherAsOneRow }));
  });

  it('lays table B out as a rectangle: 3 label columns and 7 applicant columns on every row', () => {
    for (const [t, one] of [['2021', false], ['2021', true], ['2019', false]] as const) {
      const widths = rowWidths(tableBGrid(t, { otherAsOneRow: one }));
      expect(new Set(widths)).toEqual(new Set([10]));
    }
  });

  it('lays table C out as fifteen columns and tables A blocks without overlap', () => {
    const [a, , c] = reportGrids('2019');
    expect(new Set(rowWidths(c!))).toEqual(new Set([15]));
    expect(() => rowWidths(a!)).not.toThrow();
    // The 2019 block (五) prints two items under three columns: 上一年项目数量, 本年增/减, 处理决定数量.
    const labels = a!.rows.flatMap((r) => r.flatMap((x) => (x.kind === 'label' ? [x.text] : [])));
    expect(labels).toEqual(expect.arrayContaining(['第二十条第（五）项', '其他对外管理服务事项', '本年增/减', '采购总金额']));
  });

  it('prints （六）其他处理 as a spanning parent over three rows in 2021 and as one row otherwise', () => {
    const spans = (g: Grid) => g.rows.flatMap((r) => r.filter((x) => x.kind === 'label' && x.text === '（六）其他处理'))
      .map((x) => (x.kind === 'label' ? [x.rowspan ?? 1, x.colspan ?? 1] : []));
    expect(spans(tableBGrid('2021'))).toEqual([[3, 1]]);
    expect(spans(tableBGrid('2021', { otherAsOneRow: true }))).toEqual([[1, 2]]);
    expect(spans(tableBGrid('2019'))).toEqual([[1, 2]]);
  });
});
