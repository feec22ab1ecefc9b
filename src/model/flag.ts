/** A finding of a check: one rule broken (or not checkable) in one report. */

/** Every severity, most serious first (the order flags are listed in). */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Flag {
  /** Dotted rule id starting with its family: identity.b.balance, narrative.repealed, copy.narrative … */
  readonly rule: string;
  readonly severity: Severity;
  /** Plain words a reviewer understands, naming the row/column concerned. */
  readonly message: string;
  /** The numbers involved, by canonical key (or a descriptive name for non-cell figures). */
  readonly cells: Readonly<Record<string, number | null>>;
  /** Another report the finding refers to (copy source, last year's report): its `Report.id`. */
  readonly relatedReportId?: string;
}
