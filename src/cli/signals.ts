/** Foreground commands (serve, schedule, farm) run until the operator stops them. */

/** Resolves on the first SIGINT or SIGTERM, and removes its listeners. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
