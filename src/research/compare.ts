/**
 * Reading and validating a comparison request, then running it: the part the
 * CLI `compare` command and the web comparison page share.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { METRICS, metricById } from './metrics.js';
import { metricRows } from './metric-queries.js';
import { rankBodies } from './ranking.js';
import { parseFilter } from './filters.js';
import type { Comparison, ComparisonRequest } from './compare-report.js';

export { LEVELS } from '../model/division.js';

export interface RawComparisonInput {
  readonly region?: string | undefined;
  readonly year?: string | undefined;
  readonly metric?: string | undefined;
  readonly level?: string | undefined;
  readonly kind?: string | undefined;
  /** Minimum of the rate's denominator; empty: the metric's default. */
  readonly min?: string | undefined;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Validates user input (flags or query parameters) into a request, or says what is wrong. */
export function parseComparison(input: RawComparisonInput): Parsed<ComparisonRequest> {
  const metric = metricById(input.metric ?? 'grant_rate');
  if (!metric) return { ok: false, error: `unknown metric "${input.metric}"; choose one of ${METRICS.map((m) => m.id).join(', ')}` };
  const year = Number(input.year);
  if (!input.year || !Number.isInteger(year) || year < 2000 || year > 2100) {
    return { ok: false, error: `--year expects a report year like 2023, got "${input.year ?? ''}"` };
  }
  const filter = parseFilter({ region: input.region, level: input.level, kind: input.kind });
  if (!filter.ok) return { ok: false, error: filter.error };
  const f = filter.value;
  const region = f.regionPrefix ? { prefix: f.regionPrefix, name: f.regionName ?? null } : null;
  const minRaw = input.min?.trim();
  const min = minRaw === undefined || minRaw === '' ? metric.minDenominator : Number(minRaw);
  if (!Number.isInteger(min) || min < 0) {
    return { ok: false, error: `--min expects a whole number ≥ 0 (the least denominator a ranked rate may have), got "${input.min}"` };
  }
  return { ok: true, value: { metric, year, region, level: f.level, kind: f.kind, minDenominator: min } };
}

/** Reads the metric for every body of the request's region, year and level, and ranks them. */
export async function runComparison(db: Kysely<Database>, request: ComparisonRequest): Promise<Comparison> {
  const rows = await metricRows(db, {
    metric: request.metric, year: request.year, regionPrefix: request.region?.prefix, level: request.level, kind: request.kind,
  });
  return { request, ranking: rankBodies(rows, { minDenominator: request.minDenominator, denominatorLabel: request.metric.denominatorLabel }) };
}
