/**
 * pdfjs's legacy build (the one Node 20 can run) carries core-js, which replaces
 * Array.prototype.push and JSON.parse with spec-pedantic JavaScript versions when the
 * engine fails an edge-case test (a push past 2^53 - 1 elements; JSON.parse's source
 * text access). In this thread that made every push in pdfjs's parser a JS call: an
 * eighth of a PDF's reading time. The engine's own are correct for every array and
 * string a PDF holds, so they are put back once `load` (pdfjs and its worker code) has run.
 * Plain JS, like the PDF worker that uses it.
 */
export async function withEngineBuiltins(load) {
  const push = Array.prototype.push;
  const parse = JSON.parse;
  try {
    return await load();
  } finally {
    Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(JSON, 'parse', { value: parse, writable: true, configurable: true, enumerable: false });
  }
}
