/**
 * How each cell was read travels with it: stored in report_cells (read or
 * inferred, and why), the aligner's account stored with the report, loaded back
 * by the check stage (which raises extraction.inferred) and exported.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { loadExtraction } from '../../src/store/reports.js';
import { upsertBody } from '../../src/store/bodies.js';
import { extractText } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { runCheckStage } from '../../src/pipeline/check-stage.js';
import { exportRows } from '../../src/research/export-query.js';

// Table B's first row prints one value too many: only dropping the 7 makes it add up.
const PAGE = ['某县人民政府2022年政府信息公开工作年度报告', '三、收到和处理政府信息公开申请情况', '本年制发件数',
  '一、本年新收政府信息公开申请数量', '5', '0', '7', '0', '0', '0', '0', '5',
  '二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0', '五、存在的主要问题及改进情况', ''].join('\n');

describe.each(BACKENDS)('cells read or inferred on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  it('stores how each cell was read and the account, flags and exports the inferred ones', async () => {
    const x = extractText(PAGE, { fileName: 'page.txt' });
    if (!x.ok) throw new Error(x.error);
    const bodyId = await upsertBody(store.db, { name: '某县人民政府', regionCode: '330100', regionName: '某县', level: '县', kind: 'government' });
    const doc = await saveDocument(store.db, { url: 'http://a.test/2022.html', httpStatus: 200, bytes: new TextEncoder().encode(PAGE) });
    const { reportId } = await loadExtraction(store.db, { documentId: doc.id, bodyId, extraction: x, extractorVersion: 't' });

    const cells = await store.db.selectFrom('report_cells').select(['key', 'how', 'why']).where('report_id', '=', reportId).orderBy('key').execute();
    const inferred = cells.filter((c) => c.how === 'inferred');
    expect(inferred.map((c) => c.key)).toEqual(cells.filter((c) => c.key.startsWith('applications.new_received.')).map((c) => c.key));
    expect(inferred.every((c) => /identities hold/.test(c.why ?? ''))).toBe(true);
    expect(cells.filter((c) => c.how === 'read').map((c) => c.key)).toContain('applications.carried_over.total');

    const report = await store.db.selectFrom('reports').select('alignment').where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(report.alignment.find((a) => a.table === 'B')?.dropped).toEqual([{ text: '7', line: 6, why: 'dropped by the identities' }]);

    const summary = await runCheckStage(store.db, checkReports);
    expect(summary.flagsByRule['extraction.inferred']).toBe(1);
    const flag = await store.db.selectFrom('flags').select(['severity', 'cells']).where('rule', '=', 'extraction.inferred').executeTakeFirstOrThrow();
    expect(flag.severity).toBe('info');
    expect(Object.keys(flag.cells)).toHaveLength(7);

    const rows = await exportRows(store.db, { year: 2022 });
    expect(rows.map((r) => r.inferred_cells)).toEqual([inferred.map((c) => c.key).join(';')]);
  });
});
