/**
 * What OCR's words are worth before they reach the aligner: bars of a table printed as
 * text, read as digits, are turned back into bars by their shape; values from a line read
 * as prose carry the confidence of the line's numbers, and are left out below OCR's bar.
 */
import { describe, expect, it } from 'vitest';
import { applyDoubts } from '../../src/extract/documents/cell-doubts.js';
import { barsToPipes, type BoxedChar } from '../../src/extract/documents/ocr-bars.js';
import { layoutPages } from '../../src/extract/documents/layout.js';
import type { ExtractedCell } from '../../src/model/report.js';

/** A printed line `| 0 | 12 | 0 |` as OCR boxes it at `scale` (1 ≈ 200 dpi, 12 pt): bars read as `bar`. */
function printedRow(values: string[], scale: number, bar: string, top = 100): { chars: BoxedChar[] }[] {
  const digitH = 20 * scale, digitW = 13 * scale, barH = 28 * scale, barW = 3 * scale, gap = 14 * scale;
  const chars: BoxedChar[] = [];
  let x = 50;
  const barAt = (): void => { chars.push({ text: bar, box: [x, top - 1 * scale, x + barW, top - 1 * scale + barH] }); x += barW + gap; };
  for (const v of values) {
    barAt();
    for (const d of v) { chars.push({ text: d, box: [x, top, x + (d === '1' ? 6 * scale : digitW), top + digitH] }); x += digitW + 2 * scale; }
    x += gap;
  }
  barAt();
  // Tesseract glues the whole run into one word, as it does once the spaces are narrow.
  return [{ chars }];
}

const text = (words: { chars: BoxedChar[] }[]): string => words.flatMap((w) => w.chars.map((c) => c.text)).join('');

describe('bars OCR read as digits', () => {
  const rows = [['0', '0', '0'], ['12', '0', '7'], ['3', '41', '0', '0'], ['10', '0', '1', '5', '0', '0', '16']];
  const cases = rows.flatMap((values) => [0.75, 1, 1.5].flatMap((scale) => ['1', 'l', 'I', '|'].map((bar) => ({ values, scale, bar }))));
  it.each(cases)('$values at scale $scale, bars read as "$bar": become bars again, digits kept', ({ values, scale, bar }) => {
    expect(text(barsToPipes(printedRow(values, scale, bar)))).toBe(`|${values.join('|')}|`);
  });

  it('leaves a real 1 (as tall as its digits, on their baseline) alone', () => {
    const chars: BoxedChar[] = ['1', '0', '1', '5'].map((d, i) => ({ text: d, box: [50 + i * 15, 100, 50 + i * 15 + (d === '1' ? 6 : 13), 120] }));
    expect(text(barsToPipes([{ chars }]))).toBe('1015');
  });

  it('decides nothing without digits to compare with: a word of 1s stays as read', () => {
    const chars: BoxedChar[] = [{ text: '1', box: [50, 100, 53, 128] }, { text: '1', box: [70, 100, 73, 128] }];
    expect(text(barsToPipes([{ chars }]))).toBe('11');
  });
});

describe('values on a line OCR read as prose', () => {
  const lineText = '规章 0 3 5';
  const cell = (key: string, raw: string, start: number): ExtractedCell => ({ key, value: Number(raw), raw, how: 'read', provenance: { table: 'A', line: 0, start } } as ExtractedCell);
  const details = [cell('active.regulations.new_made', '0', 3), cell('active.regulations.new_published', '3', 5), cell('active.regulations.total_published', '5', 7)];
  const place = (conf: number) => [{ page: 1, box: [0, 0, 1, 0.1] as const, conf }];

  it('are left out, each named, when the line\'s numbers are below OCR\'s bar', () => {
    const r = applyDoubts(details, lineText, place(0.35));
    expect(r.details).toEqual([]);
    expect(r.warnings).toEqual([
      'active.regulations.new_made: left out: OCR confidence 35 (below 80) (read "0")',
      'active.regulations.new_published: left out: OCR confidence 35 (below 80) (read "3")',
      'active.regulations.total_published: left out: OCR confidence 35 (below 80) (read "5")',
    ]);
  });

  it('carry the line\'s confidence when it is above the bar, not the document\'s', () => {
    const r = applyDoubts(details, lineText, place(0.91));
    expect(r.details.map((d) => [d.value, d.confidence])).toEqual([[0, 0.91], [3, 0.91], [5, 0.91]]);
    expect(r.warnings).toEqual([]);
  });
});

describe('blanks on a line OCR read as prose', () => {
  // `| 行政许可 | 0 |` read as `行政许可||`: the 0 lost, two bars left, an empty cell between them.
  const lineText = '行政许可||';
  const blank = { key: 'active.licensing.decisions', value: null, raw: '', how: 'read', provenance: { table: 'A', line: 0 } } as ExtractedCell;
  const dash = { key: 'active.licensing.change', value: null, raw: '—', how: 'read', provenance: { table: 'A', line: 0, start: 5 } } as ExtractedCell;
  it('an empty cell is left out, named; a printed dash stands', () => {
    const r = applyDoubts([blank, dash], lineText, [{ page: 1, box: [0, 0, 1, 0.1], conf: 1 }]);
    expect(r.details).toEqual([{ ...dash, confidence: 1 }]);
    expect(r.warnings).toEqual(['active.licensing.decisions: left out: a blank on a line OCR read as prose, with ink OCR did not read']);
  });
  it('an empty cell stands when every bit of ink on the line lies under a word read', () => {
    const r = applyDoubts([blank, dash], lineText, [{ page: 1, box: [0, 0, 1, 0.1], conf: 1, inkRead: true }]);
    expect(r.details).toEqual([{ ...blank, confidence: 1 }, { ...dash, confidence: 1 }]);
    expect(r.warnings).toEqual([]);
  });
});

describe('a blank one cell a line, closed by a bar on the next line', () => {
  // `+43 |`, then `52 |` with the 52 unread (its two readings disagreed): a lone `|` closes an empty cell.
  const lines = '+43|\n|\n行政强制|';
  const blank = { key: 'active.penalty.decisions', value: null, raw: '', how: 'read', provenance: { table: 'A', line: 0 } } as ExtractedCell;
  const place = (inkRead: boolean) => ({ page: 1, box: [0, 0, 1, 0.1] as [number, number, number, number], conf: 1, ...(inkRead ? { inkRead: true as const } : {}) });
  it('is left out when the line of its closing bar holds ink OCR did not read', () => {
    const r = applyDoubts([blank], lines, [place(true), place(false), place(true)]);
    expect(r.details).toEqual([]);
    expect(r.warnings).toEqual(['active.penalty.decisions: left out: a blank on a line OCR read as prose, with ink OCR did not read']);
  });
  it('is left out when the row its wall runs to, past a rule row, was read unsure', () => {
    // `| 6 | … | 6 |`, a rule row, then `|0|01010|0|010|` read below OCR's bar: a blank between them is no reading of the page's.
    const text = '| 6 |0|6|\n| ---|---|\n|0|01010|\n';
    const r = applyDoubts([{ ...blank, provenance: { table: 'B', line: 0 } } as ExtractedCell], text, [place(true), place(true), { ...place(true), conf: 0.79 }]);
    expect(r.details).toEqual([]);
    expect(applyDoubts([{ ...blank, provenance: { table: 'B', line: 0 } } as ExtractedCell], text, [place(true), place(true), { ...place(true), conf: 0.9 }]).details).toHaveLength(1);
  });

  it('stands when both lines were read whole, and is not held to the line after its closing bar', () => {
    expect(applyDoubts([blank], lines, [place(true), place(true), place(false)]).details).toEqual([{ ...blank, confidence: 1 }]);
  });
});

describe('a number OCR read with a leading zero', () => {
  // `0 |` read as `01`: the bar glued to the 0 as a 1.
  it.each(['01', '007', '0412'])('"%s" is left out, named, on OCR lines', (raw) => {
    const d = { key: 'active.fees.previous_items', value: Number(raw), raw, how: 'read', provenance: { table: 'A', line: 0, start: 0 } } as ExtractedCell;
    const r = applyDoubts([d], raw, [{ page: 1, box: [0, 0, 1, 0.1], conf: 0.88 }]);
    expect(r.details).toEqual([]);
    expect(r.warnings[0]).toMatch(new RegExp(`^active.fees.previous_items: left out: OCR read "${raw}", a number with a leading zero`));
  });
  it('stands on a text layer (no OCR on the line)', () => {
    const d = { key: 'active.fees.previous_items', value: 1, raw: '01', how: 'read', provenance: { table: 'A', line: 1, start: 0 } } as ExtractedCell;
    expect(applyDoubts([d], 'x\n01', [{ page: 1, box: [0, 0, 1, 0.1], conf: 0.9 }, { page: 1, box: [0, 0, 1, 0.1] }]).details).toEqual([d]);
  });
});

describe('a bar beside a lone digit', () => {
  it('is read as a bar: `0 |` read as `01`', () => {
    const chars: BoxedChar[] = [{ text: '0', box: [50, 101, 63, 121] }, { text: '1', box: [78, 100, 81, 128] }];
    expect(text(barsToPipes([{ chars }]))).toBe('0|');
  });
});

describe('the confidence of a pipe row OCR read as prose', () => {
  // `|label |0 |0 |`, as a table printed as text and scanned: each word with its own confidence.
  const row = (label: string, labelConf: number, values: [string, number][]) => {
    const w = (str: string, x: number, conf: number) => ({ str, x, y: 700, w: str.length * 10, h: 10, conf });
    const items = [w('|', 40, 99), w(label, 50, labelConf), w('|', 290, 99)];
    values.forEach(([v, conf], i) => items.push(w(v, 300 + 30 * i, conf), w('|', 320 + 30 * i, 99)));
    return layoutPages([{ width: 600, height: 800, items }]).places[0]!;
  };

  it.each(['3.危及“三安全一稳定”', '（三）危及“三安全一稳定”', '3、保护第三方合法权益', '2.其他法律行政法规禁止公开'])(
    'is its values\', not that of the label %s (an item number in a label is never a value)', (label) => {
      for (const labelConf of [35, 61, 78]) {
        expect(row(label, labelConf, [['0', 99], ['12', 96], ['0', 99]]).conf).toBe(0.96);
        expect(row(label, labelConf, [['0', 99], ['3', 70]]).conf).toBe(0.7);
      }
    });

  it('is its values\' when the label, read unsure, is set close enough to its bar to share their cell', () => {
    // `行政强制|0|0|0|`: the label's word reaches its bar, so the line is one cell; the label's doubt is its own.
    const w = (str: string, x: number, conf: number) => ({ str, x, y: 700, w: str.length === 1 ? 6 : 40, h: 10, conf });
    const items = [w('行政强制', 40, 53), w('|', 81, 99), w('0', 84, 99), w('|', 91, 99), w('0', 94, 97), w('|', 101, 99), w('0', 104, 99), w('|', 111, 99)];
    const laid = layoutPages([{ width: 600, height: 800, items }]);
    expect(laid.lines[0]).toBe('行政强制|0|0|0|');
    expect(laid.places[0]!.conf).toBe(0.97);
    // A Latin letter touching a value may be a digit misread (`1O`): it counts; one apart from them (`||` read `H`) does not.
    expect(layoutPages([{ width: 600, height: 800, items: [...items.slice(0, 3), w('O', 90, 40)] }]).places[0]!.conf).toBe(0.4);
    expect(layoutPages([{ width: 600, height: 800, items: [...items, w('H', 116, 0)] }]).places[0]!.conf).toBe(0.97);
  });

  it('counts a label glued to its value, and a garbled number, at their own confidence', () => {
    expect(row('保护第三方合法权益0', 61, [['0', 99]]).conf).toBe(0.61);
    expect(row('行政许可', 95, [['1O', 55], ['0', 99]]).conf).toBe(0.55);
    expect(row('规章', 95, [['7Z4', 42]]).conf).toBe(0.42);
    // A word OCR read with bars inside it, its label garbled and its zeros read as 9s: the word's confidence stands.
    expect(row('晨了国家科室|0|0|9|0|9|', 40, [['9', 97]]).conf).toBe(0.4);
    expect(row('2023年度', 50, [['0', 99]]).conf).toBe(0.5);
  });
});
