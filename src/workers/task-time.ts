/**
 * Time a long task asks for. A worker pool gives each task a fixed wall time (`--time-limit`),
 * which a scan overruns: OCR takes 10–50 s a page, so a ten-page scan cannot fit a minute. Work
 * that knows how long it will be asks for that time when it starts (OCR: its pages × a page's
 * budget); in a pool's worker the request goes to the pool, which extends the task's deadline up
 * to its cap. Outside a worker nobody is listening and nothing changes.
 */
let listener: ((ms: number) => void) | null = null;

/** Called by a worker script: where requests for time go (null: nowhere). */
export function onTimeRequest(fn: ((ms: number) => void) | null): void {
  listener = fn;
}

/** Asks for `ms` of wall time from now for the task running in this thread. */
export function askForTime(ms: number): void {
  listener?.(ms);
}
