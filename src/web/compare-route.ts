/** The comparison page's route: the ranking, its charts' data, the marked body's years, and downloads. */
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { parseComparison, runComparison } from '../research/compare.js';
import { comparisonCsvRows } from '../research/compare-report.js';
import { chartData } from '../research/compare-chart-data.js';
import { bodyMetricHistory } from '../research/metric-queries.js';
import * as q from './queries.js';
import { comparePage } from './pages/compare-page.js';
import { download, formatOf } from './downloads.js';

type Read = <T>(fn: (tx: Kysely<Database>) => Promise<T>) => Promise<T>;

export async function compareRoute(c: Context, read: Read): Promise<Response> {
  const years = await read((tx) => q.reportYears(tx));
  const p = (k: string) => c.req.query(k) || undefined;
  const input = {
    region: p('region'), year: p('year') ?? (years[0] === undefined ? undefined : String(years[0])),
    metric: p('metric'), level: p('level'), kind: p('kind'), min: p('min'), body: p('body'),
  };
  if (!input.year) return c.html(comparePage({ input, years, error: 'No reports in the database yet.' }));
  const parsed = parseComparison(input);
  if (!parsed.ok) return c.html(comparePage({ input, years, error: parsed.error }), 400);
  const body = input.body && /^\d+$/.test(input.body) ? Number(input.body) : null;
  const { comparison, history } = await read(async (tx) => ({
    comparison: await runComparison(tx, parsed.value),
    history: body === null ? [] : await bodyMetricHistory(tx, parsed.value.metric, body),
  }));
  if (formatOf(c) !== 'html') {
    const rows = comparisonCsvRows(comparison);
    return download(c, `compare-${parsed.value.metric.id}-${parsed.value.year}`, Object.keys(rows[0] ?? { rank: null }), rows);
  }
  return c.html(comparePage({ input, years, comparison, chart: chartData(comparison, body, history) }));
}
