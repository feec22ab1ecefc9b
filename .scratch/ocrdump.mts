import fs from 'node:fs';
import { ocrPdf } from '../src/extract/documents/ocr.js';
const r = await ocrPdf(new Uint8Array(fs.readFileSync(process.argv[2]!)), 'x', 300000);
if (!r.ok) { console.log(r.error); process.exit(1); }
for (const [i, p] of r.pages.entries()) {
  const lines = new Map<number, string[]>();
  for (const it of [...p.items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const k = Math.round(it.y / 4);
    lines.set(k, [...(lines.get(k) ?? []), `${it.str}@${Math.round(it.x)}(${it.conf ?? '-'})`]);
  }
  console.log(`--- page ${i + 1}`);
  for (const [k, l] of lines) console.log(k * 4, l.join(' '));
}
import { layoutPages } from '../src/extract/documents/layout.js';
const lo = layoutPages(r.pages);
console.log('=== layout lines');
lo.lines.forEach((l, i) => console.log(i, l));
