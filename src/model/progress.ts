/**
 * Where long work reports how far it got. The CLI implements it (a bar on a
 * terminal, counter lines in logs); the crawl and the pipeline are handed one
 * and never know how it is shown.
 */
export interface ProgressSink {
  /** Starts (or switches to) a phase with a known total (0: not known yet). */
  phase(name: string, total: number): void;
  update(done: number, total?: number): void;
}
