/**
 * The metrics a researcher can compare bodies by: each names the column of the
 * `report_metrics` / `report_metrics_yoy` view that holds it. The formulas
 * themselves live in SQL (src/store/metrics-views.ts, docs/metrics.md).
 */

export type MetricKind = 'rate' | 'count' | 'change_rate' | 'change_points';

export interface Metric {
  readonly id: string;
  /** Which view holds the column: the year's own figures, or the change against the previous year. */
  readonly view: 'report_metrics' | 'report_metrics_yoy';
  readonly kind: MetricKind;
  /** Chinese name as researchers use it. */
  readonly label: string;
  readonly formula: string;
  /** A rate's parts as SQL on `m` (report_metrics) and `y` (report_metrics_yoy): shown beside the rate. */
  readonly numerator?: string;
  readonly denominator?: string;
  /** What the denominator counts, for notes (办理总数 …). */
  readonly denominatorLabel?: string;
  /** Bodies whose denominator is below this are shown, not ranked: a rate of 1 decided case is no rate. */
  readonly minDenominator: number;
}

export const METRICS: readonly Metric[] = [
  { id: 'applications', view: 'report_metrics', kind: 'count', label: '本年新收申请数',
    formula: 'applications.new_received.total', minDenominator: 0 },
  { id: 'handled', view: 'report_metrics', kind: 'count', label: '办理总数',
    formula: 'applications.total.total', minDenominator: 0 },
  { id: 'grant_rate', view: 'report_metrics', kind: 'rate', label: '实质公开率',
    formula: '(granted.total + partially_granted.total) / total.total',
    numerator: 'm.granted + m.partially_granted', denominator: 'm.handled', denominatorLabel: '办理总数 (total.total)', minDenominator: 30 },
  { id: 'denial_rate', view: 'report_metrics', kind: 'rate', label: '不予公开率',
    formula: 'sum of the eight denied_*.total rows / total.total',
    numerator: 'm.denied', denominator: 'm.handled', denominatorLabel: '办理总数 (total.total)', minDenominator: 30 },
  { id: 'review_correction_rate', view: 'report_metrics', kind: 'rate', label: '复议纠错率',
    formula: 'review.corrected / (review.upheld + review.corrected + review.other)',
    numerator: 'm.review_corrected', denominator: 'm.review_concluded', denominatorLabel: '复议已审结 (decided reviews)', minDenominator: 10 },
  { id: 'litigation_loss_rate', view: 'report_metrics', kind: 'rate', label: '诉讼败诉率',
    formula: 'corrected / (upheld + corrected + other), both litigation groups summed',
    numerator: 'm.litigation_corrected', denominator: 'm.litigation_concluded', denominatorLabel: '诉讼已审结 (decided cases)', minDenominator: 10 },
  { id: 'completeness', view: 'report_metrics', kind: 'rate', label: '数据完整度',
    formula: "template cells with a value / the layout's template cells",
    numerator: 'm.cells_filled', denominator: 'm.cells_expected', denominatorLabel: 'template cells', minDenominator: 0 },
  { id: 'applications_change_rate', view: 'report_metrics_yoy', kind: 'change_rate', label: '新收申请数同比变化',
    formula: '(applications - previous year) / previous year',
    numerator: 'y.applications_change', denominator: 'y.applications_prev', denominatorLabel: 'previous year\'s applications', minDenominator: 30 },
  { id: 'grant_rate_change', view: 'report_metrics_yoy', kind: 'change_points', label: '实质公开率同比变化',
    formula: 'grant_rate - previous year grant_rate', minDenominator: 0 },
];

/** Looks a metric up by id; undefined for an unknown id. */
export const metricById = (id: string): Metric | undefined => METRICS.find((m) => m.id === id);

/**
 * A metric value as people read it: rates as percentages, changes of a rate
 * in percentage points, counts as integers; null (not computable) as "—".
 * @example formatMetric(metricById('grant_rate')!, 0.6) // "60.0%"
 */
export function formatMetric(metric: Pick<Metric, 'kind'>, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  switch (metric.kind) {
    case 'rate': return `${(v * 100).toFixed(1)}%`;
    case 'change_rate': return `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
    case 'change_points': return `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)} pp`;
    case 'count': return Number.isInteger(v) ? String(v) : v.toFixed(2);
  }
}
