/**
 * When the crawl asks again for a page that is gone (404/410, a soft 404, moved for good
 * to an address the crawl has). A nightly run re-checks every live page, conditionally;
 * a gone page is asked again after as long as it has been gone — two days, then four,
 * eight, sixteen, then once a month — so a revamped portal's dead addresses do not cost
 * a request each every night for ever, yet a page that comes back is found within days
 * (a page that answers again is live and re-checked nightly as before).
 */
const DAY_MS = 86_400_000;

export const RECHECK = {
  /** The first wait after a page is found gone. */
  firstMs: 2 * DAY_MS,
  /** The longest wait between two asks. */
  maxMs: 30 * DAY_MS,
  /**
   * A run re-opens gone rows due within this much of its start: nightly runs start at
   * slightly different times, and a row due at 02:10 must not wait a night more for a
   * run that starts at 02:00.
   */
  slackMs: DAY_MS / 2,
} as const;

/** When a page found gone at `at` (first found gone at `goneSince`, or now) is asked again. */
export function recheckAt(at: Date, goneSince: Date | null): Date {
  const gone = at.getTime() - (goneSince ?? at).getTime();
  return new Date(at.getTime() + Math.min(RECHECK.maxMs, Math.max(RECHECK.firstMs, gone)));
}
