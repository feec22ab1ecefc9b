/**
 * The check stage reads reviewed cells as one JSON object a report (store/corrections.ts
 * `reviewedCells`) rather than through the `report_cells_reviewed` view a row a cell: the
 * two must say the same — a correction of a stated cell, of a cell the extraction missed,
 * a withdrawn correction (no longer applied), and reports with none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import { addSites, publish, runNoCrawl, SITES, synthFor } from '../helpers/review-fixture.js';
import type { Store } from '../../src/store/open-store.js';
import { checkReports } from '../../src/check/index.js';
import { correctCell, withdrawCorrection, type ReviewContext } from '../../src/review/actions.js';
import { reviewedCells } from '../../src/store/corrections.js';

const NEW = 'applications.new_received.total';
const GRANTED = 'applications.granted.natural_person';
const MISSED = 'applications.granted.total';

describe.each(BACKENDS)('reviewed cells on $name', (backend) => {
  let store: Store;
  const ctx = (): ReviewContext => ({ db: store.db, actor: { id: 1, name: 'ann', role: 'reviewer', regions: null }, origin: 'test', check: checkReports });

  beforeAll(async () => {
    store = await backend.open();
    await addSites(store.db);
    await publish(store.db, SITES.lintan, 'http://lintan.example.test/xxgk/2023.html', synthFor(SITES.lintan, 2023, 7));
    await publish(store.db, SITES.chunan, 'http://chunan.example.test/xxgk/2023.html', synthFor(SITES.chunan, 2023, 11));
    await runNoCrawl(store);
  }, 120_000);
  afterAll(() => store?.close());

  it('equal the view\'s reading, corrections laid over the extracted cells', async () => {
    const [a, b] = await store.db.selectFrom('reports').select('id').orderBy('id').execute();
    // A cell the extraction missed: its row gone from report_cells, then corrected.
    await store.db.deleteFrom('report_cells').where('report_id', '=', a!.id).where('key', '=', MISSED).execute();
    await correctCell(ctx(), { reportId: a!.id, key: MISSED, value: '17', reason: 'missed', source: 'table 三' });
    await correctCell(ctx(), { reportId: a!.id, key: GRANTED, value: '9123', reason: 'misread', source: 'table 三' });
    const gone = await correctCell(ctx(), { reportId: b!.id, key: NEW, value: '1', reason: 'misread', source: 'table 三' });
    await withdrawCorrection(ctx(), gone.correction.id, 'entered by mistake');

    const view = await store.db.selectFrom('report_cells_reviewed').select(['report_id', 'key', 'value', 'value_source']).execute();
    const expected = new Map<number, { cells: Record<string, number | null>; reviewed: Set<string> }>();
    for (const r of view) {
      const m = expected.get(r.report_id) ?? expected.set(r.report_id, { cells: {}, reviewed: new Set() }).get(r.report_id)!;
      m.cells[r.key] = r.value;
      if (r.value_source === 'reviewed') m.reviewed.add(r.key);
    }
    const got = await reviewedCells(store.db, [a!.id, b!.id]);
    expect(got.get(a!.id)!.cells[MISSED]).toBe(17);
    expect(got.get(a!.id)!.cells[GRANTED]).toBe(9123);
    expect([...got.get(a!.id)!.reviewed].sort()).toEqual([GRANTED, MISSED].sort());
    expect(got.get(b!.id)!.reviewed.size).toBe(0);
    for (const id of [a!.id, b!.id]) {
      expect(got.get(id)!.cells).toEqual(expected.get(id)!.cells);
      expect([...got.get(id)!.reviewed].sort()).toEqual([...expected.get(id)!.reviewed].sort());
      expect(Object.keys(got.get(id)!.cells).length).toBeGreaterThan(100);
    }
  }, 60_000);
});
