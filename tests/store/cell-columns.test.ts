/**
 * Every part of a stated cell survives loading, on both backends: values with decimals,
 * blanks, odd raw text, each kind of provenance (HTML spans, PDF page and box, derived
 * text lines), OCR confidence, how it was read and why. Cells are written one array per
 * column (reports.ts insertCells), so a column mixed up with its neighbour, a lost null
 * or a rounded decimal would show here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { loadExtraction } from '../../src/store/reports.js';
import type { ExtractedCell, ExtractionOk } from '../../src/model/report.js';

const CELLS: ExtractedCell[] = [
  { key: 'active.regulations.made', value: 3, raw: '3', how: 'read',
    provenance: { table: 'A', htmlTable: 1, row: 2, col: 1, line: 40, start: 1200, end: 1211 } },
  { key: 'fees.amount', value: 1.25, raw: '1.25万元', unit: '万元', how: 'read',
    provenance: { table: 'C', page: 3, box: [0.125, 0.5, 0.25, 0.5125], textLine: 77 } },
  { key: 'applications.new_received.total', value: null, raw: '/', how: 'read',
    provenance: { table: 'B', line: 9, start: 0, end: 1 } },
  { key: 'applications.new_received.natural', value: 152790, raw: '+152790', how: 'inferred',
    why: 'one of two readings; the identities hold only with this one', confidence: 0.875,
    provenance: { table: 'B', page: 1, box: [0, 0, 1, 1], textLine: 0 } },
  { key: 'review.total', value: 0, raw: "0'\"\\,{}", how: 'read', provenance: { table: 'C', row: 0, col: 0 } },
  { key: 'litigation.total', value: null, raw: 'NULL', how: 'read', provenance: { table: 'C', row: 1, col: 0 } },
];

const extraction = (details: ExtractedCell[]): ExtractionOk => ({
  ok: true, template: '2021', year: 2022, organization: '某县人民政府', title: '某县人民政府2022年政府信息公开工作年度报告',
  text: '一、总体情况', cells: {}, details, warnings: [], otherAsOneRow: false,
} as unknown as ExtractionOk);

describe.each(BACKENDS)('every column of a cell loads on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  it('reads back each cell as it was stated', async () => {
    const doc = await saveDocument(store.db, { url: 'http://a.test/2022.html', httpStatus: 200, bytes: new TextEncoder().encode('x') });
    const { reportId } = await loadExtraction(store.db, { documentId: doc.id, bodyId: null, extraction: extraction(CELLS), extractorVersion: 't' });
    const rows = await store.db.selectFrom('report_cells').selectAll().where('report_id', '=', reportId).execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(rows).toHaveLength(CELLS.length);
    for (const c of CELLS) {
      const r = byKey.get(c.key)!;
      const p = c.provenance;
      expect({ value: r.value, raw: r.raw, unit: r.unit, how: r.how, why: r.why, table: r.table_id }).toEqual(
        { value: c.value, raw: c.raw, unit: c.unit ?? null, how: c.how, why: c.why ?? null, table: p.table });
      expect([r.html_table, r.row_index, r.col_index, r.line_index, r.span_start, r.span_end, r.page, r.text_line]).toEqual(
        [p.htmlTable, p.row, p.col, p.line, p.start, p.end, p.page, p.textLine].map((v) => v ?? null));
      expect(r.box).toEqual(p.box ?? null);
      if (c.confidence === undefined) expect(r.confidence).toBeNull();
      else expect(r.confidence).toBeCloseTo(c.confidence, 6);
    }
  });

  it('loads text a page cut mid-character (a lone surrogate) as U+FFFD, on both backends', async () => {
    const doc = await saveDocument(store.db, { url: 'http://a.test/cut.html', httpStatus: 200, bytes: new TextEncoder().encode('z') });
    const cut: ExtractedCell = { key: 'review.total', value: 7, raw: '7\ud835件', how: 'read', why: '读\udc00取', provenance: { table: 'C', row: 0, col: 0 } };
    // A title cut after the first half of 𠀀 (U+20000, CJK Extension B).
    const x = { ...extraction([cut]), title: '𠀀镇2022年报'.slice(0, 1) + '镇', organization: '𠀀镇人民政府' } as ExtractionOk;
    const { reportId } = await loadExtraction(store.db, { documentId: doc.id, bodyId: null, extraction: x, extractorVersion: 't' });
    const r = await store.db.selectFrom('report_cells').select(['value', 'raw', 'why']).where('report_id', '=', reportId).executeTakeFirstOrThrow();
    expect(r).toEqual({ value: 7, raw: '7\ufffd件', why: '读\ufffd取' });
    const report = await store.db.selectFrom('reports').select(['title', 'organization']).where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(report).toEqual({ title: '\ufffd镇', organization: '𠀀镇人民政府' });
  });

  it('loads a report that states no cell', async () => {
    const doc = await saveDocument(store.db, { url: 'http://a.test/empty.html', httpStatus: 200, bytes: new TextEncoder().encode('y') });
    const { reportId, created } = await loadExtraction(store.db, { documentId: doc.id, bodyId: null, extraction: extraction([]), extractorVersion: 't' });
    expect(created).toBe(true);
    const n = await store.db.selectFrom('report_cells').select((eb) => eb.fn.countAll<number>().as('n')).where('report_id', '=', reportId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});
