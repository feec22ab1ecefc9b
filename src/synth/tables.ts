/**
 * The three statistical tables as real HTML in the national template's printed
 * layout (rowspan/colspan as the 国办 form), and a flattened variant with one
 * cell per `<p>` as many CMS editors paste them.
 */
import {
  tableA, TABLE_B_COLUMNS, TABLE_B_ROWS, TABLE_C_GROUPS, TABLE_C_COLUMNS, tableBKey, tableCKey,
} from '../template/index.js';
import { outcomeRows, type Cells, type Layout } from './cells.js';

export interface Td { text: string; rowspan?: number; colspan?: number }
/** A table as rows of cells with their spans, before any rendering. */
export type Grid = Td[][];

const td = (text: string, span: { rowspan?: number; colspan?: number } = {}): Td => ({ text, ...span });
const val = (v: number | null | undefined, signed = false): string =>
  v === null || v === undefined ? '' : signed && v > 0 ? `+${v}` : String(v);

function gridA(l: Layout, cells: Cells): Grid {
  const rows: Grid = [];
  for (const b of tableA(l.template)) {
    rows.push([td(b.article, { colspan: 4 })]);
    const cols = [...new Set(b.cells.map((c) => c.column))];
    const span = (i: number) => (i === cols.length - 1 && cols.length < 3 ? { colspan: 4 - cols.length } : {});
    rows.push([td('信息内容'), ...cols.map((c, i) => td(c, span(i)))]);
    for (const row of [...new Set(b.cells.map((c) => c.row))]) {
      rows.push([td(row), ...cols.map((col, i) => {
        const cell = b.cells.find((c) => c.row === row && c.column === col);
        return td(cell ? val(cells[cell.key], cell.signed) : '', span(i));
      })]);
    }
  }
  return rows;
}

function gridB(l: Layout, cells: Cells): Grid {
  const values = (row: string) => TABLE_B_COLUMNS.map((c) => td(val(cells[tableBKey(row, c.key)])));
  const rows: Grid = [
    [td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', { colspan: 3, rowspan: 3 }), td('申请人情况', { colspan: 7 })],
    [td('自然人', { rowspan: 2 }), td('法人或其他组织', { colspan: 5 }), td('总计', { rowspan: 2 })],
    TABLE_B_COLUMNS.slice(1, 6).map((c) => td(c.label)),
  ];
  const label = (key: string) => TABLE_B_ROWS.find((r) => r.key === key)!;
  rows.push([td(label('new_received').label, { colspan: 3 }), ...values('new_received')]);
  rows.push([td(label('carried_over').label, { colspan: 3 }), ...values('carried_over')]);
  const outcomes = [...outcomeRows(l), 'total'];
  outcomes.forEach((key, i) => {
    const row = label(key);
    const first: Td[] = i === 0 ? [td('三、本年度办理结果', { rowspan: outcomes.length })] : [];
    // The 2021 （六） sub-rows sit under a spanning parent only when the layout splits them.
    const parent = key === 'other' ? undefined : row.parent === '三、本年度办理结果' ? undefined : row.parent;
    if (parent) {
      const siblings = outcomes.filter((k) => label(k).parent === parent);
      const head = siblings[0] === key ? [td(parent, { rowspan: siblings.length })] : [];
      rows.push([...first, ...head, td(row.label), ...values(key)]);
    } else {
      rows.push([...first, td(row.label, { colspan: 2 }), ...values(key)]);
    }
  });
  rows.push([td(label('carried_forward').label, { colspan: 3 }), ...values('carried_forward')]);
  return rows;
}

function gridC(cells: Cells): Grid {
  const cols = TABLE_C_COLUMNS;
  return [
    [td('行政复议', { colspan: 5 }), td('行政诉讼', { colspan: 10 })],
    [...cols.map((c) => td(c.label, { rowspan: 2 })), td('未经复议直接起诉', { colspan: 5 }), td('复议后起诉', { colspan: 5 })],
    [...cols, ...cols].map((c) => td(c.label)),
    TABLE_C_GROUPS.flatMap((g) => cols.map((c) => td(val(cells[tableCKey(g.key, c.key)])))),
  ];
}

const attr = (t: Td) => `${t.rowspan ? ` rowspan="${t.rowspan}"` : ''}${t.colspan ? ` colspan="${t.colspan}"` : ''}`;

function tableHtml(g: Grid): string {
  const rows = g.map((r) => `<tr>${r.map((t) => `<td${attr(t)}><p>${t.text || '&nbsp;'}</p></td>`).join('')}</tr>`);
  return `<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** Flattened: the cells in reading order, one `<p>` each, blanks as a lone space. */
const flatHtml = (g: Grid): string => g.flat().map((t) => `<p>${t.text || '&nbsp;'}</p>`).join('\n');

export interface TablesHtml { a: string; b: string; c: string }

/** The three tables as grids, for renderers other than HTML (DOCX, PDF attachments). */
export function tableGrids(l: Layout, cells: Cells): { a: Grid; b: Grid; c: Grid } {
  return { a: gridA(l, cells), b: gridB(l, cells), c: gridC(cells) };
}

export function renderTables(l: Layout, cells: Cells, flattened: boolean): TablesHtml {
  const out = flattened ? flatHtml : tableHtml;
  return { a: out(gridA(l, cells)), b: out(gridB(l, cells)), c: out(gridC(cells)) };
}
