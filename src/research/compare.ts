/**
 * Reading and validating a comparison request, then running it: the part the
 * CLI `compare` command and the web comparison page share.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { METRICS, metricById } from './metrics.js';
import { metricRows } from './metric-queries.js';
import { rankBodies } from './ranking.js';
import { resolveRegion } from './region.js';
import type { Comparison, ComparisonRequest } from './compare-report.js';

export const LEVELS = ['省', '市', '县', '乡'] as const;
export const DEFAULT_MIN_APPLICATIONS = 30;

export interface RawComparisonInput {
  readonly region?: string | undefined;
  readonly year?: string | undefined;
  readonly metric?: string | undefined;
  readonly level?: string | undefined;
  readonly minApplications?: string | undefined;
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
  let region: ComparisonRequest['region'] = null;
  if (input.region !== undefined && input.region.trim() !== '') {
    const r = resolveRegion(input.region);
    if (!r.ok) return { ok: false, error: r.error };
    region = { prefix: r.prefix, name: r.name };
  }
  const level = input.level?.trim() || undefined;
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) {
    return { ok: false, error: `--level must be one of ${LEVELS.join(' ')}, got "${level}"` };
  }
  const minRaw = input.minApplications?.trim();
  const minApplications = minRaw === undefined || minRaw === '' ? DEFAULT_MIN_APPLICATIONS : Number(minRaw);
  if (!Number.isInteger(minApplications) || minApplications < 0) {
    return { ok: false, error: `--min-applications expects a whole number ≥ 0, got "${input.minApplications}"` };
  }
  return { ok: true, value: { metric, year, region, level, minApplications } };
}

/** Reads the metric for every body of the request's region, year and level, and ranks them. */
export async function runComparison(db: Kysely<Database>, request: ComparisonRequest): Promise<Comparison> {
  const rows = await metricRows(db, {
    metric: request.metric, year: request.year, regionPrefix: request.region?.prefix ?? null, level: request.level,
  });
  return { request, ranking: rankBodies(rows, { minApplications: request.minApplications }) };
}
