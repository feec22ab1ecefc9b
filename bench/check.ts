/**
 * bench:check — checkReports over N synthetic reports (default 20 000, `-- 50000` for more),
 * with 1 % copied narratives: reports/s and whether the copy rule stays near-linear.
 */
import { checkReports } from '../src/check/index.js';
import { generateReport, toReport } from '../src/synth/index.js';

const n = Number(process.argv[2] ?? 20000);
const t0 = performance.now();
const reports = Array.from({ length: n }, (_, i) => {
  const s = generateReport(i);
  const r = toReport(s, `r${i}`);
  // Every 100th report copies the narrative of the one before it, published later.
  return i % 100 === 99 ? { ...r, text: toReport(generateReport(i - 1), 'x').text, publishedDate: `${s.year + 1}-01-30` } : r;
});
const t1 = performance.now();
for (const size of [n / 4, n / 2, n]) {
  const slice = reports.slice(0, size);
  const a = performance.now();
  const flags = checkReports(slice);
  const ms = performance.now() - a;
  const copies = [...flags.values()].flat().filter((f) => f.rule === 'copy.narrative').length;
  console.log(`${size} reports: ${ms.toFixed(0)} ms (${(size / ms * 1000).toFixed(0)} reports/s), copy.narrative flags ${copies} (planted ${Math.floor(size / 100)})`);
}
console.log(`generation: ${(t1 - t0).toFixed(0)} ms for ${n}`);
