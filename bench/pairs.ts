/**
 * Accuracy under combined damage: copies that do two things at once. The robustness probe
 * (tests/extract/robustness.test.ts) reads every corpus page under one variation at a time;
 * real copies stack them (a page mark, then full-width digits; entities, then a cut). This
 * bench draws, with a fixed seed, many random combinations and reads each:
 *
 *   corpus     a shared corpus page (HTML, text, Markdown) under a variation and then a loss
 *              (cut, repeats removed, blanks dropped, marks added …), scored against its gold
 *   synthetic  a synthetic report with blanks sprinkled (one cell in six), printed in one of
 *              five layouts, under two variations and then a loss, scored against its cells
 *
 * For each it prints how many copies were read, the cells stated, the values **misstated**
 * (stated, and not what the page prints) and the combinations that misstated most. Variations
 * that depend on what a browser hides (hidden decoys, struck-out text, superscripts) are not
 * drawn before a flattening or a loss: those flatten markup as no browser copy would.
 *
 *   npm run bench:pairs -- [--seeds 5,6,7,8] [--corpus 4000] [--synthetic 2000] [--zeros P] [--dump DIR]
 *
 * `--dump DIR` writes each copy that misstated (its text, and what was misstated) into DIR, to
 * be read again by `nianbao extract`.
 *
 * Figures are per seed and summed; the same seeds give the same draws on any commit with the
 * same variation lists (an A/B of two commits runs this once on each). Last line: JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractText } from '../src/extract/index.js';
import { generateReport, type SynthReport } from '../src/synth/index.js';
import { compare, CORPUS, corpusCases, KIND } from '../tests/helpers/corpus.js';
import { page, type Style } from '../tests/helpers/printed-tables.js';
import { LOSSY, PERTURBATIONS, type Perturbation, type SourceKind } from '../tests/extract/perturb.js';
import { arg } from './measure/args.js';

const SEEDS = arg('seeds', '5,6,7,8').split(',').map(Number);
const CORPUS_DRAWS = Number(arg('corpus', '4000'));
const SYNTHETIC_DRAWS = Number(arg('synthetic', '2000'));
const DUMP = arg('dump');

/** Variations that show what a browser hides: flattened afterwards, they show it too. */
const HIDDEN_MARKUP = /hidden|decoy|struck|sup>|opacity|mso-hide|read-only|soft hyphens|text fields|&nbsp;/i;

/** A linear congruential generator: the same seed, the same draws, on every machine. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => { s = (s * 1103515245 + 12345) % 2147483648; return Math.floor((s / 2147483648) * n); };
}

interface Tally { copies: number; stated: number; misstated: number; byCombination: Map<string, number> }
const tally = (): Tally => ({ copies: 0, stated: 0, misstated: 0, byCombination: new Map() });
const note = (t: Tally, combination: string, n: number) => { if (n) { t.misstated += n; t.byCombination.set(combination, (t.byCombination.get(combination) ?? 0) + n); } };

/** A copy that misstated, kept for reading again (`--dump`). */
function dump(name: string, ext: string, text: string, about: object): void {
  if (!DUMP) return;
  fs.mkdirSync(DUMP, { recursive: true });
  fs.writeFileSync(path.join(DUMP, `${name}.${ext}`), text);
  fs.writeFileSync(path.join(DUMP, `${name}.about.json`), JSON.stringify(about, null, 1));
}

/** A variation for `kind` drawn at random; none that shows hidden markup where `flattenedAfter`. */
const draw = (pick: (n: number) => number, kind: SourceKind, flattenedAfter: boolean): Perturbation => {
  const choices = PERTURBATIONS.filter((p) => p.kinds.includes(kind) && !(kind === 'html' && flattenedAfter && HIDDEN_MARKUP.test(p.name)));
  return choices[pick(choices.length)]!;
};

function corpusRun(seed: number, t: Tally): void {
  const cases = corpusCases([CORPUS, path.join(CORPUS, 'dev'), path.join(CORPUS, 'dev2')])
    .flatMap((c) => { const kind = KIND[path.extname(c.src).slice(1)]; return kind ? [{ ...c, kind, text: fs.readFileSync(path.join(c.dir, c.src), 'utf8') }] : []; });
  const pick = random(seed);
  for (let k = 0; k < CORPUS_DRAWS; k++) {
    const c = cases[pick(cases.length)]!;
    const p = draw(pick, c.kind, true);
    const varied = p.apply(c.text);
    if (typeof varied.out !== 'string') continue;
    const loss = LOSSY[pick(LOSSY.length)]!;
    const outs = loss.apply(varied.out, varied.kind);
    const i = pick(outs.length);
    const out = outs[i]!;
    if (out === c.text) continue;
    const r = extractText(out, { fileName: `page.${varied.kind === 'html' ? 'txt' : varied.kind}` });
    t.copies++;
    if (!r.ok) continue;
    t.stated += Object.keys(r.cells).length;
    const wrong = compare(c.gold, r.cells).wrong;
    note(t, `${p.name} + ${loss.name} #${i + 1}`, wrong.length);
    if (wrong.length) dump(`corpus-${seed}-${k}`, varied.kind === 'html' ? 'txt' : varied.kind, out, { page: c.src, combination: `${p.name} + ${loss.name} #${i + 1}`, wrong });
  }
}

/** One cell in six printed blank; with `--zeros P`, about P % of the others printed 0 (most real reports are mostly zeros). */
const ZEROS = Number(arg('zeros', '0'));
const withBlanks = (s: SynthReport, seed: number): SynthReport =>
  ({ ...s, cells: Object.fromEntries(Object.entries(s.cells).map(([k, v], i) => [k, (i * 7 + seed) % 6 === 0 ? null : (i * 37 + seed * 11) % 100 < ZEROS ? 0 : v])) });
const STYLES: readonly Style[] = ['html', 'lines', 'pipes', 'markdown', 'spaced'];

function syntheticRun(seed: number, t: Tally): void {
  const pick = random(seed);
  for (let k = 0; k < SYNTHETIC_DRAWS; k++) {
    const i = pick(1000);
    const s = withBlanks(generateReport((i + 1) * 7919, { template: i % 3 === 0 ? '2019' : '2021' }), i);
    const style = STYLES[pick(STYLES.length)]!;
    let text = page(s, style);
    let kind: SourceKind = style === 'html' ? 'html' : style === 'markdown' ? 'md' : 'txt';
    const names: string[] = [style];
    let bytes = false;
    for (let j = 0; j < 2 && !bytes; j++) {
      const p = draw(pick, kind, true);
      const o = p.apply(text);
      if (typeof o.out !== 'string') { bytes = true; continue; }
      text = o.out; kind = o.kind; names.push(p.name);
    }
    if (bytes) continue;
    const loss = LOSSY[pick(LOSSY.length)]!;
    const outs = loss.apply(text, kind);
    const q = pick(outs.length);
    const r = extractText(outs[q]!, { fileName: `page.${kind === 'html' ? 'txt' : kind}` });
    t.copies++;
    if (!r.ok) continue;
    t.stated += Object.keys(r.cells).length;
    const wrong = Object.entries(r.cells).filter(([key, v]) => s.cells[key] !== v).map(([key, v]) => ({ key, read: v, printed: s.cells[key] ?? null }));
    note(t, `${names.join(' + ')} + ${loss.name} #${q + 1}`, wrong.length);
    if (wrong.length) dump(`synthetic-${seed}-${k}`, kind === 'html' ? 'txt' : kind, outs[q]!, { report: i, combination: `${names.join(' + ')} + ${loss.name} #${q + 1}`, wrong });
  }
}

function main(): void {
  const started = Date.now();
  const totals = { corpus: tally(), synthetic: tally() };
  console.log(`seeds ${SEEDS.join(', ')}: ${CORPUS_DRAWS} corpus draws and ${SYNTHETIC_DRAWS} synthetic draws a seed\n`);
  console.log('seed   corpus copies  stated   misstated   synthetic copies  stated    misstated');
  for (const seed of SEEDS) {
    const c = tally(), s = tally();
    corpusRun(seed, c);
    syntheticRun(seed, s);
    console.log(`${String(seed).padEnd(6)} ${String(c.copies).padStart(13)} ${String(c.stated).padStart(8)} ${String(c.misstated).padStart(10)}   ${String(s.copies).padStart(16)} ${String(s.stated).padStart(8)} ${String(s.misstated).padStart(11)}`);
    for (const [from, to] of [[c, totals.corpus], [s, totals.synthetic]] as const) {
      to.copies += from.copies; to.stated += from.stated; to.misstated += from.misstated;
      for (const [k, n] of from.byCombination) to.byCombination.set(k, (to.byCombination.get(k) ?? 0) + n);
    }
  }
  for (const [name, t] of Object.entries(totals)) {
    console.log(`\n${name}: ${t.copies} copies, ${t.stated} cells stated, ${t.misstated} misstated (${((100 * t.misstated) / Math.max(t.stated, 1)).toFixed(3)} %); most misstated:`);
    for (const [k, n] of [...t.byCombination].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${String(n).padStart(5)}  ${k}`);
  }
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify({ seeds: SEEDS, corpus: { copies: totals.corpus.copies, stated: totals.corpus.stated, misstated: totals.corpus.misstated },
    synthetic: { copies: totals.synthetic.copies, stated: totals.synthetic.stated, misstated: totals.synthetic.misstated } }));
}

main();
