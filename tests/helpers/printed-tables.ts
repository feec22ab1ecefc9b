/**
 * A synthetic report printed with tables given as rows of cells (spans and all), so a test can
 * lay a table out as some pages do: as an HTML page, one cell a line, pipe rows, Markdown, or
 * rows spaced on a line (a blank as /, as a print dumped with its layout keeps them apart).
 * Tables not given are printed in the template's own grid.
 */
import type { SynthReport } from '../../src/synth/index.js';
import { reportGrids, type Grid } from '../../src/template/grid.js';

export interface Cell { readonly text: string; readonly colspan?: number; readonly rowspan?: number }
export type Rows = Cell[][];
export type Style = 'html' | 'lines' | 'pipes' | 'markdown' | 'spaced';

export const val = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
export const fromGrid = (g: Grid, s: SynthReport): Rows => g.rows.map((r) => r.map((c) =>
  c.kind === 'value' ? { text: val(s.cells[c.key]) } : { text: c.text, colspan: c.colspan, rowspan: c.rowspan }));

export function page(s: SynthReport, style: Style, tables: { b?: Rows; c?: Rows } = {}): string {
  const [a, b, c] = reportGrids(s.template, { otherAsOneRow: s.otherAsOneRow });
  const printed = [{ title: a!.title, rows: fromGrid(a!, s) }, { title: b!.title, rows: tables.b ?? fromGrid(b!, s) }, { title: c!.title, rows: tables.c ?? fromGrid(c!, s) }];
  if (style === 'html') {
    const span = (n: number | undefined, name: string) => (n && n > 1 ? ` ${name}="${n}"` : '');
    return `<!doctype html><html><head><meta charset="utf-8"><title>${s.title}</title></head><body><h1>${s.title}</h1>`
      + '<p>一、总体情况</p><p>本年度工作有序开展。</p>'
      + printed.map((t) => `<p>${t.title}</p><table border="1">${t.rows.map((r) =>
        `<tr>${r.map((x) => `<td${span(x.colspan, 'colspan')}${span(x.rowspan, 'rowspan')}>${x.text}</td>`).join('')}</tr>`).join('\n')}</table>`).join('\n')
      + '<p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>';
  }
  const line = (r: Cell[]) => (style === 'lines' ? r.map((x) => x.text || ' ').join('\n')
    : style === 'spaced' ? r.map((x) => x.text || '/').join('  ') : `| ${r.map((x) => x.text).join(' | ')} |`);
  const rule = (r: Cell[]) => `|${r.map(() => ' --- ').join('|')}|`;
  return [s.title, '一、总体情况', '本年度工作有序开展。', ...printed.flatMap((t) => [t.title,
    ...t.rows.flatMap((r, i) => (style === 'markdown' && i === 0 ? [line(r), rule(r)] : [line(r)]))]),
  '五、存在的主要问题及改进情况', '无。'].join('\n');
}

export const STYLES: readonly Style[] = ['html', 'lines', 'pipes', 'markdown', 'spaced'];
