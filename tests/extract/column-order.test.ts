/**
 * A table whose header prints the template's columns in another order: its values are read
 * by position, so read they would land in their neighbours' columns. Generated reports with
 * two of table B's columns (or two of each table C group's, table C's two litigation
 * groups, or two of a table A block's) swapped, header and values alike, in an HTML table, pipe rows, one cell a line and rows spaced on a
 * line (whose header names, two spaces apart, the check reads apart): that table is left out, named in a
 * warning; the other tables are read; the same reports unswapped read whole.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, renderReport } from '../../src/synth/index.js';
import { TABLE_B_COLUMNS, TABLE_C_COLUMNS } from '../../src/template/index.js';

const swap = <T>(xs: T[], i: number, j: number): T[] => { const out = [...xs]; [out[i], out[j]] = [out[j]!, out[i]!]; return out; };

/** Pipe rows with `width` cells after `lead` leading ones get cells i and j (counted after the lead) swapped. */
function swapPipeCells(text: string, lead: number, width: number, pairs: readonly [number, number][]): string {
  return text.split('\n').map((l) => {
    const cells = l.split('|').slice(1, -1);
    if (!l.startsWith('|') || cells.length !== lead + width) return l;
    let out = cells;
    for (const [i, j] of pairs) out = swap(out, lead + i, lead + j);
    return `|${out.join('|')}|`;
  }).join('\n');
}
/** The same rows as an HTML table's <tr>s with `lead + width` cells. */
function swapHtmlCells(html: string, lead: number, width: number, pairs: readonly [number, number][]): string {
  return html.replace(/<tr>((?:<td>[^<]*<\/td>)+)<\/tr>/g, (m, inner: string) => {
    const cells: string[] = inner.match(/<td>[^<]*<\/td>/g)!;
    if (cells.length !== lead + width) return m;
    let out = cells;
    for (const [i, j] of pairs) out = swap(out, lead + i, lead + j);
    return `<tr>${out.join('')}</tr>`;
  });
}
/** Pipe rows as rows spaced on a line: cells two spaces apart, a blank as /. */
const spacedRows = (pipes: string): string => pipes.split('\n').map((l) => (l.startsWith('|') ? l.split('|').slice(1, -1).map((c) => c.trim() || '/').join('  ') : l)).join('\n');
const oneCellALine = (pipes: string): string => pipes.split('\n').flatMap((l) => (l.startsWith('|') ? l.split('|').slice(1, -1).map((c) => c.trim()) : [l])).join('\n');

const FORMS = [
  { name: 'HTML table', style: 'html-table', file: 'p.html', swap: swapHtmlCells },
  { name: 'pipe rows', style: 'text-pipes', file: 'p.txt', swap: swapPipeCells },
  { name: 'one cell a line', style: 'text-pipes', file: 'p.txt', swap: (t: string, lead: number, w: number, p: readonly [number, number][]) => oneCellALine(swapPipeCells(t, lead, w, p)) },
  // Header names two spaces apart on a line are one text token: the check reads them apart.
  { name: 'rows spaced on a line', style: 'text-pipes', file: 'p.txt', swap: (t: string, lead: number, w: number, p: readonly [number, number][]) => spacedRows(swapPipeCells(t, lead, w, p)) },
] as const;

const B = TABLE_B_COLUMNS.length, C = TABLE_C_COLUMNS.length;
const keysOf = (cells: Record<string, unknown>, prefix: RegExp) => Object.keys(cells).filter((k) => prefix.test(k));
const B_KEY = /^(applications|outcome)\./;

describe('a table whose header orders the columns otherwise is left out', () => {
  for (const form of FORMS) {
    it(`table B, ${form.name}: each pair of neighbouring columns swapped`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const s = generateReport(seed);
        const page = renderReport(s, form.style);
        for (let i = 0; i + 1 < B; i++) {
          const r = extractText(form.swap(page, 1, B, [[i, i + 1]]), { fileName: form.file });
          if (!r.ok) throw new Error(r.error);
          const bKeys = Object.keys(r.cells).filter((k) => TABLE_B_COLUMNS.some((c) => k.endsWith(`.${c.key}`)) && !/^(review|litigation)/.test(k));
          expect(bKeys, `seed ${seed}, columns ${i}/${i + 1}`).toEqual([]);
          expect(r.warnings.some((w) => w.startsWith('table B: its header prints the columns in another order'))).toBe(true);
          // Table A is read all the same, and right.
          const a = Object.keys(r.cells).filter((k) => k.startsWith('active.'));
          expect(a.length).toBe(Object.keys(s.cells).filter((k) => k.startsWith('active.')).length);
          for (const k of a) expect(r.cells[k]).toBe(s.cells[k]);
        }
      }
    });

    it(`table C, ${form.name}: two columns swapped in every group`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const s = generateReport(seed);
        const page = renderReport(s, form.style);
        for (const [i, j] of [[0, 1], [2, 4], [3, 4]] as const) {
          const pairs = [0, 1, 2].map((g) => [g * C + i, g * C + j] as [number, number]);
          const r = extractText(form.swap(page, 0, 3 * C, pairs), { fileName: form.file });
          if (!r.ok) throw new Error(r.error);
          expect(keysOf(r.cells, /^(review|litigation)/), `seed ${seed}, columns ${i}/${j}`).toEqual([]);
          expect(r.warnings.some((w) => w.startsWith('table C: its header prints the columns in another order'))).toBe(true);
        }
      }
    });

    it(`table C, ${form.name}: its two litigation groups swapped, names and values`, () => {
      const groups = form.style === 'html-table' ? ['<td>未经复议直接起诉</td><td>复议后起诉</td>', '<td>复议后起诉</td><td>未经复议直接起诉</td>']
        : ['| 未经复议直接起诉 | 复议后起诉 |', '| 复议后起诉 | 未经复议直接起诉 |'];
      for (let seed = 1; seed <= 4; seed++) {
        const s = generateReport(seed);
        const page = renderReport(s, form.style);
        const named = form.style === 'html-table' ? page.replace(groups[0]!, groups[1]!) : page.replace(groups[0]!, groups[1]!);
        expect(named).not.toBe(page);
        const swapped = form.swap(named, 0, 3 * C, Array.from({ length: C }, (_, i) => [C + i, 2 * C + i] as [number, number]));
        const r = extractText(swapped, { fileName: form.file });
        if (!r.ok) throw new Error(r.error);
        expect(keysOf(r.cells, /^(review|litigation)/), `seed ${seed}`).toEqual([]);
        expect(r.warnings.some((w) => w.startsWith("table C: its header prints the columns in another order than the template's (行政复议, 复议后起诉, 未经复议直接起诉)"))).toBe(true);
        expect(keysOf(r.cells, B_KEY).length).toBeGreaterThan(40);
      }
    });

    it(`table A, ${form.name}: two columns of its blocks swapped`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const s = generateReport(seed);
        const page = renderReport(s, form.style);
        for (const pair of [[0, 1], [1, 2], [0, 2]] as const) {
          const r = extractText(form.swap(page, 1, 3, [[pair[0], pair[1]]]), { fileName: form.file });
          if (!r.ok) throw new Error(r.error);
          expect(keysOf(r.cells, /^active\./), `seed ${seed} (${s.template}), columns ${pair}`).toEqual([]);
          expect(r.warnings.some((w) => w.startsWith("table A: a block's header prints its columns in another order"))).toBe(true);
          expect(keysOf(r.cells, B_KEY).length).toBeGreaterThan(40);
        }
      }
    });

    it(`${form.name}: the same reports in the template's order read whole`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const s = generateReport(seed);
        const r = extractText(form.swap(renderReport(s, form.style), 1, B, []), { fileName: form.file });
        if (!r.ok) throw new Error(r.error);
        expect(keysOf(r.cells, B_KEY).length + keysOf(r.cells, /^(review|litigation)/).length).toBeGreaterThan(100);
        expect(r.warnings.filter((w) => w.includes('another order'))).toEqual([]);
        for (const [k, v] of Object.entries(r.cells)) expect(v, k).toBe(s.cells[k]);
      }
    });
  }
});
