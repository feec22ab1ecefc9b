/**
 * Ranking bodies by a metric among their peers. Pure: rows in, ranked rows out.
 * Bodies whose rate stands on too small a denominator (one decided review is no
 * 复议纠错率), or with no value, are kept in the output and marked, but neither
 * ranked nor counted as peers.
 */
import { percentileRank, quantile } from './percentiles.js';

export interface MetricRow {
  readonly reportId: number;
  readonly bodyId: number | null;
  readonly body: string | null;
  readonly regionCode: string | null;
  readonly level: string | null;
  readonly kind?: string | null;
  readonly year: number;
  /** 本年新收 (applications.new_received.total); null when blank or not stated. */
  readonly applications: number | null;
  /** The metric; null when it cannot be computed (blank input, zero denominator). */
  readonly value: number | null;
  /** A rate's parts (null for counts, or when blank). */
  readonly numerator?: number | null;
  readonly denominator?: number | null;
}

export type RankStatus = 'ranked' | 'denominator_too_small' | 'denominator_unknown' | 'no_value';

export interface RankedRow extends MetricRow {
  readonly status: RankStatus;
  /** 1 = highest value; ties share a rank (1, 2, 2, 4). */
  readonly rank: number | null;
  /** Mid-rank percentile among the ranked peers, 0–100. */
  readonly percentile: number | null;
}

export interface PeerStats {
  readonly n: number;
  readonly p25: number | null;
  readonly p50: number | null;
  readonly p75: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

export interface Ranking {
  readonly peers: PeerStats;
  /** Ranked rows by rank, then the marked ones (too few, unknown, no value). */
  readonly rows: readonly RankedRow[];
}

export interface RankOptions {
  /** Bodies whose rate's denominator is below this are marked, not ranked (0 ranks everyone with a value). */
  readonly minDenominator: number;
  /** What the denominator counts, for the notes. */
  readonly denominatorLabel?: string | undefined;
}

function statusOf(r: MetricRow, min: number): RankStatus {
  if (r.value === null || Number.isNaN(r.value)) return 'no_value';
  const d = r.denominator ?? null;
  if (min > 0 && d === null) return 'denominator_unknown';
  if (d !== null && d < min) return 'denominator_too_small';
  return 'ranked';
}

const STATUS_ORDER: Record<RankStatus, number> = { ranked: 0, denominator_too_small: 1, denominator_unknown: 2, no_value: 3 };
const byName = (a: MetricRow, b: MetricRow) => (a.body ?? '').localeCompare(b.body ?? '', 'zh-Hans-CN');

export function rankBodies(rows: readonly MetricRow[], opts: RankOptions): Ranking {
  const withStatus = rows.map((r) => ({ row: r, status: statusOf(r, opts.minDenominator) }));
  const peerValues = withStatus.filter((x) => x.status === 'ranked').map((x) => x.row.value as number);
  const out: RankedRow[] = withStatus.map(({ row, status }) => {
    if (status !== 'ranked') return { ...row, status, rank: null, percentile: null };
    const v = row.value as number;
    return { ...row, status, rank: 1 + peerValues.filter((p) => p > v).length, percentile: percentileRank(peerValues, v) };
  });
  out.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]
    || (a.rank ?? 0) - (b.rank ?? 0)
    || (b.value ?? -Infinity) - (a.value ?? -Infinity)
    || byName(a, b));
  return {
    peers: {
      n: peerValues.length,
      p25: quantile(peerValues, 0.25),
      p50: quantile(peerValues, 0.5),
      p75: quantile(peerValues, 0.75),
      min: peerValues.length ? Math.min(...peerValues) : null,
      max: peerValues.length ? Math.max(...peerValues) : null,
    },
    rows: out,
  };
}

/** The reason a marked row was not ranked, in a reviewer's words. */
export function statusNote(r: RankedRow, opts: RankOptions): string {
  switch (r.status) {
    case 'ranked': return '';
    case 'denominator_too_small': return `${opts.denominatorLabel ?? 'denominator'} too small (${r.denominator} < ${opts.minDenominator})`;
    case 'denominator_unknown': return `${opts.denominatorLabel ?? 'denominator'} not stated`;
    case 'no_value': return 'no value (blank cells or zero denominator)';
  }
}
