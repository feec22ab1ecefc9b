/**
 * Which template a page follows, told by the header words only one template
 * prints: table A's column headers (their distinctive words, `columnVariants`),
 * the table A rows and the table B rows of one template only. A word that also
 * appears inside a label of the other template tells nothing and is left out.
 */
import type { TemplateId } from '../model/report.js';
import { tableA } from './table-a.js';
import { TABLE_B_ROWS } from './table-b.js';

const TEMPLATES: readonly TemplateId[] = ['2019', '2021'];

const half = (s: string): string =>
  s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');

/** Every label text a template prints: table A headers and rows, table B rows (with their variants). */
function labelsOf(t: TemplateId): string[] {
  const a = tableA(t).flatMap((b) => b.cells.flatMap((c) => [c.column, ...c.columnVariants, c.row, ...c.rowVariants]));
  const b = TABLE_B_ROWS.filter((r) => r.templates.includes(t)).flatMap((r) => [r.label, ...r.variants]);
  return [...a, ...b].map(half);
}

function candidates(t: TemplateId): string[] {
  const other = TEMPLATES.find((x) => x !== t)!;
  const otherRows = new Set(tableA(other).flatMap((b) => b.cells.flatMap((c) => [c.row, ...c.rowVariants])));
  const columns = tableA(t).flatMap((b) => b.cells.flatMap((c) => c.columnVariants));
  const rows = tableA(t).flatMap((b) => b.cells.map((c) => c.row)).filter((r) => !otherRows.has(r));
  const bRows = TABLE_B_ROWS.filter((r) => r.templates.includes(t) && !r.templates.includes(other))
    .flatMap((r) => r.variants.filter((v) => !/[$^]/.test(v)));
  return [...new Set([...columns, ...rows, ...bRows].map(half))];
}

function build(): ReadonlyMap<TemplateId, readonly string[]> {
  const out = new Map<TemplateId, readonly string[]>();
  for (const t of TEMPLATES) {
    const theirs = labelsOf(TEMPLATES.find((x) => x !== t)!);
    out.set(t, candidates(t).filter((w) => !theirs.some((l) => l.includes(w))));
  }
  return out;
}

/** Template → the header words (half-width, no spaces) that only it prints. */
export const TEMPLATE_MARKERS: ReadonlyMap<TemplateId, readonly string[]> = build();
