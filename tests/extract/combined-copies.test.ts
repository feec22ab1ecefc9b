/**
 * Copies that combine two things real copies do — found by reading the corpus pages and
 * synthetic reports under pairs of the robustness probe's perturbations and losses (page marks
 * with full-width digits, entities left after a row's wall, a copy cut inside a row with filler
 * among its values, a footnote mark on a value of a spaced row …). Each class stated wrong
 * values before; each is generated here over synthetic reports with blanks sprinkled (one cell
 * in six), in the layouts it applies to. A copy may lose cells; it may never state a value the
 * report does not print.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { generateReport, type SynthReport } from '../../src/synth/index.js';
import { page, type Style } from '../helpers/printed-tables.js';
import { LOSSY, PERTURBATIONS, type SourceKind } from './perturb.js';
import { CORPUS, corpusCases, KIND } from '../helpers/corpus.js';

/** One cell in six printed blank. */
const withBlanks = (s: SynthReport, seed: number): SynthReport =>
  ({ ...s, cells: Object.fromEntries(Object.entries(s.cells).map(([k, v], i) => [k, (i * 7 + seed) % 6 === 0 ? null : v])) });
const reports = (count: number, prime: number): SynthReport[] =>
  Array.from({ length: count }, (_, i) => withBlanks(generateReport((i + 1) * prime, { template: (i + 1) % 3 === 0 ? '2019' : '2021' }), i + 1));

/** Every copy read: the values stated that the report does not print, and how many values were stated. */
function read(list: readonly SynthReport[], styles: readonly Style[], copy: (text: string, i: number, style: Style) => string | readonly string[]) {
  const wrong: string[] = [];
  let stated = 0;
  for (const [i, s] of list.entries()) {
    for (const style of styles) {
      for (const out of [copy(page(s, style), i, style)].flat()) {
        // A copy of an HTML page flattened to text is read as text.
        const r = extractText(out, { fileName: style === 'html' && /^\s*</.test(out) ? 'page.html' : 'page.txt' });
        if (!r.ok) continue;
        stated += Object.keys(r.cells).length;
        for (const [k, v] of Object.entries(r.cells)) if (s.cells[k] !== v) wrong.push(`report ${i + 1} ${style}: ${k} ${v} (printed ${s.cells[k]})`);
      }
    }
  }
  return { wrong, stated };
}

const FULL_WIDTH = (t: string) => t.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
/** A page foot (`— n —`, counting up) after every `every`-th printed line, written by `foot`. */
const withFeet = (t: string, every: number, foot: (n: number) => string): string => {
  let seen = 0, n = 1;
  return t.split('\n').map((l) => (l.trim() && ++seen % every === 0 ? `${l}\n${foot(++n)}` : l)).join('\n');
};

describe('page feet printed as the page prints its values', () => {
  // A foot not seen as one (`— ２ —` where digits are full-width, `**— 2 —**` bold, `— 2 —&nbsp;`)
  // read as a row of three cells: blank, 2, blank — a row's values one a line moved aside for it.
  const FEET: Record<string, (t: string) => string> = {
    'full-width digits': (t) => withFeet(FULL_WIDTH(t), 23, (n) => FULL_WIDTH(`— ${n} —`)),
    'bold (a converter\'s **…**)': (t) => withFeet(t, 23, (n) => `**— ${n} —**`),
    'an entity after it': (t) => withFeet(t, 23, (n) => `— ${n} —&nbsp;`),
  };
  for (const [name, copy] of Object.entries(FEET)) {
    it(`${name}: no value misstated, and the rows read`, () => {
      const { wrong, stated } = read(reports(20, 7919), ['lines', 'pipes', 'markdown'], (t) => copy(t));
      expect(wrong).toEqual([]);
      expect(stated).toBeGreaterThan(20 * 3 * 150);
    });
  }

  it('a line of the row\'s count before its values one a line is not taken for the row (its numbers count no pages)', () => {
    // `— 7 —` right after a row's name, its number not one a page would have: the line has three
    // tokens, as the row has three cells — taken for the row, the row's own values were dropped.
    const { wrong, stated } = read(reports(20, 7919), ['lines'], (t, i) => t.replace(/^(规章|行政许可|行政处罚)$/gm, `$1\n— ${(i % 5) + 7} —`));
    expect(wrong).toEqual([]);
    expect(stated).toBeGreaterThan(20 * 150);
  });
});

describe('what renders as nothing outside a row\'s walls', () => {
  // Read as text, `&nbsp;` after a row's last wall was one blank cell too many on every row.
  for (const after of ['&nbsp;', '&#160;', '<br>', '</p>', '\\']) {
    it(`${after} after each row's closing wall: every cell read as printed`, () => {
      const list = reports(10, 104729);
      const { wrong, stated } = read(list, ['pipes', 'markdown'], (t) => t.replace(/\|[ \t]*$/gm, `|${after}`));
      expect(wrong).toEqual([]);
      expect(stated).toBe(list.reduce((n, s) => n + Object.keys(s.cells).length, 0) * 2);
    });
  }
});

describe('copies cut inside a row', () => {
  const cutAt = (t: string, at: RegExp): string[] => [...t.matchAll(at)].map((m) => t.slice(0, m.index! + m[0].length));

  it('cut right after a wall: the text\'s end is no blank cell', () => {
    // `| 规章 | 0 | 0 |` and the text ends: the next cell is not shown, not blank.
    const { wrong } = read(reports(20, 7919), ['pipes', 'markdown'], (t) => cutAt(t, /\| \d+ \|(?= \d)/g).filter((_, k) => k % 9 === 4).map((c) => `${c}\n`));
    expect(wrong).toEqual([]);
  });

  it('cut inside table C, printed one cell a line with filler blanks among its values: C left out, not read a column off', () => {
    // A blank line after some of C's values (a page's padding, as the seed page prints): whole,
    // the count and the identities tell the filler; cut, the row may count its columns only with
    // it, and an identity failing so read shows the cut. (Reports with no blanks of their own:
    // with blank cells as well as filler lines, nothing tells one from the other.)
    const whole = Array.from({ length: 30 }, (_, i) => generateReport((i + 1) * 7919, { template: (i + 1) % 3 === 0 ? '2019' : '2021' }));
    const { wrong } = read(whole, ['lines'], (t) => {
      const c = t.indexOf('总计\n', t.indexOf('行政复议'));
      const start = t.indexOf('\n', t.lastIndexOf('总计\n', t.length)) + 1;
      if (c < 0 || start <= 0) return [];
      const values = t.slice(start).split('\n');
      const padded = values.map((v, k) => (k === 1 ? `${v}\n ` : v));
      return [12, 13, 14].map((n) => `${t.slice(0, start)}${padded.slice(0, n).join('\n')}\n`);
    });
    expect(wrong).toEqual([]);
  });

  it('cut inside a row after a blank: the row\'s cells after it are its own, no strays for another row\'s blank', () => {
    // One cell a line, blanks as blank lines, the copy cut a few cells into a row of table B: the
    // cells before the first blank are read; those after it, their columns unsure, were taken as
    // strays and placed in printed blanks of other rows an identity asked for.
    const { wrong, stated } = read(reports(30, 7919), ['lines'], (t, i) => {
      const b = t.indexOf('三、收到和处理政府信息公开申请情况');
      return cutAt(t.slice(b), /\n\d+(?=\n)/g).filter((_, k) => k % 5 === i % 5).map((c) => `${t.slice(0, b)}${c}`);
    });
    expect(wrong).toEqual([]);
    expect(stated).toBeGreaterThan(30 * 40 * 20);
  });

  it('cut inside a row of cells closed by a pipe: a lone wall before the first value is a blank cell, not the row\'s end', () => {
    // `行政处罚 |`, `|` (a blank first cell), `+239 |`, `239` and the text ends: the page's rows end
    // with a break, and the break before the values was taken for it — +239 stated as the first cell.
    const closed = PERTURBATIONS.find((p) => p.name === 'flattened to cells closed by a pipe (blank cells and row ends as lone |)')!;
    const { wrong } = read(reports(30, 7919), ['html'], (t, i) => {
      const text = (closed.apply(t).out as string).replace(/\n/g, '\n\n');
      return cutAt(text, /\n\|\n\n[+-]?\d+ \|\n\n\d+/g).filter((_, k) => k % 2 === i % 2);
    });
    expect(wrong).toEqual([]);
  });

  it('cut after a value printed between a row\'s name and its pipe row: no wall shows it is the first cell', () => {
    // A name printed apart from its pipe row of values (as sh-kewei-2024 prints its wrapped names),
    // a stray number after it, and the text ends: read from its first cell, the stray was stated.
    const { wrong } = read(reports(30, 7919), ['markdown'], (t, i) => {
      const rows = [...t.matchAll(/^\| (\d\.[^|]+) \|((?: [^|]* \|)+)$/gm)].filter((_, k) => k % 4 === i % 4);
      return rows.map((m) => `${t.slice(0, m.index!)}${m[1]}\n${(i % 3) + 1}\n`);
    });
    expect(wrong).toEqual([]);
  });

  it('cut after values printed with blank cells as longer gaps: a gap before the first value leaves the row out', () => {
    // Paragraph copies: one empty line between cells, two where a cell was blank. A cut row's first
    // gap may be a blank first cell or the gap after its name; read from the first value, a column off.
    const list = reports(30, 7919);
    const { wrong } = read(list, ['lines'], (t) => {
      const para = t.split('\n').map((l) => (l === ' ' ? '' : l)).join('\n\n');
      return cutAt(para, /\n\n\n\d+(?=\n)/g).filter((_, k) => k % 3 === 0).map((c) => `${c}\n`);
    });
    expect(wrong).toEqual([]);
  });
});

describe('rows spaced on a line', () => {
  it('a value marked with a note (`0注1`, `3*`, `5①`) is a cell: the name does not take the cells before it', () => {
    const marks = ['注1', '*', '①'];
    const list = reports(20, 7919);
    const { wrong, stated } = read(list, ['spaced'], (t, i) => {
      let n = 0;
      return t.split('\n').map((l) => l.replace(/(?<=  )(\d+)(?=  |$)/g, (v) => (n++ % 11 === i % 11 ? `${v}${marks[n % 3]}` : v))).join('\n');
    });
    expect(wrong).toEqual([]);
    expect(stated).toBeGreaterThan(20 * 150);
  });

  it('a blank line after a row spaced on its line is no cell of it (a table\'s closing empty row, its walls stripped)', () => {
    // Blank cells lost from the rows (`/` removed), a whitespace line after each table's last row:
    // read as the row's last cell, it made a row short of one blank whole, a column off.
    const { wrong } = read(reports(20, 7919), ['spaced'], (t) => t.replace(/  \/(?=  |$)/gm, '')
      .replace(/^(四、结转下年度继续办理.*|.*总计.*)$/gm, '$1\n  '));
    expect(wrong).toEqual([]);
  });
});

describe('a header printed with blank cells after it', () => {
  it('its blanks are the header row\'s, not the cells of a row above whose values were lost', () => {
    // `| 第二十条第（五）项 | | | |`, a spanning cell's print, after a row whose values a copy lost
    // (`| 行政规范性文件 |`): the header's blanks read as that row's cells, stated blank.
    const list = reports(20, 7919);
    const { wrong } = read(list, ['pipes'], (t) => t.replace(/^(\| 第二十条第（[一-九]）项 \|)$/gm, '$1 | | |')
      .replace(/^\| (行政规范性文件|规范性文件|行政许可|行政强制) \|.*$/gm, '| $1 |'));
    expect(wrong).toEqual([]);
  });
});

describe('rows printed with their names only (cells lost)', () => {
  // `| 行政处罚 |` then `| 行政强制 | 329 |`: stacked as a column of names, the two shared 329 —
  // 行政处罚 329, 行政强制 blank. Or a name then a block's header, then the next block's row:
  // `| 行政强制 |`, `| 第二十条第（八）项 |`, …, `| 行政事业性收费 | 269.43 |` gave 行政强制 the fee.
  const lose = (t: string, i: number) => {
    let n = 0;
    return t.replace(/^\| ([^|\d]+?) \|(?: [^|]* \|)+$/gm, (row, name: string) => (/^[\u4e00-\u9fff（）0-9.、“”]+$/.test(name) && n++ % 5 === i % 5 ? `| ${name} |` : row));
  };
  for (const style of ['pipes', 'markdown'] as const) {
    it(`${style}: the rows after them read as printed, none given another row's values`, () => {
      const { wrong, stated } = read(reports(20, 7919), [style], lose);
      expect(wrong).toEqual([]);
      expect(stated).toBeGreaterThan(20 * 150);
    });
  }
});

describe('a page foot that reads as a row of cells', () => {
  it('`- 2 -` where the page prints rows of bare values is a row of its own: its number is no stray for a printed blank', () => {
    // Tab-separated rows copied from a browser, one page number between two rows: kept as cells
    // (blank, 2, blank), its 2 was placed as a stray in a printed blank an identity asked for.
    const tabbed = PERTURBATIONS.find((p) => p.name === 'copied from a browser (tab-separated rows)')!;
    const { wrong, stated } = read(reports(40, 7919), ['html'], (t, i) => {
      const lines = (tabbed.apply(t).out as string).split('\n');
      const rows = lines.flatMap((l, k) => (/^\d\.[\u4e00-\u9fff]/.test(l) ? [k] : []));
      return rows.filter((_, j) => j % 3 === i % 3).map((k) => [...lines.slice(0, k), `- ${(k % 7) + 2} -`, ...lines.slice(k)].join('\n'));
    });
    expect(wrong).toEqual([]);
    expect(stated).toBeGreaterThan(40 * 3 * 150);
  });
});

describe('pipe rows with an empty first column', () => {
  // `|  | 规章 | 6 | 11 | 39 |`: a Word table's narrow first column. Table C's row of values, which
  // has no name, opened with a blank the identities had to tell from its own blanks (38 values
  // over 30 reports stated a column off).
  const COPIES: Record<string, [Style, (t: string) => string]> = {
    pipes: ['pipes', (t) => t.replace(/^\| /gm, '|  | ')],
    markdown: ['markdown', (t) => t.replace(/^\|( --- \|)/gm, '| --- |$1').replace(/^\| (?!---)/gm, '|  | ')],
  };
  for (const [name, [style, copy]] of Object.entries(COPIES)) {
    it(`${name}: every cell read as printed`, () => {
      const list = reports(30, 7919);
      const { wrong, stated } = read(list, [style], copy);
      expect(wrong).toEqual([]);
      expect(stated).toBe(list.reduce((n, s) => n + Object.keys(s.cells).length, 0));
    });
  }
});

describe('identities choosing among readings', () => {
  it('never drop a value printed with a mark: it holds its column as any printed cell', () => {
    // Table C one cell a line with a padding blank after its values and 行政复议's 结果纠正 printed
    // `2*`: dropping the marked cell instead of the padding made two identities hold (8 = 3 + 0 +
    // 0 + 5, 9 = 0 + 0 + 0 + 9), and eleven values were stated a column early.
    const lines = page(generateReport(7919, { template: '2021' }), 'lines').split('\n');
    const end = lines.indexOf('五、存在的主要问题及改进情况');
    for (const mark of ['2*', '2注', '2①']) {
      const values = ['3', mark, '0', '0', '5', '8', '0', '0', '0', '9', '9', '0', '0', '0', '9', ' '];
      const r = extractText([...lines.slice(0, end - 15), ...values, ...lines.slice(end)].join('\n'), { fileName: 'page.txt' });
      if (!r.ok) throw new Error(r.error);
      const c = Object.fromEntries(Object.entries(r.cells).filter(([k]) => /^(review|litigation)/.test(k)));
      expect(c).toEqual({
        'review.upheld': 3, 'review.other': 0, 'review.pending': 0, 'review.total': 5,
        'litigation_direct.upheld': 8, 'litigation_direct.corrected': 0, 'litigation_direct.other': 0, 'litigation_direct.pending': 0, 'litigation_direct.total': 9,
        'litigation_after_review.upheld': 9, 'litigation_after_review.corrected': 0, 'litigation_after_review.other': 0, 'litigation_after_review.pending': 0, 'litigation_after_review.total': 9,
      });
    }
  });
});

describe('line endings', () => {
  /** Every loss of `text` read in LF and in CRLF: the copies whose cells differ. */
  const differing = (text: string, kind: SourceKind, what: string): { copies: number; differ: string[] } => {
    const differ: string[] = [];
    let copies = 0;
    const name = { fileName: kind === 'html' ? 'page.html' : `page.${kind}` };
    for (const loss of LOSSY) {
      for (const out of loss.apply(text.replace(/\r\n/g, '\n'), kind)) {
        const lf = extractText(out, name), crlf = extractText(out.replace(/\r?\n/g, '\r\n'), name);
        copies++;
        if (JSON.stringify(lf.ok && lf.cells) !== JSON.stringify(crlf.ok && crlf.cells)) differ.push(`${what}: ${loss.name}`);
      }
    }
    return { copies, differ };
  };

  it('a copy with CRLF line ends reads as the same copy with LF, whatever it lost', () => {
    // A \r kept before each \n was a character of every line: a Markdown rule ` --- --- \r` left
    // by a pipes-stripped copy was no rule, its dashes came out as cells, and a CRLF copy of a
    // corpus page had two rows of table B read as printed blank.
    const pages = corpusCases([CORPUS, path.join(CORPUS, 'dev'), path.join(CORPUS, 'dev2')])
      .flatMap((c) => { const kind = KIND[path.extname(c.src).slice(1)]; return kind && kind !== 'html' ? [{ c, kind }] : []; });
    const synthetic = reports(4, 6007).flatMap((s, i) => (['lines', 'pipes', 'markdown', 'spaced'] as const)
      .map((style) => ({ text: page(s, style), kind: (style === 'markdown' ? 'md' : 'txt') as SourceKind, what: `report ${i + 1} ${style}` })));
    const all = [...pages.map(({ c, kind }) => ({ text: fs.readFileSync(path.join(c.dir, c.src), 'utf8'), kind, what: c.src })), ...synthetic]
      .map(({ text, kind, what }) => differing(text, kind, what));
    expect(all.reduce((n, r) => n + r.copies, 0)).toBeGreaterThan(200);
    expect(all.flatMap((r) => r.differ)).toEqual([]);
  });
});

const C_ROWS = ['review', 'litigation_direct', 'litigation_after_review'];
const C_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'];

/**
 * Sixty reports whose table C is `cell(i, row, column)`, printed one cell a line (a blank cell as a
 * line holding a space), read as printed and with one such blank too many before C's values and one
 * after them (an empty first column, a row's end): the values misstated, and the cells of C the
 * pages read as printed.
 */
function tableCWithBlanksAround(prime: number, cell: (i: number, r: number, c: number) => number | null): { wrong: string[]; stated: number } {
  const wrong: string[] = [];
  let stated = 0;
  for (let i = 0; i < 60; i++) {
    const s = generateReport((i + 1) * prime, { template: '2021' });
    const cells = { ...s.cells };
    C_ROWS.forEach((row, r) => C_COLS.forEach((col, c) => { cells[`${row}.${col}`] = cell(i, r, c); }));
    const lines = page({ ...s, cells }, 'lines').split('\n');
    const end = lines.indexOf('五、存在的主要问题及改进情况');
    const at = end - 15;
    const read = (extra: boolean) => {
      const r = extractText((extra ? [...lines.slice(0, at), ' ', ...lines.slice(at, end), ' ', ...lines.slice(end)] : lines).join('\n'), { fileName: 'page.txt' });
      if (!r.ok) throw new Error(r.error);
      return Object.entries(r.cells).filter(([k]) => C_ROWS.some((row) => k.startsWith(`${row}.`)));
    };
    // As printed, the table reads whole: the blanks are where the page shows them.
    const whole = read(false);
    stated += whole.length;
    for (const [k, v] of [...whole, ...read(true)]) if (cells[k] !== v) wrong.push(`report ${i + 1}: ${k} ${v} (printed ${cells[k]})`);
  }
  return { wrong, stated };
}

describe('a blank too many where blanks leave the sums unknown', () => {
  it('no stated value is dropped to make an identity hold when dropping a blank breaks none', () => {
    // Table C with a blank in each row (so its sums are unknown as printed) and a blank too many
    // around its values: dropping a value instead of the blank made one row's sum hold by chance
    // (1 + 0 + 0 + 2 = 3, '4' dropped), and ten values were stated a column off.
    const { wrong, stated } = tableCWithBlanksAround(4241, (i, r, c) => (c === (i + r) % 4 ? null : (i * 7 + (r * 5 + c) * 3) % 5));
    expect(wrong).toEqual([]);
    expect(stated).toBe(60 * 15);
  });
});

describe('rows of zeros', () => {
  it('sums of zeros do not choose where a row\'s one value goes, nor its blanks', () => {
    // Table C mostly zeros (one value, or none), a blank in two of its rows and a blank too many
    // around its values: the reading that made two rows of zeros sum (0 = 0 + 0 + 0 + 0) moved the
    // value a column and a blank into its place, or swapped a blank and a 0.
    const { wrong, stated } = tableCWithBlanksAround(3571, (i, r, c) => {
      const [valueRow, valueCol] = [i % 3, Math.floor(i / 3) % 4];
      // A blank in the value's row, and one in another row.
      const blanks = [[valueRow, (valueCol + 1 + (i % 3)) % 5], [(valueRow + 1 + (i % 2)) % 3, (i * 7) % 5]];
      // Every other report all zeros: where its blanks go is as much a value as any number.
      return blanks.some(([br, bc]) => br === r && bc === c) ? null : r === valueRow && c === valueCol && i % 2 === 0 ? 1 + (i % 9) : 0;
    });
    expect(wrong).toEqual([]);
    expect(stated).toBe(60 * 15);
  });
});
