import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS } from '../helpers/stores.js';
import { extraction } from '../helpers/extraction.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { loadExtraction } from '../../src/store/reports.js';
import { upsertBody } from '../../src/store/bodies.js';
import type { TemplateId } from '../../src/model/report.js';

const enc = (s: string) => new TextEncoder().encode(s);
const B = (row: string) => `applications.${row}.total`;

/** Table B (total column) and table C of a report whose rates are worked out by hand below. */
const WORKED: Record<string, number | null> = {
  [B('new_received')]: 50, [B('carried_over')]: 2, [B('total')]: 48,
  [B('granted')]: 20, [B('partially_granted')]: 4,
  [B('denied_state_secret')]: 1, [B('denied_prohibited_by_law')]: 0, [B('denied_three_safety_one_stability')]: 0,
  [B('denied_third_party_rights')]: 2, [B('denied_internal_affairs')]: 0, [B('denied_process_information')]: 3,
  [B('denied_enforcement_files')]: 0, [B('denied_query_matters')]: 0,
  'review.upheld': 2, 'review.corrected': 1, 'review.other': 1, 'review.pending': 3,
  'litigation_direct.upheld': 3, 'litigation_direct.corrected': 1, 'litigation_direct.other': 0,
  'litigation_after_review.upheld': 0, 'litigation_after_review.corrected': 1, 'litigation_after_review.other': 0,
};

describe.each(BACKENDS)('metric views on $name', (backend) => {
  let store: Store;
  let n = 0;
  // One store per backend: every test writes its own bodies and reads back by id.
  beforeAll(async () => { store = await backend.open(); });
  afterAll(async () => { await store.close(); });

  async function body(name: string): Promise<number> {
    return upsertBody(store.db, { name, regionCode: '330106', regionName: '西湖区', level: '县', kind: 'government' });
  }

  async function report(bodyId: number | null, year: number, cells: Record<string, number | null>,
    opts: { template?: TemplateId | null; otherAsOneRow?: boolean; url?: string } = {}): Promise<number> {
    const url = opts.url ?? `http://m.test/${++n}.html`;
    const doc = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc(`${url} ${JSON.stringify(cells)}`) });
    const x = extraction(cells, { year, template: opts.template === undefined ? '2021' : opts.template, otherAsOneRow: opts.otherAsOneRow ?? false });
    return (await loadExtraction(store.db, { documentId: doc.id, bodyId, extraction: x, extractorVersion: 't' })).reportId;
  }

  const metrics = async (reportId: number) =>
    (await sql<any>`select * from report_metrics where report_id = ${reportId}`.execute(store.db)).rows[0];

  it('computes counts and rates of a worked example', async () => {
    const id = await report(await body('甲区人民政府'), 2023, {
      ...WORKED,
      'active.procurement.items': 5, // a 2019 key: not a cell of this report's template
      [B('other_other')]: null,
    });
    const m = await metrics(id);
    expect(m).toMatchObject({
      applications: 50, carried_over: 2, handled: 48, granted: 20, partially_granted: 4, denied: 6,
      review_corrected: 1, review_concluded: 4, litigation_corrected: 2, litigation_concluded: 5,
      layout: '2021', cells_expected: 200, cells_filled: 23, cells_blank: 1, cells_missing: 176,
    });
    expect(m.grant_rate).toBeCloseTo(24 / 48, 12); // 0.5
    expect(m.denial_rate).toBeCloseTo(6 / 48, 12); // 0.125
    expect(m.review_correction_rate).toBeCloseTo(1 / 4, 12);
    expect(m.litigation_loss_rate).toBeCloseTo(2 / 5, 12); // (1 + 1) / (3 + 1 + 0 + 0 + 1 + 0)
    expect(m.completeness).toBeCloseTo(23 / 200, 12);
  });

  it('never reads a blank as 0: a rate with a blank input is null', async () => {
    const id = await report(await body('乙区人民政府'), 2023, {
      ...WORKED,
      [B('partially_granted')]: null, // grant rate needs it
      [B('denied_query_matters')]: null, // one of the eight denied rows
      'review.other': null, // the review denominator
      'litigation_after_review.corrected': null,
    });
    const m = await metrics(id);
    expect(m).toMatchObject({
      applications: 50, handled: 48, granted: 20, partially_granted: null, denied: null,
      grant_rate: null, denial_rate: null, review_concluded: null, review_correction_rate: null,
      litigation_corrected: null, litigation_loss_rate: null, cells_filled: 19, cells_blank: 4,
    });
    // The same report with the blanks read as 0 would have had a grant rate of 20/48: it must not.
    expect(m.grant_rate).not.toBe(20 / 48);
  });

  it('gives null, not an error, for a zero denominator', async () => {
    const id = await report(await body('丙县人民政府'), 2023, {
      [B('new_received')]: 0, [B('total')]: 0, [B('granted')]: 6, [B('partially_granted')]: 0,
      'review.upheld': 0, 'review.corrected': 0, 'review.other': 0,
    });
    const m = await metrics(id);
    expect(m).toMatchObject({ applications: 0, handled: 0, granted: 6, grant_rate: null, review_concluded: 0, review_correction_rate: null });
  });

  it('treats cells the page does not print at all like blanks', async () => {
    const id = await report(await body('丁县人民政府'), 2023, { [B('new_received')]: 7 });
    const m = await metrics(id);
    expect(m).toMatchObject({
      applications: 7, handled: null, grant_rate: null, denial_rate: null, review_correction_rate: null,
      litigation_loss_rate: null, cells_filled: 1, cells_blank: 0, cells_missing: 199,
    });
    expect(m.completeness).toBeCloseTo(1 / 200, 12);
  });

  it('measures completeness against the report\'s own layout', async () => {
    // 2019: 22 table A + 23×7 table B + 15 table C = 198 cells; 2021 one-row: 10 + 23×7 + 15 = 186.
    const b = await body('戊县人民政府');
    const y2019 = await report(b, 2020, { 'active.procurement.items': 3, 'active.licensing.change': -2, [B('other')]: 1, [B('other_other')]: 4 }, { template: '2019' });
    const oneRow = await report(b, 2021, { [B('other')]: 1, [B('other_other')]: 4, 'active.fees.amount': 12.5 }, { otherAsOneRow: true });
    const split = await report(b, 2022, { [B('other')]: 1, [B('other_other')]: 4, 'active.fees.amount': 12.5 });
    const unknown = await report(null, 2023, { [B('new_received')]: 3 }, { template: null });
    const rows = (await sql<any>`select report_id, layout, cells_expected, cells_filled, completeness
      from report_completeness where report_id in (${y2019}, ${oneRow}, ${split}, ${unknown}) order by report_id`.execute(store.db)).rows;
    expect(rows.map((r) => [r.layout, r.cells_expected, r.cells_filled])).toEqual([
      ['2019', 198, 3], // procurement.items, licensing.change, other (other_other is not a 2019 cell)
      ['2021-one-row', 186, 2], // other, fees.amount
      ['2021', 200, 2], // other_other, fees.amount
      [null, null, null],
    ]);
    expect(rows[0].completeness).toBeCloseTo(3 / 198, 12);
    expect(rows[1].completeness).toBeCloseTo(2 / 186, 12);
    expect(rows[3].completeness).toBeNull();
  });

  it('compares a body with its own previous year only', async () => {
    const a = await body('己区人民政府');
    const other = await body('庚区人民政府');
    await report(a, 2021, { [B('new_received')]: 10, [B('total')]: 10, [B('granted')]: 5, [B('partially_granted')]: 0 });
    const a22 = await report(a, 2022, { [B('new_received')]: 40, [B('total')]: 40, [B('granted')]: 20, [B('partially_granted')]: 4 });
    const a23 = await report(a, 2023, { [B('new_received')]: 50, [B('total')]: 50, [B('granted')]: 40, [B('partially_granted')]: 5 });
    await report(other, 2024, { [B('new_received')]: 0 });
    const o25 = await report(other, 2025, { [B('new_received')]: 9 });
    const gap = await report(other, 2027, { [B('new_received')]: 9 });
    const yoy = async (id: number) => (await sql<any>`select * from report_metrics_yoy where report_id = ${id}`.execute(store.db)).rows[0];
    const y23 = await yoy(a23);
    expect(y23).toMatchObject({ prev_year: 2022, applications_prev: 40, applications_change: 10 });
    expect(y23.applications_change_rate).toBeCloseTo(10 / 40, 12);
    expect(y23.grant_rate_prev).toBeCloseTo(24 / 40, 12);
    expect(y23.grant_rate_change).toBeCloseTo(45 / 50 - 24 / 40, 12); // +30 percentage points
    expect((await yoy(a22)).grant_rate_change).toBeCloseTo(24 / 40 - 5 / 10, 12);
    // Last year 0 applications: the change is +9, its rate undefined.
    expect(await yoy(o25)).toMatchObject({ applications_prev: 0, applications_change: 9, applications_change_rate: null, grant_rate_change: null });
    // 2026 is missing: 2027 is not compared with 2025.
    expect(await yoy(gap)).toMatchObject({ prev_report_id: null, applications_change: null });
  });

  it('reads the newest extraction only, one row per body and year', async () => {
    const a = await body('辛县人民政府');
    const url = 'http://m.test/xin-2023.html';
    await report(a, 2023, { [B('new_received')]: 100, [B('total')]: 100, [B('granted')]: 10, [B('partially_granted')]: 0 }, { url });
    const newer = await report(a, 2023, { [B('new_received')]: 100, [B('total')]: 100, [B('granted')]: 90, [B('partially_granted')]: 0 }, { url });
    const rows = (await sql<any>`select report_id, grant_rate from report_metrics where body_id = ${a}`.execute(store.db)).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].report_id).toBe(newer);
    expect(rows[0].grant_rate).toBeCloseTo(0.9, 12);
  });

  it('lists the template cells of each layout in print order', async () => {
    const rows = (await sql<any>`select layout, count(*)::int as n, min(key) filter (where position = 1) as first
      from template_keys group by layout order by layout`.execute(store.db)).rows;
    expect(rows).toEqual([
      { layout: '2019', n: 198, first: 'active.regulations.new_made' },
      { layout: '2021', n: 200, first: 'active.regulations.issued' },
      { layout: '2021-one-row', n: 186, first: 'active.regulations.issued' },
    ]);
  });
});
