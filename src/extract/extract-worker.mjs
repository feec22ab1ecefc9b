// A thread of the extraction pool (extract-pool.ts, worker-pool.ts): extracts one
// document at a time and answers with the result. The pool kills this thread when
// a document overruns its time or memory, so nothing here guards against that.
// Plain JS so it starts the same under node, tsx and vitest; it registers tsx
// for the TypeScript it imports.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { extract } = await import('./index.ts');
// Long work (OCR) asks for time; the request goes to the pool with the task's id (worker-pool.ts).
const { onTimeRequest } = await import('../workers/task-time.ts');

// A first extraction compiles and builds what every later one uses (template rows,
// identities): done before `ready`, it is not charged to the first document's time limit.
const WARM_UP = `<title>某县2023年政府信息公开工作年度报告</title><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>1</td><td>0</td><td>3</td></tr><tr><td>本年新收政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>`;
await extract({ fileName: 'warm-up.html', text: WARM_UP });

parentPort.on('message', async ({ id, input }) => {
  let output;
  onTimeRequest((ms) => parentPort.postMessage({ id, moreMs: ms }));
  try {
    output = await extract(input.doc, input.opts);
  } catch (err) {
    // extract() never throws; this is a bug, reported as the document's error.
    output = { ok: false, error: `extractor crashed: ${String(err?.message ?? err)}`, warnings: [], limit: 'crashed' };
  }
  onTimeRequest(null);
  parentPort.postMessage({ id, output });
});
parentPort.postMessage({ ready: true });
