// Worker thread for pdfjs: a pathological PDF can spin or eat memory, and the
// only sure way to abandon it is to terminate the thread that parses it.
// Plain JS so it loads the same under tsx, vitest and node.
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('pdfjs-dist/package.json'));
const pdfjs = await import(pathToFileURL(join(root, 'legacy/build/pdf.mjs')).href);
const cMapUrl = join(root, 'cmaps') + '/';
const standardFontDataUrl = join(root, 'standard_fonts') + '/';

async function read(data) {
  const task = pdfjs.getDocument({ data, cMapUrl, cMapPacked: true, standardFontDataUrl, isEvalSupported: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    let title = null;
    try { title = (await doc.getMetadata()).info?.Title ?? null; } catch { /* metadata is optional */ }
    const pages = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const [, , width, height] = page.view;
      const tc = await page.getTextContent();
      const items = [];
      for (const it of tc.items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const [a, b, c, d, e, f] = it.transform;
        const size = Math.hypot(c, d) || Math.hypot(a, b) || it.height;
        const vertical = Math.abs(b) > Math.abs(a) && Math.abs(c) > Math.abs(d);
        items.push({ str: it.str, x: e, y: f, w: it.width, h: vertical ? it.height : (it.height || size), size, vertical });
      }
      pages.push({ width, height, items });
      page.cleanup();
    }
    return { ok: true, pages, title };
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', async ({ id, data }) => {
  try {
    parentPort.postMessage({ id, result: await read(data) });
  } catch (err) {
    const name = err?.name ?? 'Error';
    parentPort.postMessage({ id, result: { ok: false, name, message: String(err?.message ?? err) } });
  }
});
