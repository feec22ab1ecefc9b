/**
 * Robustness probe on HTML as most portals publish it: synthetic reports printed in
 * the national template's own grid (rowspans and colspans, `html-grid`), with blank
 * cells where real reports leave them (a scattering of cells; many; every zero),
 * under every HTML perturbation of perturb.ts. A page that is still HTML must give
 * every cell exactly; a copy flattened to text may leave a row out where its blanks
 * no longer show (a tab-separated row ending in blank cells, a table C all blank),
 * but must state no value the page does not show.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { generateReport, renderReport, RENDER_STYLES, type SynthReport } from '../../src/synth/index.js';
import { tableA, TABLE_B_ROWS } from '../../src/template/index.js';
import { PERTURBATIONS } from './perturb.js';

type Blanks = 'scattered' | 'many' | 'zeros';
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

/** The report with some cells printed blank (null): every tenth, three in seven, or every zero. */
function withBlanks(rep: SynthReport, blanks: Blanks, seed: number): SynthReport {
  let k = 0;
  const cells = Object.fromEntries(Object.entries(rep.cells).map(([key, v]) => {
    const i = k++;
    const blank = blanks === 'zeros' ? v === 0 : blanks === 'many' ? (i * 13 + seed * 5) % 7 < 3 : (i * 7 + seed) % 10 === 0;
    return [key, blank ? null : v];
  }));
  return { ...rep, cells };
}

describe('template-grid HTML pages with blank cells, perturbed', () => {
  const htmlPerturbations = PERTURBATIONS.filter((p) => p.kinds.includes('html'));
  const tally = { pairs: 0, pages: 0, unchanged: 0 };
  afterAll(() => {
    console.log(`grid probe: ${SEEDS.length} reports × 3 blank patterns × ${htmlPerturbations.length} HTML variations: ${tally.pages} pages ran `
      + `(${tally.pairs} pattern × variation pairs); ${tally.unchanged} left out because the variation leaves the page unchanged (no value over 999, no blank to rewrite)`);
  });
  it('has HTML perturbations to run', () => { expect(htmlPerturbations.length).toBeGreaterThanOrEqual(25); });
  for (const blanks of ['scattered', 'many', 'zeros'] as const) {
    const reports = SEEDS.map((seed) => { const rep = withBlanks(generateReport(seed), blanks, seed); return { seed, rep, page: renderReport(rep, 'html-grid') }; });
    for (const p of htmlPerturbations) {
      const pages = reports.flatMap((x) => { const o = p.apply(x.page); return o.out === x.page ? [] : [{ ...x, ...o }]; });
      tally.unchanged += reports.length - pages.length;
      if (!pages.length) continue;
      tally.pairs++; tally.pages += pages.length;
      it(`${blanks} blanks × ${p.name}`, async () => {
        const problems: string[] = [];
        for (const { seed, rep, out, kind } of pages) {
          const r = await extract({ fileName: `page.${kind}`, bytes: typeof out === 'string' ? new Uint8Array(Buffer.from(out)) : out });
          if (!r.ok) { problems.push(`seed ${seed}: ${r.error}`); continue; }
          const wrong = Object.keys(r.cells).filter((key) => r.cells[key] !== rep.cells[key]);
          const missing = kind === 'html' ? Object.keys(rep.cells).filter((key) => !(key in r.cells)) : [];
          if (wrong.length || missing.length || r.template !== rep.template || r.year !== rep.year) {
            problems.push(`seed ${seed}: wrong ${wrong.slice(0, 3).map((key) => `${key}=${r.cells[key]} (page ${rep.cells[key]})`).join(', ')}; `
              + `left out ${missing.slice(0, 3).join(', ')}; template ${r.template}, year ${r.year}`);
          }
        }
        expect(problems).toEqual([]);
      }, 60_000);
    }
  }
});

/**
 * Table B sub-rows whose names no template variant knows (their words reversed, their
 * item numbers kept: a province's own wording), in flattened text with blank cells —
 * where one cell per line loses its blanks. Rows between two known labels are placed by
 * the template's order only where the names printed between them leave whole rows; no
 * value may be stated as read that the page does not show.
 */
describe('sub-rows under names the template does not know', () => {
  const unknownNames = (page: string): string =>
    page.replace(/(?<=^|\| |\n)((?:（[一二三四五六七]）\S* )?\d\.)([\u4e00-\u9fff“”、]+)/gm, (_, n: string, words: string) => `${n}${[...words].reverse().join('')}`);
  for (const style of ['text-lines', 'text-pipes', 'markdown'] as const) {
    for (const blanks of ['scattered', 'zeros'] as const) {
      it(`${style}, ${blanks} blanks: nothing read that the page does not show`, async () => {
        const problems: string[] = [];
        let renamed = 0;
        for (let seed = 1; seed <= 30; seed++) {
          const rep = withBlanks(generateReport(seed), blanks, seed);
          const page = renderReport(rep, style);
          const text = unknownNames(page);
          if (text !== page) renamed++;
          const r = await extract({ fileName: style === 'markdown' ? 'page.md' : 'page.txt', bytes: new Uint8Array(Buffer.from(text)) });
          if (!r.ok) { problems.push(`seed ${seed}: ${r.error}`); continue; }
          const wrong = r.details.filter((d) => d.how === 'read' && d.value !== rep.cells[d.key]);
          if (wrong.length) problems.push(`seed ${seed}: ${wrong.slice(0, 3).map((d) => `${d.key}=${d.value} (page ${rep.cells[d.key]})`).join(', ')}`);
        }
        expect(problems).toEqual([]);
        expect(renamed).toBe(30);
      }, 60_000);
    }
  }
});

/**
 * Any table's row names no template variant knows (every third or seventh name's words
 * reversed, its item number kept), in every render style, with and without blanks: a row
 * whose name cannot be read gives nothing, and its values must not land in the row
 * before it — nothing is stated as read that the page does not show. One cell per line
 * with blank cells is the hard case: the text loses the blanks, so a row printed blank
 * then an unreadable name look like a row whose name wrapped; the values after such a
 * name are left out.
 */
describe('rows of any table under names the template does not know', () => {
  const names = [...new Set([...TABLE_B_ROWS.map((r) => r.label), ...(['2019', '2021'] as const).flatMap((t) => tableA(t).flatMap((b) => b.cells.map((c) => c.row)))])];
  const reversed = (s: string) => { const m = /^((?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+\.)?)(.*)$/.exec(s)!; return m[1] + [...m[2]!].reverse().join(''); };
  for (const style of RENDER_STYLES) {
    for (const blanks of ['none', 'scattered', 'many', 'zeros'] as const) {
      it(`${style}, ${blanks === 'none' ? 'no' : blanks} blanks: nothing read that the page does not show`, async () => {
        const problems: string[] = [];
        for (let seed = 1; seed <= 20; seed++) {
          for (const every of [3, 7]) {
            const rep = blanks === 'none' ? generateReport(seed) : withBlanks(generateReport(seed), blanks, seed);
            let page = renderReport(rep, style);
            names.forEach((name, i) => { if ((i + seed) % every === 0) page = page.split(name).join(reversed(name)); });
            const r = await extract({ fileName: style.startsWith('html') ? 'page.html' : style === 'markdown' ? 'page.md' : 'page.txt', bytes: new Uint8Array(Buffer.from(page)) });
            if (!r.ok) { problems.push(`seed ${seed}: ${r.error}`); continue; }
            const wrong = r.details.filter((d) => d.how === 'read' && d.value !== rep.cells[d.key]);
            if (wrong.length) problems.push(`seed ${seed}, every ${every}th name: ${wrong.slice(0, 3).map((d) => `${d.key}=${d.value} (page ${rep.cells[d.key]})`).join(', ')}`);
          }
        }
        expect(problems).toEqual([]);
      }, 60_000);
    }
  }
});
