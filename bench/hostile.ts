/**
 * The hostile-input run at scale: 10,000 generated files of every hostile kind
 * (tests/helpers/hostile-files.ts, from a seed) through `nianbao extract --jsonl`
 * in one process, with the default limits. Prints how many were answered, how
 * many crashed (no answer, or a worker that died), how many hung (stopped by the
 * time limit), the other limits hit, answers wrong for their kind, peak RSS and
 * wall time; then one JSON line.
 *
 *   npm run bench:hostile [-- --files 10000 --seed 1 --big 3 --workers N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { judgeAnswer, writeHostileFiles } from '../tests/helpers/hostile-files.js';
import { runMeasured } from '../tests/helpers/peak-rss.js';

const { values: args } = parseArgs({ options: {
  files: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, big: { type: 'string', default: '3' },
  workers: { type: 'string' }, keep: { type: 'boolean', default: false },
} });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-hostile-'));
try {
  const t0 = performance.now();
  const cases = await writeHostileFiles(dir, { seed: Number(args.seed), count: Number(args.files), bigEach: Number(args.big) });
  const bytes = cases.reduce((s, c) => s + fs.statSync(c.file).size, 0);
  console.log(`generated     ${cases.length} files, ${Math.round(bytes / 1048576)} MB, ${new Set(cases.map((c) => c.kind)).size} kinds in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const run = await runMeasured(['extract', '--jsonl', ...(args.workers ? ['--workers', args.workers] : []), ...cases.map((c) => c.file)]);
  const lines = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; ok: boolean; error?: string; limit?: string; cells?: Record<string, number | null> });
  const byFile = new Map(lines.map((l) => [l.file, l]));
  const limits: Record<string, number> = {};
  let answered = 0, ok = 0, crashed = 0, hung = 0, wrong = 0;
  const wrongByKind: Record<string, number> = {};
  const examples: string[] = [];
  for (const c of cases) {
    const l = byFile.get(c.file);
    if (!l) { crashed++; continue; }
    answered++;
    if (l.ok) ok++;
    if (l.limit) limits[l.limit] = (limits[l.limit] ?? 0) + 1;
    if (l.limit === 'crashed') crashed++;
    if (l.limit === 'time-limit') hung++;
    const bad = judgeAnswer(c, l);
    if (bad.length) {
      wrong++;
      wrongByKind[c.kind] = (wrongByKind[c.kind] ?? 0) + 1;
      if (examples.length < 10) examples.push(`${path.basename(c.file)}: ${bad[0]}`);
    }
  }
  const exitOk = run.code === 0 || run.code === 1;
  if (!exitOk) crashed += cases.length - answered === 0 ? 1 : 0;
  const s = run.wallMs / 1000;
  console.log(`answered      ${answered}/${cases.length} (${ok} ok, ${answered - ok} failed with a reason), exit ${run.code}${run.signal ? ` (${run.signal})` : ''}`);
  if (!exitOk) {
    // Why the process ended: V8's fatal line and the messages before its stack trace.
    const err = run.stderr.trim().split('\n');
    const fatal = err.findIndex((l) => /FATAL|heap out of memory|Aborted|Segmentation/i.test(l));
    console.log(`stderr        ${(fatal >= 0 ? err.slice(Math.max(0, fatal - 3), fatal + 2) : err.slice(-5)).join('\n              ')}`);
  }
  console.log(`crashed       ${crashed}   hung (time limit) ${hung}`);
  console.log(`limits hit    ${Object.entries(limits).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  console.log(`wrong answers ${wrong}${wrong ? ` (${Object.entries(wrongByKind).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
  for (const e of examples) console.log(`  ${e}`);
  console.log(`peak RSS      ${run.peakRssMb} MB`);
  console.log(`wall time     ${s.toFixed(1)} s (${Math.round(cases.length / s)} files/s)`);
  console.log(JSON.stringify({ files: cases.length, mb: Math.round(bytes / 1048576), answered, ok, crashed, hung, limits, wrong, wrongByKind, exit: run.code, peak_rss_mb: run.peakRssMb, wall_s: Math.round(s * 10) / 10 }));
} finally {
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
}
