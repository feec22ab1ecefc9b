// A thread of the check pool (check-pool.ts, worker-pool.ts): runs every check on
// one partition's reports and answers their flags. Plain JS so it starts the same
// under node, tsx and vitest; it registers tsx for the TypeScript it imports.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { checkReports } = await import('../check/index.ts');

parentPort.on('message', ({ id, input }) => {
  parentPort.postMessage({ id, output: checkReports(input.reports, input.opts) });
});
parentPort.postMessage({ ready: true });
