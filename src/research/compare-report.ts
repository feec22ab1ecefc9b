/**
 * A comparison as people and programs read it: the ranking plus what it was
 * asked for. Pure formatting of a Ranking (see ranking.ts).
 */
import { formatMetric, type Metric } from './metrics.js';
import type { Level } from '../model/division.js';
import type { BodyKind } from '../model/body-kind.js';
import { statusNote, type Ranking, type RankedRow, type RankOptions } from './ranking.js';

/** A flat record: one line of a table or CSV. */
type Row = Readonly<Record<string, unknown>>;

export interface ComparisonRequest {
  readonly metric: Metric;
  readonly year: number;
  readonly region: { readonly prefix: string; readonly name: string | null } | null;
  readonly level?: Level | undefined;
  readonly kind?: BodyKind | undefined;
  /** Least denominator a ranked rate may have. */
  readonly minDenominator: number;
}

export interface Comparison {
  readonly request: ComparisonRequest;
  readonly ranking: Ranking;
}

const opts = (c: Comparison): RankOptions => ({ minDenominator: c.request.minDenominator, denominatorLabel: c.request.metric.denominatorLabel });

/** A rate with what it is made of: `72.0% (72/100)`; counts and changes of a rate as they are. */
export function rateText(c: Comparison, r: RankedRow): string {
  const v = formatMetric(c.request.metric, r.value);
  const n = r.numerator ?? null, d = r.denominator ?? null;
  return c.request.metric.denominator && (n !== null || d !== null) ? `${v} (${n ?? '?'}/${d ?? '?'})` : v;
}

/** Why a row is not ranked; a year-over-year metric also lacks a value when last year's report is missing. */
function note(c: Comparison, r: RankedRow): string {
  if (r.status === 'no_value' && c.request.metric.view === 'report_metrics_yoy') {
    return 'no value (no report for the previous year, blank cells or zero denominator)';
  }
  return statusNote(r, opts(c));
}
const round = (v: number | null, digits = 6) => (v === null ? null : Number(v.toFixed(digits)));

/** The lines above the table: what was compared and the peers' quartiles. */
export function comparisonHeader(c: Comparison): string[] {
  const { metric, year, region, level, kind, minDenominator } = c.request;
  const p = c.ranking.peers;
  const where = region ? `region ${region.prefix}${region.name ? ` ${region.name}` : ''}` : 'all regions';
  const fmt = (v: number | null) => formatMetric(metric, v);
  const least = metric.denominator ? ` (${metric.denominatorLabel} at least ${minDenominator})` : '';
  return [
    `${metric.label} ${metric.id} = ${metric.formula}`,
    `${where} · year ${year}${level ? ` · level ${level}` : ''}${kind ? ` · kind ${kind}` : ''} · ranked ${p.n} of ${c.ranking.rows.length}${least}`,
    p.n ? `peers: P25 ${fmt(p.p25)}  P50 ${fmt(p.p50)}  P75 ${fmt(p.p75)}  (min ${fmt(p.min)}, max ${fmt(p.max)})` : 'peers: none ranked',
  ];
}

/** Rows for the aligned text table: values formatted, notes spelled out. */
export function comparisonTableRows(c: Comparison): Row[] {
  return c.ranking.rows.map((r) => ({
    rank: r.rank === null ? '-' : String(r.rank),
    body: r.body ?? '(unknown body)',
    region: r.regionCode,
    level: r.level,
    applications: r.applications,
    [c.request.metric.id]: rateText(c, r),
    percentile: r.percentile === null ? '' : r.percentile.toFixed(1),
    note: note(c, r),
  }));
}

/** Rows for CSV: raw numbers (rates as fractions), the peers' quartiles repeated on every row. */
export function comparisonCsvRows(c: Comparison): Row[] {
  const p = c.ranking.peers;
  return c.ranking.rows.map((r) => ({
    rank: r.rank, body: r.body, body_id: r.bodyId, report_id: r.reportId, region_code: r.regionCode, level: r.level, kind: r.kind ?? null,
    year: r.year, applications: r.applications, [c.request.metric.id]: round(r.value),
    numerator: r.numerator ?? null, denominator: r.denominator ?? null, percentile: round(r.percentile, 3),
    status: r.status, note: note(c, r), peers: p.n, p25: round(p.p25), p50: round(p.p50), p75: round(p.p75),
  }));
}

/** One JSON document: the request, the peers and every body. */
export function comparisonJson(c: Comparison): unknown {
  const { metric, year, region, level, kind, minDenominator } = c.request;
  const p = c.ranking.peers;
  return {
    metric: metric.id, label: metric.label, formula: metric.formula, year,
    region: region ? { prefix: region.prefix, name: region.name } : null, level: level ?? null, kind: kind ?? null,
    minDenominator, denominator: metric.denominatorLabel ?? null,
    peers: { n: p.n, p25: round(p.p25), p50: round(p.p50), p75: round(p.p75), min: round(p.min), max: round(p.max) },
    bodies: c.ranking.rows.map((r) => ({
      rank: r.rank, body: r.body, bodyId: r.bodyId, reportId: r.reportId, regionCode: r.regionCode, level: r.level, kind: r.kind ?? null,
      applications: r.applications, value: round(r.value), numerator: r.numerator ?? null, denominator: r.denominator ?? null,
      percentile: round(r.percentile, 3), status: r.status,
      note: note(c, r) || null,
    })),
  };
}
