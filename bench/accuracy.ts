/**
 * Extraction accuracy on gold-annotated cases: `npm run bench:accuracy -- DIR...`.
 * Each `<id>.{html,txt,md,pdf}` with `<id>.gold.json` beside it is one case.
 * Prints strict cell accuracy, cases exact, year/template accuracy and values
 * produced on pages with no gold cells. `--verbose` lists the wrong cells.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extract } from '../src/extract/index.js';

interface Gold { year: number | null; template: string | null; truncated?: boolean; cells: Record<string, number | null> }

const near = (a: unknown, b: unknown) => a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-6);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const dirs = args.filter((a) => !a.startsWith('--'));
  if (!dirs.length) { console.error('usage: bench:accuracy -- DIR... [--verbose]'); process.exit(2); }
  let cells = 0, strict = 0, cases = 0, exact = 0, yearOk = 0, tplOk = 0, neg = 0, negValues = 0;
  const t0 = performance.now();
  for (const dir of dirs) {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.gold.json')).sort()) {
      const id = f.replace(/\.gold\.json$/, '');
      const src = fs.readdirSync(dir).find((x) => x.startsWith(`${id}.`) && !x.endsWith('.gold.json'));
      if (!src) continue;
      const gold = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Gold;
      const r = await extract({ fileName: src, bytes: new Uint8Array(fs.readFileSync(path.join(dir, src))) });
      const got: Record<string, number | null> = r.ok ? { ...r.cells } : {};
      cases++;
      const wrong: string[] = [];
      let ok = 0;
      for (const [k, v] of Object.entries(gold.cells)) { cells++; if (k in got && near(got[k], v)) ok++; else wrong.push(`${k}: want ${v} got ${got[k]}`); }
      const n = Object.keys(gold.cells).length;
      for (const [k, v] of Object.entries(got)) {
        if (v === null || k in gold.cells) continue;
        if (n === 0 || !gold.truncated) wrong.push(`${k}: want (absent) got ${v}`);
      }
      if (n === 0) { neg++; negValues += Object.values(got).filter((v) => v !== null).length; }
      strict += ok;
      if (r.ok && !wrong.length) exact++;
      if (r.ok && r.year === gold.year) yearOk++;
      if (r.ok && String(r.template) === String(gold.template)) tplOk++;
      if (verbose && (wrong.length || !r.ok)) console.log(`${id}: ${wrong.length} wrong${r.ok ? '' : ` (${r.error})`}  ${wrong.slice(0, 6).join('; ')}`);
    }
  }
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(2) : '0.00');
  console.log(`cases ${cases}, exact ${exact} (${pct(exact, cases)}%), strict cells ${strict}/${cells} (${pct(strict, cells)}%), year ${pct(yearOk, cases)}%, template ${pct(tplOk, cases)}%, no-gold pages ${neg} with ${negValues} values, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

void main();
