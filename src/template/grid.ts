/**
 * Tables A, B and C laid out as the national template prints them, as data:
 * rows of header cells (with spans) and value cells (by key). The web report
 * page renders these grids; labels and keys come from src/template only.
 */
import type { TemplateId } from '../model/report.js';
import {
  tableA, TABLE_B_COLUMNS, TABLE_B_ROWS, OTHER_SUBROWS, tableBKey, TABLE_C_COLUMNS, TABLE_C_GROUPS, tableCKey,
} from './index.js';

export type GridCell =
  | { readonly kind: 'label'; readonly text: string; readonly colspan?: number; readonly rowspan?: number; readonly head?: boolean }
  | { readonly kind: 'value'; readonly key: string };

export type GridRow = readonly GridCell[];

export interface Grid {
  readonly table: 'A' | 'B' | 'C';
  readonly title: string;
  readonly rows: readonly GridRow[];
}

const label = (text: string, extra: { colspan?: number; rowspan?: number; head?: boolean } = {}): GridCell => ({ kind: 'label', text, ...extra });
const value = (key: string): GridCell => ({ kind: 'value', key });

/** Table A: per article block a header row (信息内容 + the block's columns), then one row per item. */
export function tableAGrid(template: TemplateId): Grid {
  const rows: GridRow[] = [];
  for (const block of tableA(template)) {
    const columns = [...new Set(block.cells.map((c) => c.column))];
    const items = [...new Set(block.cells.map((c) => c.row))];
    rows.push([label(block.article, { colspan: columns.length + 1, head: true })]);
    rows.push([label('信息内容', { head: true }), ...columns.map((c) => label(c, { head: true }))]);
    for (const item of items) {
      rows.push([label(item), ...columns.map((col) => {
        const cell = block.cells.find((c) => c.row === item && c.column === col);
        return cell ? value(cell.key) : label('');
      })]);
    }
  }
  return { table: 'A', title: '二、主动公开政府信息情况', rows };
}

const TOP_OUTCOMES = '三、本年度办理结果';

/**
 * Table B: three label columns (一、… / （三）不予公开 / 1.属于国家秘密), then
 * the seven applicant columns under 申请人情况 with 法人或其他组织 spanning five.
 */
export function tableBGrid(template: TemplateId, opts: { otherAsOneRow?: boolean } = {}): Grid {
  const oneRow = template === '2019' || opts.otherAsOneRow === true;
  const rows = TABLE_B_ROWS.filter((r) => {
    if (r.key === 'other') return oneRow;
    if ((OTHER_SUBROWS as readonly string[]).includes(r.key)) return !oneRow;
    return r.templates.includes(template);
  });
  const cols = TABLE_B_COLUMNS;
  const org = cols.filter((c) => c.key !== 'natural_person' && c.key !== 'total');
  const out: GridRow[] = [
    [label('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', { colspan: 3, rowspan: 3, head: true }),
      label('申请人情况', { colspan: cols.length, head: true })],
    [label('自然人', { rowspan: 2, head: true }), label('法人或其他组织', { colspan: org.length, head: true }), label('总计', { rowspan: 2, head: true })],
    org.map((c) => label(c.label, { head: true })),
  ];
  const outcomeCount = rows.filter((r) => r.group === 'outcome' || r.group === 'total').length;
  let topDone = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const labels: GridCell[] = [];
    if (r.group === 'input' || r.group === 'output') {
      labels.push(label(r.label, { colspan: 3 }));
    } else {
      if (!topDone) { labels.push(label(TOP_OUTCOMES, { rowspan: outcomeCount })); topDone = true; }
      const sub = r.parent && r.parent !== TOP_OUTCOMES ? r.parent : null;
      if (sub) {
        if (rows[i - 1]?.parent !== sub) labels.push(label(sub, { rowspan: rows.filter((x) => x.parent === sub).length }));
        labels.push(label(r.label));
      } else {
        labels.push(label(r.label, { colspan: 2 }));
      }
    }
    out.push([...labels, ...cols.map((c) => value(tableBKey(r.key, c.key)))]);
  }
  return { table: 'B', title: '三、收到和处理政府信息公开申请情况', rows: out };
}

/** Table C: 行政复议 (five columns) and 行政诉讼 split into 未经复议直接起诉 and 复议后起诉, one row of fifteen cells. */
export function tableCGrid(): Grid {
  const [review, ...litigation] = TABLE_C_GROUPS;
  const colLabels = () => TABLE_C_COLUMNS.map((c) => label(c.label, { head: true }));
  return {
    table: 'C', title: '四、政府信息公开行政复议、行政诉讼情况',
    rows: [
      [label(review!.label, { colspan: 5, head: true }), label('行政诉讼', { colspan: 10, head: true })],
      [...TABLE_C_COLUMNS.map((c) => label(c.label, { rowspan: 2, head: true })),
        ...litigation.map((g) => label(g.label, { colspan: 5, head: true }))],
      litigation.flatMap(() => colLabels()),
      TABLE_C_GROUPS.flatMap((g) => TABLE_C_COLUMNS.map((c) => value(tableCKey(g.key, c.key)))),
    ],
  };
}

/** The three grids of a report of this template and layout. */
export function reportGrids(template: TemplateId, opts: { otherAsOneRow?: boolean } = {}): Grid[] {
  return [tableAGrid(template), tableBGrid(template, opts), tableCGrid()];
}

/** Keys a grid shows, in order. */
export const gridKeys = (g: Grid): string[] =>
  g.rows.flatMap((r) => r.flatMap((c) => (c.kind === 'value' ? [c.key] : [])));
