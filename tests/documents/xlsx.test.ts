/**
 * Statistical tables attached as a workbook (`统计表.xlsx`): generated reports' tables in the
 * template's grid pasted into one sheet as a clerk does — rowspans and colspans as merged
 * ranges, headings as rows of one cell, tables one under another with or without an empty row
 * between them, plain or closed by Word's empty column — with blank cells (three in seven).
 * Read as the grid each table draws (xlsx.ts), every cell as printed. Tables pasted with no
 * empty row between them first read 40–70 values wrong per report: each row took the widest
 * table's empty columns for cells of its own, and the aligner dropped a leading blank instead.
 * Legacy .xls is saved as XLSX by LibreOffice Calc first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { htmlToXlsx, soffice } from '../../fixtures/documents/render.js';
import { documentFormat, readDocument } from '../../src/extract/documents/index.js';
import { shownNumber } from '../../src/extract/documents/number-format.js';
import { extract } from '../../src/extract/index.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

const withBlanks = (seed: number) => {
  const rep = generateReport(seed);
  let k = 0;
  return { rep, cells: Object.fromEntries(Object.entries(rep.cells).map(([key, v]) => [key, (k++ * 13 + seed * 5) % 7 < 3 ? null : v])) };
};

describe('workbooks (.xlsx)', () => {
  const cases = [1, 2, 5, 8].flatMap((seed) => [0, 1].flatMap((gap) => [false, true].map((padded) => ({ seed, gap, padded }))));
  it.each(cases)('seed $seed, $gap empty row(s) between tables, padded $padded: every cell, year and template from the sheet', async ({ seed, gap, padded }) => {
    const { rep, cells } = withBlanks(seed);
    const html = renderReport({ ...rep, cells }, 'html-grid');
    const bytes = await htmlToXlsx(padded ? html.replace(/<\/tr>/gi, '<td>&nbsp;</td></tr>') : html, { gap });
    expect(documentFormat(bytes, {})).toBe('xlsx');
    const r = await extract({ fileName: 'attachment.xlsx', bytes });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.details.filter((d) => d.value !== cells[d.key]).map((d) => `${d.key}=${d.value} (printed ${cells[d.key]})`)).toEqual([]);
    expect(r.cells).toEqual(cells);
    expect({ year: r.year, template: r.template }).toEqual({ year: rep.year, template: rep.template });
  });

  it.each([1, 5])('seed %i: what the workbook hides is not read — a hidden helper column, hidden rows, a hidden sheet before it', async (seed) => {
    const { rep, cells } = withBlanks(seed);
    const decoy = withBlanks(seed + 100);
    const html = renderReport({ ...rep, cells }, 'html-grid');
    const bytes = await htmlToXlsx(html, { gap: 1, hidden: { column: 3, rowEvery: 4, decoy: renderReport({ ...decoy.rep, cells: decoy.cells }, 'html-grid') } });
    const r = await extract({ fileName: 'attachment.xlsx', bytes });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.details.filter((d) => d.value !== cells[d.key]).map((d) => `${d.key}=${d.value} (printed ${cells[d.key]})`)).toEqual([]);
    expect(r.cells).toEqual(cells);
    expect(r.warnings).toContain('attachment.xlsx: sheet 模板 is hidden: not read');
  });

  it('shows a merged cell whose first column is hidden in what is left of it', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('表');
    sheet.getCell(1, 1).value = '信息内容';
    sheet.mergeCells(1, 1, 1, 2);
    sheet.getCell(1, 3).value = '本年制发件数';
    sheet.getCell(2, 1).value = 99;
    sheet.getCell(2, 2).value = '规章';
    sheet.getCell(2, 3).value = 4;
    sheet.getColumn(1).hidden = true;
    const r = await readDocument(new Uint8Array(await book.xlsx.writeBuffer() as ArrayBuffer), { fileName: 'a.xlsx' });
    expect(r.ok && r.text).toBe('| 信息内容 | 本年制发件数 |\n| 规章 | 4 |');
  });

  it('reads numbers as the sheet shows them: in their format\'s decimals, a zero whose format hides it as a blank', async () => {
    for (const seed of [1, 4]) {
      const rep = generateReport(seed);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await htmlToXlsx(renderReport(rep, 'html-grid'))).buffer as ArrayBuffer);
      let zeros = 0, k = 0;
      book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => {
        if (typeof cell.value !== 'number') return;
        const v = cell.value;
        // Every other zero in a format that shows zeros as nothing; the rest a sum's noise under a format of the value's decimals.
        if (v === 0 && k++ % 2 === 0) { cell.numFmt = '0;-0;;@'; zeros++; return; }
        const d = (String(v).split('.')[1] ?? '').length;
        cell.value = { formula: 'SUM(1)', result: v + 0.0004 + 1e-12 };
        cell.numFmt = d ? `#,##0.${'0'.repeat(d)}` : '0';
      }));
      expect(zeros).toBeGreaterThan(5);
      const r = await extract({ fileName: '统计表.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer() as ArrayBuffer) });
      if (!r.ok) throw new Error(r.error);
      const blanked = Object.keys(rep.cells).filter((key) => rep.cells[key] === 0 && r.cells[key] === null);
      expect(blanked.length).toBe(zeros);
      for (const [key, v] of Object.entries(rep.cells)) expect(r.cells[key], key).toBe(blanked.includes(key) ? null : v);
    }
  });

  it('formats a number as Excel shows it', () => {
    const cases: [number, string | undefined, string][] = [
      [5949.0886666, '0.00', '5949.09'], [12.6, '#,##0', '13'], [0.1 + 0.2, 'General', '0.3'], [0.1 + 0.2, undefined, '0.3'],
      [0, '0;-0;;@', ''], [0, '#,##0;-#,##0;', ''], [0, '0.00;-0.00;"-"', '-'], [3, '0;-0;;@', '3'], [-2.5, '0.0', '-2.5'],
      [-2, '0;(0)', '-2'], [7, '"共"0"件"', '7'], [0.25, '0%', '0.25'], [45000, 'yyyy-mm-dd', '45000'], [3.14159, '[Red]0.00', '3.14'],
    ];
    for (const [v, fmt, shown] of cases) expect(shownNumber(v, fmt), `${v} in ${fmt}`).toBe(shown);
  });

  it('refuses a file that is no workbook, naming it', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('a').getCell(1, 1).value = 'x';
    const good = new Uint8Array(await book.xlsx.writeBuffer() as ArrayBuffer);
    const broken = good.slice(0, Math.floor(good.length / 2));
    const r = await readDocument(broken, { fileName: '统计表.xlsx' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^统计表\.xlsx: XLSX is corrupt or not a workbook/);
  });
});

describe('legacy workbooks (.xls)', () => {
  it.each([2, 5])('seed %i saved as Excel 97 by LibreOffice: every cell', async (seed) => {
    const { rep, cells } = withBlanks(seed);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-xls-'));
    try {
      fs.writeFileSync(path.join(dir, 'r.xlsx'), await htmlToXlsx(renderReport({ ...rep, cells }, 'html-grid'), { gap: 0 }));
      await soffice(dir, ['--convert-to', 'xls:MS Excel 97', '--outdir', dir, path.join(dir, 'r.xlsx')], 120_000);
      const bytes = new Uint8Array(fs.readFileSync(path.join(dir, 'r.xls')));
      expect(documentFormat(bytes, {})).toBe('xls');
      const r = await extract({ fileName: 'attachment.xls', bytes });
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.cells).toEqual(cells);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  }, 120_000);
});
