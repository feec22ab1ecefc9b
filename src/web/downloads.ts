/**
 * Every list or table of the web view can be had as CSV or JSON with the same
 * filters: the page's own URL with `format=csv` or `format=json` (and `bom=1`
 * for a CSV that Excel on Chinese Windows opens as UTF-8).
 */
import type { Context } from 'hono';
import { stringify } from 'csv-stringify/sync';
import { qs } from './layout.js';

export type Format = 'html' | 'csv' | 'json';

export const formatOf = (c: Context): Format => {
  const f = c.req.query('format');
  return f === 'csv' || f === 'json' ? f : 'html';
};

const text = (v: unknown): string => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString()
  : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The rows as a download named after the view. */
export function download(c: Context, name: string, columns: readonly string[], rows: readonly object[]): Response {
  const get = (r: object, k: string): unknown => (r as Record<string, unknown>)[k];
  const file = `${name}.${formatOf(c)}`;
  if (formatOf(c) === 'json') {
    return c.body(JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((k) => [k, get(r, k) ?? null])))), 200, {
      'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="${file}"`,
    });
  }
  const csv = stringify(rows.map((r) => columns.map((k) => text(get(r, k)))), { header: true, columns: [...columns] });
  return c.body(`${c.req.query('bom') === '1' ? '\ufeff' : ''}${csv}`, 200, {
    'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${file}"`,
  });
}

/** Links to the same view as CSV and JSON, keeping its filters (paging dropped: a download is the whole list). */
export function downloadLinks(path: string, params: Record<string, string | number | undefined | null>): { csv: string; json: string } {
  const { page: _p, ...rest } = params;
  return { csv: `${path}${qs({ ...rest, format: 'csv' })}`, json: `${path}${qs({ ...rest, format: 'json' })}` };
}
