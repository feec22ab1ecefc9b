/**
 * Rendering a synthetic report as a page, in the national template's layout: an HTML page
 * with the three tables (one row per template row, or the template's own grid with its
 * rowspans and colspans, as most portals publish it), or flattened text (one cell per
 * line, pipe rows, markdown).
 */
import { reportGrids, type Grid } from '../template/grid.js';
import { tableA, TABLE_B_COLUMNS, TABLE_B_ROWS, OTHER_SUBROWS, TABLE_C_GROUPS, TABLE_C_COLUMNS, tableBKey, tableCKey } from '../template/index.js';
import type { SynthReport } from './index.js';

export type RenderStyle = 'html-table' | 'html-grid' | 'text-lines' | 'text-pipes' | 'markdown';
export const RENDER_STYLES: readonly RenderStyle[] = ['html-table', 'html-grid', 'text-lines', 'text-pipes', 'markdown'];

type Row = string[];
interface Table { heading: string; rows: Row[] }

const val = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

function tables(r: SynthReport): Table[] {
  const a: Row[] = [];
  for (const block of tableA(r.template)) {
    a.push([block.article]);
    const rows = [...new Set(block.cells.map((c) => c.row))];
    a.push(['信息内容', ...block.cells.filter((c) => c.row === rows[0]).map((c) => c.column)]);
    for (const row of rows) a.push([row, ...block.cells.filter((c) => c.row === row).map((c) => val(r.cells[c.key]))]);
  }
  const oneRow = r.template === '2019' || r.otherAsOneRow;
  const bRows = TABLE_B_ROWS.filter((x) => x.templates.includes(r.template))
    .filter((x) => (x.key === 'other' ? oneRow : (OTHER_SUBROWS as readonly string[]).includes(x.key) ? !oneRow : true));
  const b: Row[] = [['申请人情况', ...TABLE_B_COLUMNS.map((c) => c.label)]];
  for (const row of bRows) b.push([row.parent && !row.label.startsWith('（') ? `${row.parent} ${row.label}` : row.label,
    ...TABLE_B_COLUMNS.map((c) => val(r.cells[tableBKey(row.key, c.key)]))]);
  const c: Row[] = [TABLE_C_GROUPS.map((g) => g.label), TABLE_C_GROUPS.flatMap(() => TABLE_C_COLUMNS.map((x) => x.label)),
    TABLE_C_GROUPS.flatMap((g) => TABLE_C_COLUMNS.map((x) => val(r.cells[tableCKey(g.key, x.key)])))];
  return [
    { heading: '二、主动公开政府信息情况', rows: a },
    { heading: '三、收到和处理政府信息公开申请情况', rows: b },
    { heading: '四、政府信息公开行政复议、行政诉讼情况', rows: c },
  ];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Splits the narrative before its 五、… heading so the tables (二 to 四) sit where the template puts them. */
function narrativeParts(r: SynthReport): [string, string] {
  const i = r.narrative.indexOf('\n五、');
  return i < 0 ? [r.narrative, ''] : [r.narrative.slice(0, i), r.narrative.slice(i + 1)];
}

/** A template grid as an HTML table: its spans as printed, a blank value cell empty. */
function gridTable(g: Grid, r: SynthReport): string {
  const span = (n: number | undefined, a: string) => (n && n > 1 ? ` ${a}="${n}"` : '');
  const rows = g.rows.map((row) => `<tr>${row.map((c) => (c.kind === 'value'
    ? `<td>${esc(val(r.cells[c.key]))}</td>`
    : `<td${span(c.colspan, 'colspan')}${span(c.rowspan, 'rowspan')}>${esc(c.text)}</td>`)).join('')}</tr>`);
  return `<p>${g.title}</p>\n<table border="1">\n${rows.join('\n')}\n</table>`;
}

export function renderReport(r: SynthReport, style: RenderStyle): string {
  const [before, after] = narrativeParts(r);
  if (style === 'html-table' || style === 'html-grid') {
    const p = (s: string) => s.split('\n').map((l) => `<p>${esc(l)}</p>`).join('\n');
    const table = (t: Table) => `<p>${t.heading}</p>\n<table border="1">\n${t.rows.map((row) =>
      `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}\n</table>`;
    const body = style === 'html-table' ? tables(r).map(table) : reportGrids(r.template, { otherAsOneRow: r.otherAsOneRow }).map((g) => gridTable(g, r));
    return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${esc(r.title)}</title></head><body>\n<h1>${esc(r.title)}</h1>\n`
      + `<p>发布日期：${r.publishedDate}</p>\n${p(before)}\n${body.join('\n')}\n${p(after)}\n</body></html>\n`;
  }
  const row = (cells: string[]) => (style === 'text-lines' ? cells.join('\n')
    : style === 'text-pipes' ? `| ${cells.join(' | ')} |` : `| ${cells.join(' | ')} |`);
  const table = (t: Table) => [t.heading, ...t.rows.flatMap((cells, i) =>
    style === 'markdown' && i === 0 ? [row(cells), `|${cells.map(() => ' --- ').join('|')}|`] : [row(cells)])].join('\n');
  return [r.title, `发布日期：${r.publishedDate}`, before, ...tables(r).map(table), after].join('\n\n');
}
