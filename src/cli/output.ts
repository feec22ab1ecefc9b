/** Printing rows for people (aligned tables, CJK-aware) and for programs (CSV, JSON lines). */
import stringWidth from 'string-width';
import { stringify } from 'csv-stringify/sync';

export type Row = Readonly<Record<string, unknown>>;

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const pad = (s: string, width: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(s)));
  return right ? fill + s : s + fill;
};

/** An aligned text table; numbers right-aligned, null printed as blank. */
export function formatTable(rows: readonly Row[], columns = rows[0] ? Object.keys(rows[0]) : []): string {
  if (columns.length === 0) return '(no rows)';
  const text = rows.map((r) => columns.map((c) => cellText(r[c]).replace(/\s*\n\s*/g, ' ')));
  const widths = columns.map((c, i) => Math.max(stringWidth(c), ...text.map((t) => stringWidth(t[i] ?? ''))));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const line = (cells: string[]) => cells.map((s, i) => pad(s, widths[i] ?? 0, numeric[i] ?? false)).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line),
    `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}

export function formatCsv(rows: readonly Row[], columns = rows[0] ? Object.keys(rows[0]) : []): string {
  return stringify(rows.map((r) => columns.map((c) => cellText(r[c]))), { header: true, columns });
}

export function formatJsonLines(rows: readonly Row[]): string {
  return rows.map((r) => JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? `<${v.byteLength} bytes>` : v))).join('\n');
}
