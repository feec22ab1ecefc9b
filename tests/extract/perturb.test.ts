/**
 * Layout damage seen on real pages, applied to synthetic reports one kind at a time:
 * the aligner must still read every cell exactly.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

const move = (lines: string[], from: number, to: number): string[] => {
  const c = [...lines]; const [l] = c.splice(from, 1); c.splice(to, 0, l!); return c;
};

function damaged(seed: number, lines: string[], pipes: string[]): Record<string, string> {
  const at = (re: RegExp, ls = lines) => ls.findIndex((l) => re.test(l));
  const c = at(/行政复议、行政诉讼/);
  const firstC = lines.findIndex((l, i) => i > c && /^\d+$/.test(l.trim()));
  const strayC = [...lines]; strayC.splice(firstC + 3 + (seed % 5), 0, ' ');
  const strayB = [...lines]; strayB.splice(at(/公开出版物/) + 3, 0, ' ');
  const garbled = [...pipes]; const g = at(/补正后/, pipes);
  garbled[g] = garbled[g]!.replace(/\|[^|]*补正后[^|]*\|/, '| 3.补正后申 |');
  return {
    'label lost': lines.filter((_, i) => i !== at(seed % 2 ? /不掌握相关/ : /属于国家秘密/)).join('\n'),
    'stray blank in table C': strayC.join('\n'),
    'stray blank in table B': strayB.join('\n'),
    'full-width digits': lines.join('\n').replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
    'label after its values': move(lines, at(/部分公开/), at(/部分公开/) + 7).join('\n'),
    'labels back to back': move(lines, at(/重复申请/), at(/重复申请/) - 7).join('\n'),
    'garbled pipe label': garbled.join('\n'),
  };
}

describe('extract on damaged layouts', () => {
  it('reads every cell of every damaged rendering', () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const rep = generateReport(seed);
      const variants = damaged(seed, renderReport(rep, 'text-lines').split('\n'), renderReport(rep, 'text-pipes').split('\n'));
      for (const [name, text] of Object.entries(variants)) {
        const r = extractText(text, { fileName: 'r.txt' });
        const wrong = r.ok ? Object.keys(rep.cells).filter((k) => r.cells[k] !== rep.cells[k]) : ['(failed)'];
        if (wrong.length) bad.push(`seed ${seed} ${name}: ${wrong.slice(0, 3).join(', ')}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('extract on varied HTML markup', () => {
  it('reads cells wrapped in <p>/<span>, labels with &nbsp;, <th> cells and the tables merged into one', () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const rep = generateReport(seed);
      const html = renderReport(rep, 'html-table');
      const variants: Record<string, string> = {
        'wrapped cells': html.replace(/<td([^>]*)>([^<]*)<\/td>/g, '<td$1><p><span class="x">$2</span></p></td>'),
        '&nbsp; after labels': html.replace(/<td([^>]*)>([^<\d][^<]*)<\/td>/g, '<td$1>$2&nbsp;</td>'),
        'th cells': html.replace(/<td/g, '<th').replace(/<\/td>/g, '</th>'),
        'one table': html.replace(/<\/table>[\s\S]*?<table[^>]*>/g, ''),
      };
      for (const [name, text] of Object.entries(variants)) {
        const r = extractText(text, { fileName: 'r.html' });
        const wrong = r.ok ? Object.keys(rep.cells).filter((k) => r.cells[k] !== rep.cells[k]) : ['(failed)'];
        if (wrong.length) bad.push(`seed ${seed} ${name}: ${wrong.slice(0, 3).join(', ')}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
