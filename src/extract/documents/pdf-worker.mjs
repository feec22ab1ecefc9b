// Worker thread for pdfjs: a pathological PDF can spin or eat memory, and the
// only sure way to abandon it is to terminate the thread that parses it.
// Plain JS so it loads the same under tsx, vitest and node.
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pageGraphics } from './pdf-graphics.mjs';
import { isSlanted } from './slant.mjs';
import { withEngineBuiltins } from './engine-builtins.mjs';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('pdfjs-dist/package.json'));
const pdfjs = await withEngineBuiltins(async () => {
  // Loaded here rather than on the first document: pdfjs finds it on globalThis.pdfjsWorker.
  await import(pathToFileURL(join(root, 'legacy/build/pdf.worker.mjs')).href);
  return import(pathToFileURL(join(root, 'legacy/build/pdf.mjs')).href);
});
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
      // Display space (the page's /Rotate and crop box applied), turned y-up: a landscape page
      // stored rotated reads like one stored wide.
      const viewport = page.getViewport({ scale: 1 });
      const { width, height } = viewport;
      const toPage = (m) => multiply(viewport.transform, m);
      const tc = await page.getTextContent();
      const items = [];
      let slanted = 0;
      for (const it of tc.items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const [a, b, c, d, e, f] = toPage(it.transform);
        // Text set at a slant (a watermark across the page) is no cell's text.
        if (isSlanted(a, b)) { slanted++; continue; }
        const size = Math.hypot(c, d) || Math.hypot(a, b) || it.height;
        if (Math.abs(b) > Math.abs(a)) {
          // Rotated text: its box (baseline along (a,b) for its width, glyphs along (c,d)), to place it in a table cell.
          const n = Math.hypot(a, b);
          const dx = (a / n) * it.width, dy = (b / n) * it.width;
          const xs = [e, e + dx, e + c, e + dx + c], ys = [f, f + dy, f + d, f + dy + d].map((y) => height - y);
          const x0 = Math.min(...xs), y0 = Math.min(...ys);
          items.push({ str: it.str, x: x0, y: y0, w: Math.max(...xs) - x0, h: Math.max(...ys) - y0, vertical: true });
          continue;
        }
        items.push({ str: it.str, x: e, y: height - f, w: it.width, h: it.height || size });
      }
      // Table borders, for pages with text to place in them (a scan's images are not decoded here).
      const g = items.length ? pageGraphics(await page.getOperatorList({ intent: 'print' }), pdfjs.OPS, viewport.transform, width, height) : { rules: [], clip: null };
      pages.push({ width, height, items, rules: g.rules, ...(g.clip ? { clip: g.clip } : {}), ...(slanted ? { slanted } : {}) });
      page.cleanup();
    }
    return { ok: true, pages, title };
  } finally {
    await doc.destroy();
  }
}

function multiply(m, t) {
  const [a, b, c, d, e, f] = m;
  const [a2, b2, c2, d2, e2, f2] = t;
  return [a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d, e2 * a + f2 * c + e, e2 * b + f2 * d + f];
}

parentPort.on('message', async ({ id, data }) => {
  try {
    parentPort.postMessage({ id, result: await read(data) });
  } catch (err) {
    const name = err?.name ?? 'Error';
    parentPort.postMessage({ id, result: { ok: false, name, message: String(err?.message ?? err) } });
  }
});
