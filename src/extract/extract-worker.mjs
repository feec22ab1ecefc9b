// A thread of the extraction pool (extract-pool.ts): extracts one document at a
// time and answers with the result. The pool kills this thread when a document
// overruns its time or memory, so nothing here needs to guard against that.
// Plain JS so it starts the same under node, tsx and vitest; it registers tsx
// for the TypeScript it imports.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { extract } = await import('./index.ts');

parentPort.on('message', async ({ id, doc, opts }) => {
  let result;
  try {
    result = await extract(doc, opts);
  } catch (err) {
    // extract() never throws; this is a bug, reported as the document's error.
    result = { ok: false, error: `extractor crashed: ${String(err?.message ?? err)}`, warnings: [], limit: 'crashed' };
  }
  parentPort.postMessage({ id, result });
});
parentPort.postMessage({ ready: true });
