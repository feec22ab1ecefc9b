/**
 * PDF text layer via pdfjs in a worker thread: a document that hangs or blows
 * up is abandoned by terminating the thread; the next read gets a fresh one.
 */
import { Worker } from 'node:worker_threads';
import type { PageItems } from './layout-words.js';

/** A page's text layer; `slanted`: how many runs set at a slant (a watermark) were left out. */
export type PdfPage = PageItems & { readonly slanted?: number };

export type PdfRaw =
  | { ok: true; pages: PdfPage[]; title: string | null }
  | { ok: false; name: string; message: string };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { w: Worker; resolve: (r: PdfRaw) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  // A heap cap makes a memory-hungry PDF kill its thread (→ ok:false), not the process.
  const w = new Worker(new URL('./pdf-worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 1024 } });
  w.unref(); // an idle reader must not keep the CLI alive
  w.on('message', ({ id, result }: { id: number; result: PdfRaw }) => { pending.get(id)?.resolve(result); pending.delete(id); });
  const failAll = (message: string): void => {
    // Only this thread's reads fail; a replacement thread may already be busy.
    for (const [id, p] of pending) if (p.w === w) { pending.delete(id); p.resolve({ ok: false, name: 'WorkerError', message }); }
    if (worker === w) worker = null;
  };
  w.on('error', (err) => failAll(String(err?.message ?? err)));
  w.on('exit', (code) => failAll(`PDF reader thread exited (code ${code})`));
  worker = w;
  return w;
}

/** Reads one PDF; resolves `null` on timeout (the thread is terminated). Reads are serialised. */
let queue: Promise<unknown> = Promise.resolve();
export function readPdfRaw(bytes: Uint8Array, timeoutMs: number): Promise<PdfRaw | null> {
  const run = (): Promise<PdfRaw | null> => new Promise((resolve) => {
    const w = getWorker();
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      if (worker === w) worker = null;
      void w.terminate();
      resolve(null);
    }, timeoutMs);
    pending.set(id, { w, resolve: (r) => { clearTimeout(timer); resolve(r); } });
    w.ref();
    const data = bytes.slice(); // pdfjs detaches the buffer it is given
    w.postMessage({ id, data }, [data.buffer]);
  }).finally(() => { if (pending.size === 0) worker?.unref(); }) as Promise<PdfRaw | null>;
  const p = queue.then(run, run);
  queue = p.catch(() => undefined);
  return p;
}

export async function closePdfWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
