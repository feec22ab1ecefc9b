/**
 * The PDF worker loads pdfjs's legacy build, whose core-js replaces Array.prototype.push and
 * JSON.parse with JavaScript versions on this Node; withEngineBuiltins puts the engine's own
 * back. Each case loads pdfjs in a fresh thread (it would change this one's builtins).
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('pdfjs-dist/package.json'));
const PDFJS = ['legacy/build/pdf.worker.mjs', 'legacy/build/pdf.mjs'].map((f) => pathToFileURL(join(root, f)).href);
const HELPER = new URL('../../src/extract/documents/engine-builtins.mjs', import.meta.url).href;

/** Which builtins are the engine's after pdfjs loads in a new thread, with or without the guard. */
function builtinsAfterLoading(guard: boolean): Promise<{ push: boolean; parse: boolean; works: boolean }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      const push = Array.prototype.push, parse = JSON.parse; // core-js's stand-ins print as native code: compare identities
      const { withEngineBuiltins } = await import(workerData.helper);
      const load = async () => { for (const m of workerData.pdfjs) await import(m); };
      if (workerData.guard) await withEngineBuiltins(load); else await load();
      const a = []; a.push(1, 2);
      parentPort.postMessage({ push: Array.prototype.push === push, parse: JSON.parse === parse,
        works: a.length === 2 && JSON.parse('{"x":[1]}').x[0] === 1 && typeof globalThis.pdfjsWorker?.WorkerMessageHandler === 'function' });
    })();`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { helper: HELPER, pdfjs: PDFJS, guard } });
    w.once('message', (m) => { void w.terminate(); resolve(m); });
    w.once('error', reject);
  });
}

describe('the engine builtins under pdfjs', () => {
  it('are replaced when pdfjs loads unguarded (what the guard is for)', async () => {
    expect(await builtinsAfterLoading(false)).toEqual({ push: false, parse: false, works: true });
  });
  it('are the engine\'s own after withEngineBuiltins, and pdfjs is loaded', async () => {
    expect(await builtinsAfterLoading(true)).toEqual({ push: true, parse: true, works: true });
  });
});
