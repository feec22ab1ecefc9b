/**
 * How a row is read (issue 11): as printed when the layout allows one reading;
 * inferred — and named in a warning, and flagged for a reviewer — when an
 * identity chose among readings; left out when nothing settles it; nothing from
 * a copy that lost its repeats.
 */
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/index.js';
import { reportOfExtraction } from '../../src/cli/commands/check.js';
import { extractText } from '../../src/extract/index.js';
import { combinations } from '../../src/extract/row-reading.js';
import type { ExtractionOk } from '../../src/model/report.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

const ok = (r: ReturnType<typeof extractText>): ExtractionOk => { if (!r.ok) throw new Error(r.error); return r; };
const HEAD = ['某县人民政府2022年政府信息公开工作年度报告', '三、收到和处理政府信息公开申请情况', '本年制发件数'];
/** A page printing table B rows one cell per line: `[label, ...cells]` each. */
const page = (...rows: string[][]): string => [...HEAD, ...rows.flat(), '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', ''].join('\n');
const row = (key: string, r: ExtractionOk) => Object.fromEntries(Object.entries(r.cells).filter(([k]) => k.startsWith(`applications.${key}.`)));
const flagsOf = (r: ExtractionOk) => checkReport(reportOfExtraction('page.txt', r));

describe('a row with one value too many', () => {
  const r = ok(extractText(page(
    ['一、本年新收政府信息公开申请数量', '5', '0', '7', '0', '0', '0', '0', '5'],
    ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0'],
  ), { fileName: 'page.txt' }));

  it('reads the row the identity picks out, every cell marked inferred', () => {
    expect(row('new_received', r)).toEqual({
      'applications.new_received.natural_person': 5, 'applications.new_received.commercial_enterprise': 0,
      'applications.new_received.research_institution': 0, 'applications.new_received.social_welfare_org': 0,
      'applications.new_received.legal_service_org': 0, 'applications.new_received.other_org': 0, 'applications.new_received.total': 5,
    });
    const how = r.details.filter((d) => d.key.startsWith('applications.new_received.')).map((d) => d.how);
    expect(new Set(how)).toEqual(new Set(['inferred']));
    expect(r.details.find((d) => d.key === 'applications.carried_over.total')?.how).toBe('read');
  });

  it('names the dropped token in a warning and in the table account', () => {
    expect(r.warnings.some((w) => w.includes('一、本年新收') && w.includes("dropped '7' (line 7)"))).toBe(true);
    const b = r.accounts?.find((a) => a.table === 'B');
    expect(b?.dropped).toEqual([{ text: '7', line: 6, why: 'dropped by the identities' }]);
    expect(b?.readingsWeighed).toBeGreaterThan(1);
  });

  it('raises extraction.inferred for a reviewer', () => {
    const f = flagsOf(r).find((x) => x.rule === 'extraction.inferred');
    expect(f?.severity).toBe('info');
    expect(Object.keys(f?.cells ?? {})).toHaveLength(7);
  });
});

describe('a row whose printed numbers break an identity', () => {
  // One reading only (the trailing blank is padding): the numbers are read as printed.
  const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '5', '1', '0', '0', '0', '0', '5', ' ']), { fileName: 'page.txt' }));

  it('is read as printed, not bent to make the identity hold', () => {
    expect(r.cells['applications.new_received.commercial_enterprise']).toBe(1);
    expect(r.cells['applications.new_received.total']).toBe(5);
    expect(r.details.every((d) => d.how === 'read')).toBe(true);
  });

  it('raises the identity flag, and no extraction.inferred', () => {
    const rules = flagsOf(r).map((f) => f.rule);
    expect(rules).toContain('identity.b.row_total');
    expect(rules).not.toContain('extraction.inferred');
  });
});

describe('rows nothing settles', () => {
  it('leaves out a row with a value too many that no identity tells apart', () => {
    const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '5', '0', '7', '0', '0', '0', '0', '12'],
      ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0']), { fileName: 'page.txt' }));
    // Dropping the 5 or the 7 both make the row add up: two readings, no values.
    expect(row('new_received', r)).toEqual({});
    expect(r.warnings.some((w) => w.includes('一、本年新收') && w.includes('left out'))).toBe(true);
    expect(r.cells['applications.carried_over.total']).toBe(0);
  });

  it('leaves out a short row in mid-page: which cells are blank is unknown', () => {
    const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '103', '3', '1', '107'],
      ['二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0']), { fileName: 'page.txt' }));
    expect(row('new_received', r)).toEqual({});
    expect(r.warnings.some((w) => w.includes("'103'") && w.includes('left out'))).toBe(true);
  });

  it('does not read the last token of a cut copy: it may be part of a longer number', () => {
    const r = ok(extractText(page(['一、本年新收政府信息公开申请数量', '103', '3', '0', '0', '1', '0', '107']).replace(/107[\s\S]*$/, '10'), { fileName: 'page.txt' }));
    expect(row('new_received', r)).toEqual({
      'applications.new_received.natural_person': 103, 'applications.new_received.commercial_enterprise': 3,
      'applications.new_received.research_institution': 0, 'applications.new_received.social_welfare_org': 0,
      'applications.new_received.legal_service_org': 1, 'applications.new_received.other_org': 0,
    });
  });
});

describe('a copy that lost its repeats', () => {
  it('gives no values, and says why', () => {
    for (const seed of [3, 4, 5]) {
      const text = renderReport(generateReport(seed), 'text-lines');
      const seen = new Set<string>();
      const dedup = text.split('\n').filter((l) => { const k = l.trim(); if (seen.has(k)) return false; seen.add(k); return true; }).join('\n');
      const r = ok(extractText(dedup, { fileName: 'page.txt' }));
      expect(r.cells).toEqual({});
      expect(r.warnings.some((w) => /repeats removed/.test(w))).toBe(true);
      // The same report, not de-duplicated, reads in full.
      expect(Object.keys(ok(extractText(text, { fileName: 'page.txt' })).cells).length).toBeGreaterThan(100);
    }
  });
});

describe('a row printed on one line with a cell missing', () => {
  // A reader's pipe row (one table row per line) that lost a cell — OCR missed it, or a label
  // spilled into its place: the blank that spans the line break must not stand in for it.
  const cases = [3, 8, 21, 34, 55].flatMap((seed) => (['text-pipes', 'markdown'] as const).map((style) => ({ seed, style })));
  it.each(cases)('seed $seed, $style: the row is left out with a warning, no value moved a column', ({ seed, style }) => {
    const rep = generateReport(seed, { template: '2021', otherAsOneRow: false });
    const lines = renderReport(rep, style).split('\n');
    // A table B row with a value row of 7 numbers: take out one cell, chosen by the seed.
    const rows = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\| \d?\.?\S*(申请|信息|事项|案卷|秘密|公开|处理|总计)/.test(l) && (l.match(/\| \d+ /g) ?? []).length === 7);
    const { l, i } = rows[seed % rows.length]!;
    const cells = l.split('|').slice(1, -1);
    const drop = 2 + (seed % 6);
    lines[i] = `|${cells.filter((_, k) => k !== drop).join('|')}|`;
    const x = ok(extractText(lines.join('\n'), {}, {}, [], 'reader'));
    const label = cells[0]!.trim();
    expect(x.warnings.join('\n')).toMatch(/6 cells for 7 columns, and nothing shows which columns are blank/);
    const wrong = Object.entries(x.cells).filter(([k, v]) => rep.cells[k] !== undefined && v !== rep.cells[k]);
    expect(wrong, label).toEqual([]);
  });
});

describe('the readings of a row', () => {
  it('are listed later positions first, and refused past the limit without recursing through a hostile row', () => {
    expect(combinations(4, 2)).toEqual([[3, 2], [3, 1], [3, 0], [2, 1], [2, 0], [1, 0]]);
    expect(combinations(3, 0)).toEqual([[]]);
    expect(combinations(2, 3)).toEqual([]);
    // A row of sixteen thousand tokens for one cell: 16,000 readings, over the limit — and no
    // recursion sixteen thousand deep (in a worker thread that took the whole process down).
    expect(combinations(16_000, 15_999)).toBeNull();
    expect(combinations(64, 32, 4096)).toBeNull();
  });
});
