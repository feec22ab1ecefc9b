/**
 * Extraction accuracy on gold-annotated cases, judged as the shared scorer
 * (../shared/tools/score.mjs) judges it: `npm run bench:accuracy -- DIR... [--verbose]`.
 * Each `<id>.<ext>` with `<id>.gold.json` beside it is one case, every format
 * included (HTML, text, Markdown, PDF, DOCX, DOC, OFD). Cases are copied to a
 * temporary directory under neutral names (c0001.txt …) and read from there: a
 * year or body must come from the page or its `# source:` URL, never from our
 * file names. Prints cases exact, strict cell accuracy, wrong values stated and
 * cells left out (apart: a cell left out is visible, a wrong one gets cited),
 * year and template; exits 1 when any wrong value is stated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extract, EXTRACTOR_VERSION } from '../src/extract/index.js';
import { compare, corpusCases, yearOk, type Case } from '../tests/helpers/corpus.js';

const TEXT = /\.(txt|md|html?)$/i;

interface Tally { cases: number; failed: number; exact: number; cells: number; right: number; wrong: number; leftOut: number; yearOk: number; templateOk: number; negative: number; negativeClean: number }

async function score(c: Case, file: string, t: Tally, verbose: boolean): Promise<void> {
  const bytes = fs.readFileSync(file);
  const r = await extract({ fileName: path.basename(file), bytes: new Uint8Array(bytes) });
  const got = r.ok ? r.cells : {};
  const { wrong, missing } = compare(c.gold, got);
  const n = Object.keys(c.gold.cells).length;
  t.cases++;
  if (!r.ok) t.failed++;
  t.cells += n;
  t.right += n - missing.length - wrong.filter((w) => !w.includes('want (absent)')).length;
  t.wrong += wrong.length;
  t.leftOut += missing.length;
  if (r.ok && !wrong.length && !missing.length) t.exact++;
  if (r.ok && yearOk(c.gold, TEXT.test(file) ? bytes.toString('utf8') : null, r.year)) t.yearOk++;
  // A page with no readable table need not name a template.
  if (r.ok && (String(r.template) === String(c.gold.template) || (n === 0 && r.template === null))) t.templateOk++;
  if (n === 0) { t.negative++; if (!wrong.length) t.negativeClean++; }
  if (verbose && (wrong.length || missing.length || !r.ok)) {
    console.log(`${c.id}: ${wrong.length} wrong, ${missing.length} left out${r.ok ? '' : ` (${r.error})`}  ${[...wrong, ...missing.map((k) => `${k}: left out`)].slice(0, 6).join('; ')}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const dirs = args.filter((a) => !a.startsWith('--'));
  if (!dirs.length) { console.error('usage: bench:accuracy -- DIR... [--verbose]'); process.exit(2); }
  const cases = corpusCases(dirs);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-accuracy-'));
  const t: Tally = { cases: 0, failed: 0, exact: 0, cells: 0, right: 0, wrong: 0, leftOut: 0, yearOk: 0, templateOk: 0, negative: 0, negativeClean: 0 };
  const t0 = performance.now();
  try {
    for (const [i, c] of cases.entries()) {
      const neutral = path.join(tmp, `c${String(i + 1).padStart(4, '0')}${path.extname(c.src)}`);
      fs.copyFileSync(path.join(c.dir, c.src), neutral);
      await score(c, neutral, t, verbose);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(2) : '0.00');
  const formats = [...new Set(cases.map((c) => path.extname(c.src).slice(1)))].sort().join(', ');
  console.log(`extractor ${EXTRACTOR_VERSION}; ${t.cases} cases (${formats}) under neutral names, ${t.failed} unreadable`);
  console.log(`cases exact ${t.exact} (${pct(t.exact, t.cases)}%), strict cells ${t.right}/${t.cells} (${pct(t.right, t.cells)}%), year ${pct(t.yearOk, t.cases)}%, template ${pct(t.templateOk, t.cases)}%`);
  console.log(`wrong values stated ${t.wrong} (${pct(t.wrong, t.cells)}% of cells), cells left out ${t.leftOut}; no-table pages clean ${t.negativeClean}/${t.negative}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // A wrong value stated is the one regression this bench refuses.
  if (t.wrong > 0) process.exitCode = 1;
}

void main();
